"""Tables however they are placed: several on one page, a page turned landscape inside a portrait
document, a 合计 row alone on the next page, cells redacted or dashed.

The document is drawn here (tests/placement_pdfs.py) from the data below; every expected value
is what that data prints.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosures.parsing import document as m
from disclosures.parsing import parse_pdf
from disclosures.parsing.page import Cell, Column, Grid, PageLayout, TextLine
from disclosures.parsing.tables import build_tables
from tests.placement_pdfs import DrawnPage, DrawnTable, draw_pdf
from tests.real import CORPUS

CODED_HEADER = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
CODED_WIDTHS = [70, 190, 80, 80, 80]
EXPENSE_ROWS = [
    ["201", "一般公共服务支出", "120.00", "80.00", "40.00"],
    ["20126", "档案事务", "120.00", "80.00", "40.00"],
    ["2012601", "行政运行", "80.00", "80.00", "0.00"],
    ["2012604", "档案馆", "40.00", "0.00", "40.00"],
    ["208", "社会保障和就业支出", "30.00", "20.00", "10.00"],
    ["20805", "行政事业单位养老支出", "30.00", "20.00", "10.00"],
    ["2080505", "机关事业单位基本养老保险缴费支出", "30.00", "20.00", "10.00"],
]
EXPENSE_TOTAL = ["", "合计", "150.00", "100.00", "50.00"]

# 一般公共预算财政拨款支出表 printed with names only: the codes are 支出总表's.
GENERAL_ROWS = [["合计", "150.00", "100.00", "50.00"]] + [row[1:] for row in EXPENSE_ROWS]

FUND_NOTE = "注：本部门2025年无政府性基金预算财政拨款安排的支出，故本表为空表。"

# 基本支出表 on a page stored turned (/Rotate 90), codes printed inside the names.
BASIC_ROWS = [
    ["合计", "100.00", "90.00", "10.00"],
    ["[301]工资福利支出", "90.00", "90.00", ""],
    ["[30101]基本工资", "60.00", "60.00", ""],
    ["[30102]津贴补贴", "30.00", "30.00", ""],
    ["[302]商品和服务支出", "10.00", "", "10.00"],
    ["[30201]办公费", "10.00", "", "10.00"],
]

# 收入总表 on a landscape page, 事业收入 redacted, 其他收入 dashed.
INCOME_HEADER = [["科目编码", "科目名称", "合计", "财政拨款收入", "事业收入", "其他收入"]]
INCOME_ROWS = [
    ["", "合计", "150.00", "150.00", "****", "-"],
    ["201", "一般公共服务支出", "120.00", "120.00", "****", "—"],
    ["208", "社会保障和就业支出", "30.00", "30.00", "****", "-"],
]

# 国有资本经营预算财政拨款支出表 with no 合计 row: the department's own row carries the totals;
# a change in percent beside the amounts (as the national template prints).
STATE_CAPITAL_HEADER = [["科目编码", "科目名称", "合计", "基本支出", "项目支出", "增减(%)"]]
STATE_CAPITAL_ROWS = [
    ["", "测试市档案局", "12.00", "0.00", "12.00", "-60.86%"],
    ["208", "社会保障和就业支出", "12.00", "0.00", "12.00", "-60.86%"],
    ["20805", "行政事业单位养老支出", "12.00", "0.00", "12.00", "5.20%"],
    ["2080505", "机关事业单位基本养老保险缴费支出", "12.00", "0.00", "12.00", "5.20%"],
]


def _document() -> list[DrawnPage]:
    return [
        DrawnPage(
            [
                "测试市档案局2025年部门预算",
                DrawnTable("部门预算支出总表", CODED_HEADER, EXPENSE_ROWS, CODED_WIDTHS),
            ]
        ),
        DrawnPage(
            [
                # The total row alone on the next page, no header repeated; then two more tables.
                DrawnTable("", [], [EXPENSE_TOTAL], CODED_WIDTHS, unit=""),
                DrawnTable(
                    "一般公共预算财政拨款支出表",
                    [["科目名称", "合计", "基本支出", "项目支出"]],
                    GENERAL_ROWS,
                    [260, 80, 80, 80],
                ),
                DrawnTable(
                    "政府性基金预算财政拨款支出表",
                    CODED_HEADER,
                    [["", "合计", "", "", ""]],
                    CODED_WIDTHS,
                    note=FUND_NOTE,
                ),
            ]
        ),
        DrawnPage(
            [
                DrawnTable(
                    "一般公共预算财政拨款基本支出表",
                    [["科目名称", "合计", "人员经费", "公用经费"]],
                    BASIC_ROWS,
                    [260, 100, 100, 100],
                )
            ],
            turned=True,
        ),
        DrawnPage(
            [DrawnTable("部门预算收入总表", INCOME_HEADER, INCOME_ROWS, [70, 190, 90, 110, 90, 90])],
            wide=True,
        ),
        DrawnPage(
            [
                DrawnTable(
                    "国有资本经营预算财政拨款支出表",
                    STATE_CAPITAL_HEADER,
                    STATE_CAPITAL_ROWS,
                    [70, 170, 80, 80, 80, 60],
                )
            ]
        ),
    ]


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    path = draw_pdf(tmp_path_factory.mktemp("placement") / "placement.pdf", _document())
    return parse_pdf(path)


def row(table: m.Table, key: str) -> m.Row:
    return next(r for r in table.rows if key in (r.code, r.item))


def test_every_table_is_found_once(placed):
    kinds = [t.kind for t in placed.tables]
    assert kinds == [
        m.EXPENSE,
        m.GENERAL_BUDGET_EXPENSE,
        m.GOV_FUND_EXPENSE,
        m.GENERAL_BUDGET_BASIC,
        m.INCOME,
        m.STATE_CAPITAL_EXPENSE,
    ]


class TestTotalRowAloneOnTheNextPage:
    def test_it_joins_its_table(self, placed):
        table = placed.table(m.EXPENSE)
        assert table.pages == [1, 2]
        total = row(table, "合计")
        assert (total.page, total.amount("合计"), total.amount("基本支出"), total.amount("项目支出")) == (
            2,
            Decimal("150.00"),
            Decimal("100.00"),
            Decimal("50.00"),
        )
        assert len(table.rows) == 8


class TestSeveralTablesOnOnePage:
    def test_each_keeps_its_own_rows(self, placed):
        general = placed.table(m.GENERAL_BUDGET_EXPENSE)
        assert general.pages == [2]
        assert [r.item for r in general.rows] == [line[0] for line in GENERAL_ROWS]
        assert row(general, "档案馆").amount("项目支出") == Decimal("40.00")

    def test_the_empty_table_keeps_its_note(self, placed):
        fund = placed.table(m.GOV_FUND_EXPENSE)
        assert fund.pages == [2]
        assert fund.is_empty
        assert fund.empty_note == FUND_NOTE


class TestCodesFromTheSameNamesElsewhere:
    def test_a_table_printed_without_codes_takes_the_codes_its_names_carry(self, placed):
        general = placed.table(m.GENERAL_BUDGET_EXPENSE)
        assert [(r.code, r.item) for r in general.rows] == [("", "合计")] + [
            (line[0], line[1]) for line in EXPENSE_ROWS
        ]


class TestTurnedPage:
    def test_a_landscape_page_stored_turned_reads_like_the_others(self, placed):
        basic = placed.table(m.GENERAL_BUDGET_BASIC)
        assert basic.pages == [3]
        assert row(basic, "合计").amount("人员经费") == Decimal("90.00")

    def test_codes_printed_inside_the_names_are_parsed(self, placed):
        basic = placed.table(m.GENERAL_BUDGET_BASIC)
        assert [(r.code, r.item) for r in basic.rows[1:]] == [
            ("301", "工资福利支出"),
            ("30101", "基本工资"),
            ("30102", "津贴补贴"),
            ("302", "商品和服务支出"),
            ("30201", "办公费"),
        ]
        assert row(basic, "30201").amount("公用经费") == Decimal("10.00")


class TestRedactedAndDashedCells:
    def test_a_redacted_column_is_still_a_column_of_amounts(self, placed):
        income = placed.table(m.INCOME)
        assert income.pages == [4]
        assert [(r.code, r.item) for r in income.rows] == [(line[0], line[1]) for line in INCOME_ROWS]
        assert income.columns == ["合计", "财政拨款收入", "事业收入", "其他收入"]

    def test_a_column_with_no_amount_printed_keeps_its_header_path(self, placed):
        income = placed.table(m.INCOME)
        assert income.column_paths["事业收入"] == ("事业收入",)
        assert list(income.column_paths) == income.columns

    def test_they_are_no_amounts_but_are_kept_as_printed(self, placed):
        income = placed.table(m.INCOME)
        for printed, read in zip(INCOME_ROWS, income.rows, strict=True):
            assert read.amount("合计") == Decimal(printed[2])
            assert read.amount("事业收入") is None
            assert read.amount("其他收入") is None
            assert read.not_numbers == {"事业收入": printed[4], "其他收入": printed[5]}


class TestTotalsOnTheDepartmentsOwnRow:
    def test_the_row_carrying_the_totals_is_marked_and_keeps_its_name(self, placed):
        table = placed.table(m.STATE_CAPITAL_EXPENSE)
        assert [(r.item, r.is_total) for r in table.rows] == [
            ("测试市档案局", True),
            ("社会保障和就业支出", False),
            ("行政事业单位养老支出", False),
            ("机关事业单位基本养老保险缴费支出", False),
        ]
        assert table.rows[0].amount("项目支出") == Decimal("12.00")

    def test_a_printed_total_row_is_the_total(self, placed):
        table = placed.table(m.EXPENSE)
        assert [r.item for r in table.rows if r.is_total] == ["合计"]


class TestPercentColumn:
    def test_a_change_in_percent_is_neither_an_amount_nor_a_name(self, placed):
        table = placed.table(m.STATE_CAPITAL_EXPENSE)
        assert table.columns == ["合计", "基本支出", "项目支出"]
        assert len(table.rows) == len(STATE_CAPITAL_ROWS)
        assert [r.item for r in table.rows] == [line[1] for line in STATE_CAPITAL_ROWS]


@pytest.mark.real_pdf
def test_a_page_number_under_a_table_of_contents_is_no_table():
    # 北京 司法局 2026 prints only the explanation (its tables are a separate attachment); page 1
    # is its table of contents (… 八、国有资本经营预算支出表) with "-1-" at the foot.
    path = CORPUS / "北京_2026年北京市司法局部门预算.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is absent (no shared folder on this machine)")
    assert parse_pdf(path).tables == []


def test_a_figure_nearer_the_next_columns_middle_stays_in_its_own_column():
    # An unruled table's columns are placed from its header words (人员经费 x390–448, 公用经费
    # x474–521), narrower than the figures right-aligned under them: the row prints
    # 302 商品和服务支出 | 2976 | 0.00 (x448–474, 人员经费's) | 2976 (公用经费's).
    def cell(text, x0, x1, top):
        return Cell(text, x0, x1, top, top + 10)

    header = [cell("科目编码", 97, 163, 50), cell("科目名称", 163, 307, 50), cell("合计", 307, 390, 50)]
    header += [cell("人员经费", 390, 448, 50), cell("公用经费", 474, 521, 50)]
    row = [cell("302", 97, 163, 70), cell("商品和服务支出", 163, 307, 70), cell("2976", 307, 390, 70)]
    row += [cell("0.00", 448, 474, 70), cell("2976", 474, 521, 70)]
    columns = [Column((c.text,), c.x0, c.x1) for c in header]
    grid = Grid(
        1, 50, 80, 97, 521, [header, row], [header, row], header_rows=1, columns=columns, unruled=True
    )
    title = TextLine("一般公共预算财政拨款基本支出表", 20, 30, 200, 400)
    tables, _ = build_tables([PageLayout(1, [grid], [title], outside=[title], unruled=True)])
    (read,) = tables[0].rows
    assert (read.code, read.amount("合计"), read.amount("人员经费"), read.amount("公用经费")) == (
        "302",
        Decimal("2976"),
        Decimal("0.00"),
        Decimal("2976"),
    )


@pytest.mark.parametrize("header", [CODED_HEADER, []], ids=["header repeated", "no header"])
def test_the_rest_of_a_row_broken_over_a_page_with_no_numbering_row_continues_the_table(header, tmp_path):
    # 支出总表's last row on page 1 prints 20805 行政事业单位 and its amounts; page 2 opens with
    # the rest of its name (养老支出) on a line of its own, under the header repeated or none, and
    # no numbering row: that line is no header, and page 2 is no table of its own.
    broken = ["20805", "行政事业单位", "30.00", "20.00", "10.00"]
    rest = ["", "养老支出", "", "", ""]
    pages = [
        DrawnPage(
            [
                DrawnTable(
                    "部门预算支出总表",
                    CODED_HEADER,
                    [*EXPENSE_ROWS[:5], broken],
                    CODED_WIDTHS,
                )
            ]
        ),
        DrawnPage([DrawnTable("", header, [rest, EXPENSE_ROWS[6], EXPENSE_TOTAL], CODED_WIDTHS, unit="")]),
    ]
    parsed = parse_pdf(draw_pdf(tmp_path / "broken.pdf", pages))
    (table,) = parsed.tables
    assert table.pages == [1, 2]
    assert [(r.code, r.item) for r in table.rows] == [(line[0], line[1]) for line in EXPENSE_ROWS] + [
        ("", "合计")
    ]
    assert row(table, "20805").amount("合计") == Decimal("30.00")
    assert row(table, "2080505").amount("项目支出") == Decimal("10.00")
    assert not [s for s in parsed.log.skipped if s.what == "无标题表格"]
