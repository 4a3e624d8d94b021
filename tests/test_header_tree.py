"""Column headers are read as a tree from where the header cells start and end, however the
table is ruled, and the tree is confirmed by the figures.

The small tables here are drawn with reportlab in three ways a province prints them: a full
grid, horizontal rules only (a rule under every row, as Word and WPS exports print), and no
rules at all. Their headers are 2 and 3 lines deep with merged cells; the paths and amounts
expected are written by hand from what the fixture prints. The seed-sized cases use the layout
knobs of tests/pdfgen.py (the seed's 188 amounts, transcribed in tests/expected.py).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle

from disclosures.checks import FAILED, run_checks
from disclosures.parsing import document as m
from disclosures.parsing import parse_pdf
from disclosures.parsing.columns import AmountColumn, confirmed_sums
from disclosures.parsing.document import Amount, Row
from seedpdf.layout import FONT, grid_table
from tests.budgets import read_back
from tests.expected import SEED_LINES
from tests.pdfgen import render_disclosure

RULES = ["grid", "horizontal", "none"]

# 收入总表: 本年收入 spans 小计 | 财政拨款收入 | 事业收入; 合计 and 上年结转 span both header lines.
INCOME = (
    "部门收入总表",
    [
        ("科目编码", "科目名称", "合计", "本年收入", "", "", "上年结转"),
        ("", "", "", "小计", "财政拨款收入", "事业收入", ""),
    ],
    [(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 2, 1), (3, 0, 5, 0), (6, 0, 6, 1)],
    [
        ("", "合计", "130.00", "120.00", "100.00", "20.00", "10.00"),
        ("201", "一般公共服务支出", "130.00", "120.00", "100.00", "20.00", "10.00"),
        ("20101", "人大事务", "80.00", "75.00", "60.00", "15.00", "5.00"),
        ("2010101", "行政运行", "80.00", "75.00", "60.00", "15.00", "5.00"),
        ("20102", "政协事务", "50.00", "45.00", "40.00", "5.00", "5.00"),
        ("2010201", "行政运行", "50.00", "45.00", "40.00", "5.00", "5.00"),
    ],
    [60, 150, 80, 80, 90, 80, 80],
)

# The national template's 一般公共预算财政拨款支出表, three header lines: 2026年预算数 spans
# 合计 | 基本支出 (itself over 小计 | 人员经费 | 公用经费) | 项目支出; 2025年执行数 spans all three lines.
EXPENSE = (
    "一般公共预算财政拨款支出表",
    [
        ("科目编码", "科目名称", "2025年执行数", "2026年预算数", "", "", "", ""),
        ("", "", "", "合计", "基本支出", "", "", "项目支出"),
        ("", "", "", "", "小计", "人员经费", "公用经费", ""),
    ],
    [(0, 0, 0, 2), (1, 0, 1, 2), (2, 0, 2, 2), (3, 0, 7, 0), (3, 1, 3, 2), (4, 1, 6, 1), (7, 1, 7, 2)],
    [
        ("", "合计", "90.00", "100.00", "70.00", "60.00", "10.00", "30.00"),
        ("201", "一般公共服务支出", "90.00", "100.00", "70.00", "60.00", "10.00", "30.00"),
        ("20101", "人大事务", "90.00", "100.00", "70.00", "60.00", "10.00", "30.00"),
        ("2010101", "行政运行", "50.00", "70.00", "70.00", "60.00", "10.00", ""),
        ("2010102", "一般行政管理事务", "40.00", "30.00", "", "", "", "30.00"),
    ],
    [60, 150, 80, 80, 70, 70, 70, 80],
)


def render(path, table, rules: str, *more: tuple) -> None:
    """Tables on one landscape page, under a cover line saying whose budget it is: ``table``
    ruled as ``rules`` says, then each of ``more`` (table, rules) below it."""
    big = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=20)
    small = ParagraphStyle("line", fontName=FONT, fontSize=9, leading=12)
    story: list = [Paragraph("某某局2025年部门预算", small)]
    for (title, header, spans, body, widths), ruling in [(table, rules), *more]:
        grid = grid_table(header, spans, body, widths, 8, ruled=ruling == "grid")
        if ruling == "horizontal":
            grid.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.black)]))
        story += [Paragraph(title, big), Paragraph("单位：万元", small), Spacer(1, 4), grid, Spacer(1, 12)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=30, rightMargin=30).build(story)


def paths(table: m.Table, code: str) -> dict[tuple[str, ...], Decimal]:
    row = next(r for r in table.rows if r.code == code)
    return {tuple(a.column_path): a.value for a in row.amounts}


@pytest.mark.parametrize("rules", RULES)
def test_a_two_line_income_header_is_a_tree(tmp_path, rules):
    render(tmp_path / "income.pdf", INCOME, rules)
    doc = parse_pdf(tmp_path / "income.pdf")
    table = doc.table(m.INCOME)
    assert paths(table, "20101") == {
        ("合计",): Decimal("80.00"),
        ("本年收入", "小计"): Decimal("75.00"),
        ("本年收入", "财政拨款收入"): Decimal("60.00"),
        ("本年收入", "事业收入"): Decimal("15.00"),
        ("上年结转",): Decimal("5.00"),
    }
    # 小计 is the subtotal of the sources under 本年收入, not a third source: nothing fails.
    assert [r.message for r in run_checks(doc) if r.status == FAILED and r.table == m.INCOME] == []


@pytest.mark.parametrize("rules", RULES)
def test_a_three_line_header_keeps_every_level(tmp_path, rules):
    render(tmp_path / "expense.pdf", EXPENSE, rules)
    table = parse_pdf(tmp_path / "expense.pdf").table(m.GENERAL_BUDGET_EXPENSE)
    assert paths(table, "2010101") == {
        ("2025年执行数",): Decimal("50.00"),
        ("2026年预算数", "合计"): Decimal("70.00"),
        ("2026年预算数", "基本支出", "小计"): Decimal("70.00"),
        ("2026年预算数", "基本支出", "人员经费"): Decimal("60.00"),
        ("2026年预算数", "基本支出", "公用经费"): Decimal("10.00"),
    }
    assert paths(table, "2010102")[("2026年预算数", "项目支出")] == Decimal("30.00")


def test_a_table_without_rules_below_a_ruled_one_on_the_same_page(tmp_path):
    # The lines strategy finds the ruled 收入总表; the 一般公共预算财政拨款支出表 printed below it
    # without rules is read from how its text lines up.
    render(tmp_path / "both.pdf", INCOME, "grid", (EXPENSE, "none"))
    doc = parse_pdf(tmp_path / "both.pdf")
    assert paths(doc.table(m.INCOME), "20102")[("本年收入", "小计")] == Decimal("45.00")
    expense = paths(doc.table(m.GENERAL_BUDGET_EXPENSE), "2010101")
    assert expense[("2026年预算数", "基本支出", "人员经费")] == Decimal("60.00")


def test_a_column_of_last_year_is_not_summed_into_this_years_total(tmp_path):
    # 2025年执行数 stands beside 2026年预算数, not under it: 合计 (100.00) = 基本支出 小计 (70.00) +
    # 项目支出 (30.00); adding 90.00 of last year would publish a failure on every row.
    render(tmp_path / "expense.pdf", EXPENSE, "horizontal")
    doc = parse_pdf(tmp_path / "expense.pdf")
    results = [r for r in run_checks(doc) if r.check == "columns" and r.table == m.GENERAL_BUDGET_EXPENSE]
    assert results and all(r.status != FAILED for r in results)


# -- the seed, printed with the layout knobs ---------------------------------------------------


def read_all(doc: m.ParsedDisclosure) -> list[tuple]:
    return sorted(
        (t.kind, r.side, r.row_no, r.code, r.item, a.column, str(a.value), r.page)
        for t in doc.tables
        for r in t.rows
        for a in r.amounts
    )


@pytest.mark.parametrize(
    "knobs",
    [
        {"ruled": "horizontal"},
        {"ruled": "horizontal", "header_lines": 4},
        {"ruled": False, "header_lines": 4},
        {"ruled": "horizontal", "spaced_headers": True},
        {"numbering": "行次"},
        {"numbering": "**"},
        {"ruled": "horizontal", "numbering": "**"},
        {"ruled": False, "header_lines": 1, "numbering": "**"},
    ],
    ids=lambda knobs: "-".join(f"{k}={v}" for k, v in knobs.items()),
)
def test_the_seed_reads_the_same_however_ruled_and_numbered(tmp_path, knobs):
    # Every one of the seed's 188 amounts on its row, column and page; the numbering row (行次
    # 1 2 3, ** ** ** 1 2 3) is never a row of figures; and no check fails on this consistent
    # document.
    path = tmp_path / "seed.pdf"
    render_disclosure(path, **knobs)
    doc = parse_pdf(path)
    assert {t.kind for t in doc.tables if t.is_standard} == set(m.STANDARD_TABLES)
    assert read_all(doc) == sorted(SEED_LINES)
    assert [r.message for r in run_checks(doc) if r.status == FAILED] == []


def test_an_empty_unruled_table_without_a_numbering_row_is_found(tmp_path):
    # With no rules and no 栏次 line, an empty table prints only its title, its header and its
    # note: it is still the table the title names, disclosed empty.
    path = tmp_path / "seed.pdf"
    render_disclosure(path, ruled=False, numbering="none")
    doc = parse_pdf(path)
    for kind in (m.GOV_FUND_EXPENSE, m.STATE_CAPITAL_EXPENSE):
        assert doc.table(kind).is_empty
        assert doc.table(kind).empty_note.endswith("空表列示。")


# -- the tree confirmed by the figures ---------------------------------------------------------


def column(*headers: str) -> AmountColumn:
    return AmountColumn(headers[-1], tuple(headers[:-1]), headers[-1])


def row(**figures: str) -> Row:
    return Row(item="x", page=1, amounts=[Amount(column=k, value=Decimal(v)) for k, v in figures.items()])


TOTAL, SUB, FISCAL, OTHER, CARRY = (
    column(name) for name in ("合计", "小计", "财政拨款收入", "事业收入", "上年结转")
)
FLAT_ROWS = [
    row(合计="130.00", 小计="120.00", 财政拨款收入="100.00", 事业收入="20.00", 上年结转="10.00"),
    row(合计="80.00", 小计="75.00", 财政拨款收入="60.00", 事业收入="15.00", 上年结转="5.00"),
    row(合计="50.00", 小计="45.00", 财政拨款收入="40.00", 事业收入="5.00", 上年结转="5.00"),
]


def test_a_subtotal_read_as_a_sibling_stands_for_the_columns_it_adds_up():
    # A header read flat: 合计 over 小计, 财政拨款收入, 事业收入 and 上年结转 fails on every row by
    # exactly 小计. The figures show 小计 = 财政拨款收入 + 事业收入 on every row.
    sums = confirmed_sums([(TOTAL, [SUB, FISCAL, OTHER, CARRY])], FLAT_ROWS)
    assert sums == [(TOTAL, [SUB, CARRY]), (SUB, [FISCAL, OTHER])]


def test_a_relation_the_figures_confirm_is_kept_with_its_misprint():
    # One misprinted row (合计 80.00 where its parts add up to 85.00) is the department's: the
    # relation holds on the other rows and stays, so the check still fails on that row.
    rows = [*FLAT_ROWS[:1], row(合计="85.01", 小计="75.00", 上年结转="5.00"), *FLAT_ROWS[2:]]
    assert confirmed_sums([(TOTAL, [SUB, CARRY])], rows) == [(TOTAL, [SUB, CARRY])]


def row_under(columns: tuple[AmountColumn, ...], values: tuple[str, ...]) -> Row:
    """A row with one figure under each column, each amount carrying its column's header path."""
    return Row(
        item="x",
        page=1,
        amounts=[
            Amount(column=c.leaf, value=Decimal(v), column_path=c.headers)
            for c, v in zip(columns, values, strict=True)
        ],
    )


def test_a_first_column_taken_for_the_total_is_dropped_when_the_figures_deny_it():
    # 执行数 | 小计 | 基本支出 | 项目支出 with no 合计: the first column is last year's, not a total.
    spent, sub = column("2025年执行数", "执行数"), column("2026年预算数", "小计")
    basic, project = column("2026年预算数", "基本支出"), column("2026年预算数", "项目支出")
    rows = [
        row_under((spent, sub, basic, project), values)
        for values in [("90", "100", "70", "30"), ("50", "70", "70", "0"), ("40", "30", "0", "30")]
    ]
    sums = [(spent, [sub, basic, project]), (sub, [basic, project])]
    assert confirmed_sums(sums, rows) == [(sub, [basic, project])]


def test_a_total_adds_up_what_is_under_its_own_header():
    # 总计 printed under 2026年预算数 beside 2025年预算数: its parts are the columns under 2026年预算数.
    last, total = column("2025年预算数"), column("2026年预算数", "总计")
    basic, project = column("2026年预算数", "基本支出"), column("2026年预算数", "项目支出")
    rows = [
        row_under((last, total, basic, project), values)
        for values in [("80", "100", "70", "30"), ("60", "70", "70", "0"), ("20", "30", "0", "30")]
    ]
    assert confirmed_sums([(total, [last, basic, project])], rows) == [(total, [basic, project])]


# -- several unruled tables on one page ---------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "knobs"),
    [
        (2337446730, {"ruled": "horizontal", "tables_per_page": 2}),  # two empty tables share a page
        (2531354772, {"ruled": "horizontal", "tables_per_page": 2}),  # 基本支出表 beside an empty one
        (0, {"ruled": False, "tables_per_page": 3}),
    ],
)
def test_short_tables_without_rules_sharing_a_page_are_each_read(tmp_path, seed, knobs):
    # Random consistent budgets (tests/budgets.py) the property test shrank to these: every
    # amount read back where it was printed, and no check fails.
    assert read_back(tmp_path / "budget.pdf", seed, knobs) == []
