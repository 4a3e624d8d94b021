"""The seed's four project performance-target tables (section 七), rendered by seedpdf and its
variants (tests/pdfgen.py), read back into Projects and Indicators.

Expected values are read off the seed's text (../shared/seed/000_0d11237ca329338a.txt, section 七),
never copied from the parser's output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.reading import read_projects

SEED_PROJECTS = [
    {
        "code": "13070025P00166310002K",
        "name": "冀财行【2024】97号—提前下达2025年省级困难职工及劳模帮扶救助专项资金",
        "page": 23,
        "budget": Decimal("20.30"),
        "fiscal_funds": Decimal("20.30"),
        "other_funds": None,
        "unit": "万元",
        "purpose": "对本级在档管理的26户全国级困难职工全覆盖进行生活救助，在档管理的5户患病职工进行救助，"
        "特殊职工群体400人送温暖和帮扶服务。",
        "spending_plan": {"3月底": "25%", "6月底": "50%", "10月底": "75%"},
        "goals": [
            "1.通过对本级在档管理的26户全国级困难职工全覆盖进行生活救助，保障基本生活标准。",
            "2.通过对本级在档管理的5户患病职工进行救助，缓解生活困难。",
            "3.通过对特殊职工群体400人送温暖和帮扶服务，实现工会对特殊职工群体关心关爱。",
        ],
    },
    {
        "code": "13070025P001663100037",
        "name": "困难职工及劳模帮扶救助资金",
        "page": 25,
        "budget": Decimal("55.00"),
        "fiscal_funds": Decimal("55.00"),
        "other_funds": None,
        "unit": "万元",
        "purpose": "主要用于省部级以上劳动模范及全国劳动模范体检，落实市属破产改制企业中省部级劳动模范落实"
        "荣誉津贴，对市级劳模开展节日走访慰问和困难救助工作。",
        "spending_plan": {"3月底": "", "6月底": "", "10月底": "60%", "12月底": "100%"},
        "goals": [
            "1.落实市属破产改制企业中省部级劳动模范落实荣誉津贴，对市级劳模开展节日走访慰问和困难救助工作，"
            "关怀人数约80人。",
            "2.组织约150名省部级劳模进行体检，力争省部级劳模体检实现全覆盖。",
        ],
    },
    {
        "code": "13070025P00174510001L",
        "name": "市级劳模疗休养资金",
        "page": 28,
        "budget": Decimal("56.00"),
        "fiscal_funds": Decimal("56.00"),
        "other_funds": None,
        "unit": "万元",
        "purpose": "依据《张家口市劳动模范评选和服务管理办法（试行）》（张办文[2022]7号），每年组织约200名"
        "市级劳动模范参加不超过7天的疗休养。所需经费由市财政局、市总工会按照7:3的比例统筹安排。",
        "spending_plan": {"3月底": "", "6月底": "30%", "10月底": "100%", "12月底": ""},
        "goals": ["1.组织200名市级劳动模范参加不超过7天的疗休养。"],
    },
    {
        "code": "13070025P00174410001Y",
        "name": "市劳模表彰奖励资金",
        "page": 30,
        "budget": Decimal("45.00"),
        "fiscal_funds": Decimal("45.00"),
        "other_funds": None,
        "unit": "万元",
        "purpose": "项目预算总额45万元，其中财政资金45万元。依据《张家口市劳动模范评选和服务管理办法（试行）"
        "》，为表彰的150名市级劳模（先进工作者），每人补发3000元奖励资金。",
        "spending_plan": {"3月底": "", "6月底": "100%", "10月底": "", "12月底": ""},
        "goals": ["1.共表彰劳动模范150人，每人奖金3000元。"],
    },
]

# The seed's indicator rows, read off its text: each row is two lines, "page 一级 | 二级 | 三级 | 描述"
# then "指标值 | 依据 | comparator number unit" ("-" for no comparator, a lone "-" for no number).
SEED_INDICATOR_TEXT = """
23 产出指标 | 数量指标 | 在档全国级困难职工户数 | 在档全国级困难职工户数
   ≥26户 | 2024年困难职工在档户数 | ≥ 26 户
23 产出指标 | 数量指标 | 在档患病职工户数 | 在档患病职工户数
   ≥5户 | 2024年困难职工在档户数 | ≥ 5 户
23 产出指标 | 数量指标 | 特殊职工群体送温暖和帮扶人数 | 特殊职工群体送温暖和帮扶服务
   ≥400人 | 市总工会2025年工作计划 | ≥ 400 人
24 产出指标 | 质量指标 | 救助覆盖率 | 救助在档全国级困难职工和救助在档患病职工覆盖率
   ≥95% | 市总工会2025年工作计划 | ≥ 95 %
24 产出指标 | 时效指标 | 救助期限 | 救助在档全国级困难职工和救助在档患病职工落实时间
   全年 | 市总工会2025年工作计划 | -
24 产出指标 | 成本指标 | 资金支出控制数 | 年度资金支出控制数
   ≤20.3万元 | 市总工会2025年预算测算 | ≤ 20.3 万元
24 效益指标 | 社会效益指标 | 保障基本生活标准 | 实现困难职工生活救助全覆盖，患病职工救助全覆盖
   较上一年度保障 | 市总工会上一年工作经验 | -
24 满意度指标 | 服务对象满意度指标 | 救助职工满意度 | 困难职工、患病职工满意度满意度
   ≥95% | 市总工会满意度调查 | ≥ 95 %
==
25 产出指标 | 数量指标 | 体检人数 | 省部级劳模体检人数
   ≥150人 | 省劳模实际体检人数 | ≥ 150 人
25 产出指标 | 数量指标 | 慰问救助人数 | 慰问和救助市劳模人数
   ≥80人 | 根据2025年劳模摸底结果。 | ≥ 80 人
25 产出指标 | 质量指标 | 体检达标率 | 省部级劳模体检比率
   ≥90% | 计划参加体检人数。 | ≥ 90 %
25 产出指标 | 质量指标 | 慰问救助达标率 | 市级困难劳模摸底救助比率
   ≥90% | 符合救助条件人数。 | ≥ 90 %
25 产出指标 | 时效指标 | 工作开展时间 | 省部级劳模体检时间，市级劳模慰问救助时间
   2025年7月-12月 | 市总工会2025年工作计划 | -
26 产出指标 | 成本指标 | 资金支出控制数 | 年度资金支出控制数
   ≤55万元 | 市总工会2025年预算测算 | ≤ 55 万元
26 产出指标 | 成本指标 | 省部级劳模体检费支付标准 | 省部级劳模体检费支付标准
   ≤800元/年/人 | 省总工会2025年劳模体检标准 | ≤ 800 元/年/人
26 产出指标 | 成本指标 | 省部级劳模荣誉津贴 | 省部级劳模退休荣誉津贴标准
   300元/月/人 | 冀办发[2018]38号 | - 300 元/月/人
26 产出指标 | 成本指标 | 市级劳模慰问标准 | 市级劳模重大节日慰问标准
   ≤1000元/年/人 | 冀办发[2018]38号、冀财规[2022]27号 | ≤ 1000 元/年/人
26 产出指标 | 成本指标 | 市级劳模困难救助 | 困难劳模帮扶救助标准
   ≤10000元/年/人 | 冀办发[2018]38号、冀财规[2022]27号 | ≤ 10000 元/年/人
26 效益指标|社会效益指标|保障困难劳模基本生活|实现摸底统计的省部级劳模、困难市劳模关心关爱和帮扶救助全覆盖。
   ≥90% | 根据2025年劳模摸底结果。 | ≥ 90 %
27 满意度指标 | 服务对象满意度指标 | 劳模满意度 | 享受待遇的劳模满意度
   ≥90% | 市总工会满意度调查 | ≥ 90 %
==
28 产出指标 | 数量指标 | 疗休养人数 | 市级劳模疗休养人数
   ≤200人 | 张办文[2022]7号 | ≤ 200 人
28 产出指标 | 质量指标 | 疗休养达标率 | 年度疗休养人数比例
   ≥90% | 张办文[2022]7号 | ≥ 90 %
28 产出指标 | 时效指标 | 组织开展疗休养时间 | 市级劳模疗休养时间
   2025年5月-10月 | 张办文[2022]7号 | -
28 产出指标 | 成本指标 | 资金支出控制数 | 年度资金支出控制数
   ≤56万元 | 张办文[2022]7号 | ≤ 56 万元
28 产出指标 | 成本指标 | 市级劳模疗休养标准 | 市级劳模疗休养标准
   ≤4000元/年/人 | 张办文[2022]7号 | ≤ 4000 元/年/人
28 效益指标 | 社会效益指标 | 关心关爱劳模 | 弘扬劳模精神、劳动精神、工匠精神，加大劳模关爱力度。
   实施和宣传成效 | 市总工会实施和宣传成效 | -
29 满意度指标 | 服务对象满意度指标 | 劳模满意度 | 享受年度疗休养劳模的满意度
   ≥90% | 市总工会满意度调查 | ≥ 90 %
==
30 产出指标 | 数量指标 | 表彰人数 | 评选表彰市劳模人数
   ≤150人 | 张办文[2022]7号 | ≤ 150 人
30 产出指标 | 质量指标 | 奖励标准 | 每人奖金3000元。
   100% | 张办文[2022]7号 | - 100 %
30 产出指标 | 时效指标 | 表彰时间 | 市级劳模表彰时间
   5月 | 张办文[2022]7号 | - 5 月
30 产出指标 | 成本指标 | 资金支出控制数 | 奖励资金支出控制数
   ≤45万元 | 张办文[2022]7号 | ≤ 45 万元
30 效益指标 | 社会效益指标 | 关心关爱劳模 | 弘扬劳模精神、劳动精神、工匠精神，加大劳模关爱力度。
   实施和宣传成效 | 市总工会实施和宣传成效 | -
30 满意度指标 | 服务对象满意度指标 | 劳模满意度 | 享受年度疗休养劳模的满意度
   ≥90% | 市总工会满意度调查 | ≥ 90 %
"""


def seed_indicators() -> list[list[tuple]]:
    """SEED_INDICATOR_TEXT as (一级, 二级, 三级, 描述, 指标值, 依据, page, comparator, number, unit)."""
    projects = []
    for block in SEED_INDICATOR_TEXT.strip().split("==\n"):
        lines = block.strip().splitlines()
        rows = []
        for first, second in zip(lines[::2], lines[1::2], strict=True):
            page, head = first.split(" ", 1)
            target, basis, split = (part.strip() for part in second.split("|"))
            comparator, number, unit = (split.split(" ") + ["", ""])[:3] if split != "-" else ("", None, "")
            rows.append(
                (*(p.strip() for p in head.split("|")), target, basis, int(page))
                + ("" if comparator == "-" else comparator, number, unit)
            )
        projects.append(rows)
    return projects


SEED_INDICATORS = seed_indicators()


@pytest.fixture(scope="module")
def seed_projects(rendered_seed):
    return read_projects(rendered_seed)


class TestSeedProjects:
    def test_four_projects_and_nothing_skipped(self, seed_projects):
        projects, skipped = seed_projects
        assert [p.code for p in projects] == [p["code"] for p in SEED_PROJECTS]
        assert skipped == []

    @pytest.mark.parametrize("number", range(4))
    def test_every_field_of_each_project(self, seed_projects, number):
        project = seed_projects[0][number]
        for field, expected in SEED_PROJECTS[number].items():
            assert getattr(project, field) == expected, field

    def test_thirty_three_indicator_rows(self, seed_projects):
        assert [len(p.indicators) for p in seed_projects[0]] == [8, 12, 7, 6]

    @pytest.mark.parametrize("number", range(4))
    def test_every_indicator_row(self, seed_projects, number):
        got = [
            (
                i.level1,
                i.level2,
                i.level3,
                i.description,
                i.target,
                i.basis,
                i.page,
                i.comparator,
                str(i.target_value) if i.target_value is not None else None,
                i.target_unit,
            )
            for i in seed_projects[0][number].indicators
        ]
        assert got == SEED_INDICATORS[number]


class TestSeedProjectsBrokenElsewhere:
    """The same projects with their indicator rows broken over pages at other places."""

    def test_a_cell_cut_after_a_few_characters_is_joined_again(self, tmp_path):
        pdfgen = pytest.importorskip("tests.pdfgen")
        path = tmp_path / "breaks.pdf"
        pdfgen.render_disclosure(path, project_breaks={1: [(4, 4)], 2: [3, 8]})
        projects, _ = read_projects(path)
        first, second = projects[0], projects[1]
        assert [(i.level3, i.basis) for i in first.indicators] == [(r[2], r[5]) for r in SEED_INDICATORS[0]]
        assert [i.page for i in first.indicators][4:6] == [23, 24]
        assert [(i.level1, i.level2, i.level3, i.basis) for i in second.indicators] == [
            r[:3] + (r[5],) for r in SEED_INDICATORS[1]
        ]

    def test_every_row_on_one_page(self, tmp_path):
        pdfgen = pytest.importorskip("tests.pdfgen")
        path = tmp_path / "one.pdf"
        pdfgen.render_disclosure(path, project_breaks={3: ()})
        projects, _ = read_projects(path)
        assert [i.basis for i in projects[2].indicators] == [r[5] for r in SEED_INDICATORS[2]]


class TestSeedProjectsInOtherLayouts:
    def test_pages_stored_turned_with_rotate_90(self, tmp_path):
        pdfgen = pytest.importorskip("tests.pdfgen")
        path = tmp_path / "rotated.pdf"
        pdfgen.render_disclosure(path, rotated=True)
        projects, _ = read_projects(path)
        assert [len(p.indicators) for p in projects] == [8, 12, 7, 6]
        assert [i.basis for i in projects[1].indicators] == [r[5] for r in SEED_INDICATORS[1]]

    def test_amounts_in_元(self, tmp_path):
        pdfgen = pytest.importorskip("tests.pdfgen")
        path = tmp_path / "yuan.pdf"
        pdfgen.render_disclosure(path, yuan=True)
        projects, _ = read_projects(path)
        assert [(p.budget, p.unit) for p in projects] == [
            (Decimal("203000.00"), "元"),
            (Decimal("550000.00"), "元"),
            (Decimal("560000.00"), "元"),
            (Decimal("450000.00"), "元"),
        ]


@pytest.fixture(scope="module", params=["horizontal", False], ids=["horizontal_rules", "no_rules"])
def projects_without_vertical_rules(request, tmp_path_factory):
    """The seed with its project tables printed with horizontal rules only, or with none."""
    pdfgen = pytest.importorskip("tests.pdfgen")
    path = tmp_path_factory.mktemp("project_rules") / "projects.pdf"
    pdfgen.render_disclosure(path, project_rules=request.param)
    return read_projects(path)


class TestSeedProjectsWithoutVerticalRules:
    """Labels at the left with their values beside them, indicator rows as aligned columns under
    一级指标 …, merged 一级/二级 cells centred over their rows: read as the ruled tables are."""

    def test_four_projects_and_nothing_skipped(self, projects_without_vertical_rules):
        projects, skipped = projects_without_vertical_rules
        assert [p.code for p in projects] == [p["code"] for p in SEED_PROJECTS]
        assert skipped == []

    @pytest.mark.parametrize("number", range(4))
    def test_every_field_of_each_project(self, projects_without_vertical_rules, number):
        project = projects_without_vertical_rules[0][number]
        for field, expected in SEED_PROJECTS[number].items():
            assert getattr(project, field) == expected, field

    @pytest.mark.parametrize("number", range(4))
    def test_every_indicator_row(self, projects_without_vertical_rules, number):
        got = [
            (i.level1, i.level2, i.level3, i.description, i.target, i.basis, i.page)
            for i in projects_without_vertical_rules[0][number].indicators
        ]
        assert got == [row[:7] for row in SEED_INDICATORS[number]]
