"""Project performance-target tables (项目绩效目标表) read from PDFs into Projects and Indicators:
the text helpers, and small PDFs rendered here with the layouts real documents use.

The seed's projects are in test_seed_projects.py, the real PDFs' in test_real_projects.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from disclosures.parsing.projects import split_goals, split_target
from disclosures.parsing.text import parse_amount, tidy
from tests.reading import read_projects

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
