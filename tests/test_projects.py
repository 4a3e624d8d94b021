"""Project performance-target tables (项目绩效目标表) read from PDFs into Projects and Indicators.

Expected values are read off the seed's text (../shared/seed/000_0d11237ca329338a.txt, section 七)
and off the printed pages of the real PDFs, never copied from the parser's output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from disclosures.parsing.pdf import layout_page, visible
from disclosures.parsing.projects import parse_projects, split_goals, split_target
from disclosures.parsing.text import parse_amount, tidy

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


# -- helpers --------------------------------------------------------------------------------


def make_grid(rows, widths, spans=()):
    """A ruled table; rows of strings ("\\n" breaks a cell's line), spans as (c0, r0, c1, r1)."""
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8, 10),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
    return Table([list(row) for row in rows], colWidths=widths, style=TableStyle(style), hAlign="LEFT")


def make_text(text):
    return Paragraph(text, ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14))


def make_pdf(path: Path, pages) -> Path:
    """A PDF of the given pages, each a list of flowables (make_text, make_grid)."""
    story = []
    for number, flowables in enumerate(pages):
        if number:
            story.append(PageBreak())
        for flowable in flowables:
            story += [flowable, Spacer(1, 6)]
    SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40
    ).build(story)
    return path


def read_projects(path: Path):
    with pdfplumber.open(path) as pdf:
        layouts = [layout_page(visible(page), filename=path.name) for page in pdf.pages]
        return parse_projects(layouts)


def rows_of(project):
    return [
        (i.level1, i.level2, i.level3, i.description, i.target, i.basis, i.page) for i in project.indicators
    ]


HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")
WIDTHS6 = [60, 110, 80, 110, 60, 90]


def hebei_header_grid(code, name, budget, purpose, indicator_rows):
    """The first page of a Hebei-style project table: 项目编码 … 绩效目标, then indicators."""
    rows = [
        ("项目编码", code, "项目名称", name, "", ""),
        ("预算规模及\n资金用途", "预算数", budget, "其中：财政资金", budget, "其他资金"),
        ("", purpose, "", "", "", ""),
        ("资金支出计划（%）", "3月底", "6月底", "10月底", "12月底", ""),
        ("", "", "40%", "", "100%", ""),
        ("绩效目标", "1.第一个目标。\n2.第二个目标。", "", "", "", ""),
        HEADER,
        *indicator_rows,
    ]
    spans = [(3, 0, 5, 0), (0, 1, 0, 2), (1, 2, 5, 2), (0, 3, 0, 4), (4, 3, 5, 3), (4, 4, 5, 4), (1, 5, 5, 5)]
    return make_grid(rows, WIDTHS6, spans)


# -- text helpers ---------------------------------------------------------------------------


class TestTidy:
    def test_spaces_from_wrapping_between_chinese_characters_are_removed(self):
        assert tidy("≥150 人") == "≥150人"
        assert tidy("2025 年 7 月-12 月") == "2025年7月-12月"
        assert tidy("市总工会 2025 年工\n作计划") == "市总工会2025年工作计划"

    def test_spaces_between_latin_words_and_numbers_are_kept(self):
        assert tidy("OBE 2.0 version") == "OBE 2.0 version"
        assert tidy("Southwest\nUniversity") == "Southwest University"

    def test_amounts_parse_to_decimal(self):
        assert parse_amount("1,234.50") == Decimal("1234.50")
        assert parse_amount("20.30") == Decimal("20.30")
        assert parse_amount("") is None
        assert parse_amount("全年") is None


class TestSplitTarget:
    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            ("≥26户", ("≥", Decimal("26"), "户")),
            ("≤20.3万元", ("≤", Decimal("20.3"), "万元")),
            ("300元/月/人", ("", Decimal("300"), "元/月/人")),
            ("95%", ("", Decimal("95"), "%")),
            ("≥13459.00(平方米)", ("≥", Decimal("13459.00"), "平方米")),
            ("＞5次", (">", Decimal("5"), "次")),
            ("≧3个", ("≥", Decimal("3"), "个")),
            ("≦10天", ("≤", Decimal("10"), "天")),
            ("＜1%", ("<", Decimal("1"), "%")),
            ("=12.00(次)", ("=", Decimal("12.00"), "次")),
            ("不低于50%", ("≥", Decimal("50"), "%")),
        ],
    )
    def test_comparator_number_and_unit(self, target, expected):
        assert split_target(target) == expected

    @pytest.mark.parametrize("target", ["全年", "2025年7月-12月", "较上一年度保障", "显著", ""])
    def test_no_number_when_the_target_is_words_or_a_date_range(self, target):
        assert split_target(target) == ("", None, "")


class TestSplitGoals:
    def test_numbered_goals_in_one_cell_are_split(self):
        text = "1.落实荣誉津贴，关怀人数约 80 人。 2.组织约 150 名省部级劳模进行体检。"
        assert split_goals(text) == ["1.落实荣誉津贴，关怀人数约80人。", "2.组织约150名省部级劳模进行体检。"]

    def test_goals_numbered_目标n_are_split_even_without_punctuation_between(self):
        assert split_goals("目标1：建设网络目标2：升级机房。") == ["目标1：建设网络", "目标2：升级机房。"]

    def test_an_unnumbered_goal_stays_whole_and_a_number_inside_a_sentence_does_not_split(self):
        assert split_goals("保障20.5万元资金及时拨付，完成2.项工作") == [
            "保障20.5万元资金及时拨付，完成2.项工作"
        ]

    def test_a_stray_full_stop_is_no_goal(self):
        assert split_goals("。") == []


# -- projects from PDFs rendered here -------------------------------------------------------


@pytest.fixture(scope="module")
def broken_table(tmp_path_factory):
    first = hebei_header_grid(
        "13070025P00000000001",
        "测试帮扶资金",
        "12.50",
        "用于困难职工帮扶。",
        [
            ("产出指标", "数量指标", "帮扶人数", "帮扶困难职工人数", "≥150 人", "2024年\n帮扶人数"),
            ("", "质量指标", "覆盖率", "帮扶覆盖率", "≥90%", "根据 2025 年摸底"),
        ],
    )
    second = make_grid(
        [
            HEADER,
            ("", "", "", "", "", "结果。"),
            ("", "成本指标", "资金支出控制数", "年度资金支出控制数", "≤12.5万元", "预算测算"),
            ("满意度指标", "服务对象满意度指标", "职工满意度", "受助职工满意度", "≥95%", "满意度调查"),
        ],
        WIDTHS6,
    )
    path = make_pdf(
        tmp_path_factory.mktemp("break") / "break.pdf",
        [[make_text("1、测试帮扶资金绩效目标表"), make_text("单位：万元"), first], [second]],
    )
    projects, skipped = read_projects(path)
    assert skipped == []
    return projects


class TestIndicatorTableBreakingOverPages:
    """A project whose indicator table continues on the next page under a repeated header,
    with the last row's 指标值确定依据 cut by the break (its rest, 结果。, opens the next page)."""

    def test_one_project_with_its_header_fields(self, broken_table):
        assert len(broken_table) == 1
        project = broken_table[0]
        assert (project.code, project.name, project.page, project.unit) == (
            "13070025P00000000001",
            "测试帮扶资金",
            1,
            "万元",
        )
        assert (project.budget, project.fiscal_funds, project.other_funds) == (
            Decimal("12.50"),
            Decimal("12.50"),
            None,
        )
        assert project.purpose == "用于困难职工帮扶。"
        assert project.spending_plan == {"3月底": "", "6月底": "40%", "10月底": "", "12月底": "100%"}
        assert project.goals == ["1.第一个目标。", "2.第二个目标。"]

    def test_rows_on_both_pages_with_merged_cells_filled_and_the_cut_cell_joined(self, broken_table):
        assert rows_of(broken_table[0]) == [
            ("产出指标", "数量指标", "帮扶人数", "帮扶困难职工人数", "≥150人", "2024年帮扶人数", 1),
            ("产出指标", "质量指标", "覆盖率", "帮扶覆盖率", "≥90%", "根据2025年摸底结果。", 1),
            ("产出指标", "成本指标", "资金支出控制数", "年度资金支出控制数", "≤12.5万元", "预算测算", 2),
            ("满意度指标", "服务对象满意度指标", "职工满意度", "受助职工满意度", "≥95%", "满意度调查", 2),
        ]

    def test_targets_are_split(self, broken_table):
        split = [(i.comparator, i.target_value, i.target_unit) for i in broken_table[0].indicators]
        assert split == [
            ("≥", Decimal("150"), "人"),
            ("≥", Decimal("90"), "%"),
            ("≤", Decimal("12.5"), "万元"),
            ("≥", Decimal("95"), "%"),
        ]


@pytest.fixture(scope="module")
def runs_on(tmp_path_factory):
    widths = [30, 70, 90, 140, 80, 50]
    first = make_grid(
        [
            ("项目名称", "", "236测试专项", "", "", ""),
            ("项目资金\n（万元）", "", "年度资金总额：", "", "100.00", "执行率\n分值"),
            ("", "", "其中：财政拨款", "", "80.00", ""),
            ("", "", "上年结转", "", "20.00", ""),
            ("", "", "其他资金", "", "0", ""),
            ("年度\n总体\n目标", "1.完成设备购置。2.提升实验条件。", "", "", "", ""),
            ("绩\n效\n指\n标", "一级\n指标", "二级指标", "三级指标", "指标值", "分值\n（90）"),
            ("", "产出指标", "数量指标", "购置设备数量", "27台、件、套", "20"),
        ],
        widths,
        [
            (0, 0, 1, 0),
            (2, 0, 5, 0),
            (0, 1, 1, 4),
            (2, 1, 3, 1),
            (2, 2, 3, 2),
            (2, 3, 3, 3),
            (2, 4, 3, 4),
            (5, 1, 5, 4),
            (1, 5, 5, 5),
            (0, 6, 0, 7),
        ],
    )
    second = make_grid(
        [
            ("", "", "", "设备验收通过率", "100%", "20"),
            ("", "效益指标", "社会效益指标", "改善实验教学条件", "显著", "30"),
        ],
        widths,
        [(0, 0, 0, 1)],
    )
    path = make_pdf(
        tmp_path_factory.mktemp("cq") / "cq.pdf", [[make_text("（一）236测试专项"), first], [second]]
    )
    projects, _ = read_projects(path)
    return projects


class TestContinuationWithoutRepeatedHeader:
    """The universities' layout: 项目名称 alone, 年度资金总额/其中：财政拨款, a 分值 column, and
    indicator rows that run on to the next page with no header and no 一级/二级 in the first row."""

    def test_money_from_the_year_column(self, runs_on):
        assert len(runs_on) == 1
        project = runs_on[0]
        assert (project.name, project.unit, project.budget, project.fiscal_funds, project.other_funds) == (
            "236测试专项",
            "万元",
            Decimal("100.00"),
            Decimal("80.00"),
            Decimal("0"),
        )
        assert project.goals == ["1.完成设备购置。", "2.提升实验条件。"]

    def test_rows_continue_under_the_first_pages_columns(self, runs_on):
        assert [(i.level1, i.level2, i.level3, i.target, i.page) for i in runs_on[0].indicators] == [
            ("产出指标", "数量指标", "购置设备数量", "27台、件、套", 1),
            ("产出指标", "数量指标", "设备验收通过率", "100%", 2),
            ("效益指标", "社会效益指标", "改善实验教学条件", "显著", 2),
        ]


@pytest.fixture(scope="module")
def not_projects(tmp_path_factory):
    project = hebei_header_grid(
        "P1",
        "甲项目",
        "5.00",
        "用途。",
        [("产出指标", "数量指标", "人数", "人数", "≥5人", "计划")],
    )
    procurement = make_grid(
        [
            ("政府采购项目来源", "", "采购物品名称", "合计"),
            ("项目名称", "预算资金", "", ""),
            ("乙采购", "3.00", "电脑", "3.00"),
        ],
        [100, 80, 100, 80],
        [(0, 0, 1, 0), (2, 0, 2, 1), (3, 0, 3, 1)],
    )
    orphan = make_grid([HEADER, ("产出指标", "数量指标", "次数", "次数", "3次", "计划")], WIDTHS6)
    path = make_pdf(
        tmp_path_factory.mktemp("not") / "not.pdf",
        [
            [make_text("部门整体绩效目标表"), orphan],
            [make_text("1、甲项目绩效目标表"), project],
            [make_text("八、政府采购预算情况"), procurement],
        ],
    )
    return read_projects(path)


class TestWhatIsNotAProject:
    def test_a_table_after_a_heading_adds_nothing_to_the_project_before(self, not_projects):
        projects, _ = not_projects
        assert [p.name for p in projects] == ["甲项目"]
        assert len(projects[0].indicators) == 1

    def test_an_indicator_table_with_no_project_is_reported(self, not_projects):
        _, skipped = not_projects
        assert [(s.page, s.what) for s in skipped] == [(1, "绩效指标表")]


# -- the seed, rendered by tests/pdfgen.py ---------------------------------------------------

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
def seed_projects(tmp_path_factory):
    pdfgen = pytest.importorskip("tests.pdfgen")
    path = tmp_path_factory.mktemp("seed") / "seed.pdf"
    pdfgen.render_disclosure(path)
    return read_projects(path)


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


# -- real PDFs (skipped where ../shared/real is absent) --------------------------------------


def real_projects(prefix: str):
    files = sorted(REAL.glob(f"{prefix}_*.pdf")) if REAL.is_dir() else []
    if not files:
        pytest.skip(f"{prefix} is not in {REAL}")
    return read_projects(files[0])


@pytest.fixture(scope="module")
def cq02():
    return real_projects("CQ02")[0]


class TestRealUniversityProjects:
    """CQ02 (西南大学 2023 部门预算), pages 16-40: 24 project tables, several a page."""

    def test_twenty_four_projects_in_print_order(self, cq02):
        assert len(cq02) == 24
        assert cq02[0].name == "236中央高校教育教学改革专项"
        assert cq02[-1].name == "236教育管理与改革专项"
        assert all(p.unit == "万元" for p in cq02)

    def test_the_first_project_read_off_pages_16_and_17(self, cq02):
        project = cq02[0]
        assert (project.page, project.budget, project.fiscal_funds, project.other_funds) == (
            16,
            Decimal("2112.76"),
            Decimal("2112.00"),
            Decimal("0"),
        )
        assert len(project.goals) == 15
        assert project.goals[2] == "3.持续完善认证专业OBE体系建设。"
        assert len(project.indicators) == 19  # 4 on page 16, 15 on page 17
        first, continued = project.indicators[0], project.indicators[4]
        assert (first.level1, first.level2, first.level3, first.target, first.page) == (
            "产出指标",
            "数量指标",
            "建设一流本科课程数",
            "20门",
            16,
        )
        assert (continued.level1, continued.level2, continued.level3, continued.target, continued.page) == (
            "产出指标",
            "数量指标",
            "设备更新数量",
            "27台、件、套",
            17,
        )
        assert project.indicators[-1].level3 == "教职工满意度"

    def test_a_project_whose_goal_is_on_the_next_page(self, cq02):
        project = cq02[1]  # 236中央高校管理改革等绩效拨款: header on page 17, the rest on 18
        assert project.name == "236中央高校管理改革等绩效拨款"
        assert project.budget == Decimal("1111.98")
        assert project.goals[0].startswith("1.立项资金将全部用于发放研究生各类助学金")
        assert [(i.level3, i.target, i.page) for i in project.indicators] == [
            ("奖助学生人次", "2000人次", 18),
            ("学生奖助学金覆盖面", "50%", 18),
            ("奖助学金发放及时性", "按时", 18),
            ("促进高校社会捐赠的公平与效率", "不断提升", 18),
            ("引导和鼓励社会各界捐资助学", "显著", 18),
            ("获得资助研究生满意度", "90%", 18),
        ]

    def test_fiscal_funds_and_carry_over_apart(self, cq02):
        middle_school = next(p for p in cq02 if p.name.endswith("基础设施改造项目（中学）"))
        assert (middle_school.budget, middle_school.fiscal_funds) == (Decimal("425.20"), Decimal("223.32"))


@pytest.fixture(scope="module")
def sh04():
    return real_projects("SH04")[0]


class TestRealShanghaiProjects:
    """SH04 (万里街道 2023 部门预算), pages 31-35: one 财政项目支出绩效目标填报表 a page, in 元."""

    def test_five_projects_one_a_page(self, sh04):
        assert [(p.name, p.page) for p in sh04] == [
            ("新建万里街道社区公共服务中心", 31),
            ("就业援助基地补贴", 32),
            ("社区环境整治和建设经费", 33),
            ("各类工作经费", 34),
            ("公共服务设施运行经费", 35),
        ]
        assert all(p.unit == "元" for p in sh04)

    def test_the_years_money_and_its_indicators(self, sh04):
        first = sh04[0]
        assert (first.budget, first.fiscal_funds, first.other_funds) == (
            Decimal("4100000.00"),
            Decimal("4100000.00"),
            Decimal("0.00"),
        )
        assert [(i.level1, i.level2, i.level3, i.target) for i in first.indicators] == [
            ("产出指标", "数量指标", "规划建筑面积", "≥13459.00(平方米)"),
            ("产出指标", "质量指标", "完工及时率", "及时率"),
            ("产出指标", "成本指标", "预算内经费", "合规"),
            ("效益指标", "社会效益指标", "完善社区基础设施建设", "完善率"),
            ("满意度指标", "服务对象满意度指标", "居民满意度", "满意度"),
        ]
        area = first.indicators[0]
        assert (area.comparator, area.target_value, area.target_unit) == ("≥", Decimal("13459.00"), "平方米")

    def test_a_figure_printed_wrong_is_kept_as_printed(self, sh04):
        # Page 35 prints 其中：当年财政拨款 11,419,043.00 under a 年度资金申请总额 of 10,903,043.00.
        last = sh04[-1]
        assert (last.budget, last.fiscal_funds) == (Decimal("10903043.00"), Decimal("11419043.00"))
        assert len(last.indicators) == 9


class TestRealDocumentsWithoutProjectTables:
    @pytest.mark.parametrize("prefix", ["CQ03", "JS07", "JS14", "SH03", "SH12"])
    def test_no_projects_and_no_false_alarms(self, prefix):
        projects, skipped = real_projects(prefix)
        assert projects == []
        assert skipped == []
