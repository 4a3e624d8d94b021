"""Tables printed without ruling lines are read from how their text lines up.

``render_disclosure(ruled=False)`` prints the seed's nine tables with no grid, only a rule
above and below each table, so pdfplumber's lines strategy finds nothing on those pages; the
parser falls back to reading the table from the aligned text (``grid.grid_from_text``).
The amounts expected are the seed's (tests/test_seed_lines.py transcribes all 188 of them
from the seed text), never the parser's own output.
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from disclosures.parsing import document as m
from disclosures.parsing import parse_pdf
from disclosures.parsing.pdf import unruled_region
from tests.expected import SEED_LINES
from tests.pdfgen import render_disclosure


@pytest.fixture(scope="module")
def unruled(tmp_path_factory):
    path = tmp_path_factory.mktemp("unruled") / "unruled.pdf"
    render_disclosure(path, ruled=False)
    return parse_pdf(path)


def find(table: m.Table, key: str) -> m.Row:
    return next(r for r in table.rows if key in (r.code, r.item))


def test_the_statement_pages_have_no_grid(tmp_path):
    import pdfplumber

    path = tmp_path / "unruled.pdf"
    rendered = render_disclosure(path, ruled=False)
    with pdfplumber.open(path) as pdf:
        for page in rendered.page_map["收入总表"]:
            assert pdf.pages[page - 1].find_tables() == []


def test_all_nine_tables_are_recognised(unruled):
    assert {t.kind for t in unruled.tables if t.is_standard} == set(m.STANDARD_TABLES)


def test_income_row_with_its_name_wrapped_over_the_page(unruled):
    row = find(unruled.table(m.INCOME), "20827")
    assert row.item == "财政对其他社会保险基金的补助"  # 财政对其他社会保险基金的 / 补助 (page 4)
    assert row.amount("合计") == Decimal("4.11")
    assert row.page == 3


def test_code_printed_with_a_stray_space(unruled):
    row = find(unruled.table(m.EXPENSE), "2101101")  # printed 210110 1 on page 6
    assert row.amount("基本支出") == Decimal("67.88")
    assert row.page == 6


def test_summary_totals_on_both_sides(unruled):
    summary = unruled.table(m.INCOME_EXPENSE_SUMMARY)
    totals = {r.side: r.amounts[0].value for r in summary.rows if r.item in ("收入总计", "支出总计")}
    assert totals == {"收入": Decimal("870.37"), "支出": Decimal("870.37")}


def test_every_amount_is_read(unruled):
    # The unruled read gets every one of the seed's 188 amounts, on the right row, column,
    # side and page.
    assert unruled.log.amounts == len(SEED_LINES) == 188
    got = sorted(
        (t.kind, r.side, r.row_no, r.code, r.item, a.column, str(a.value), r.page)
        for t in unruled.tables
        for r in t.rows
        for a in r.amounts
    )
    assert got == sorted(SEED_LINES)


def test_empty_tables_are_disclosed_empty(unruled):
    for kind in (m.GOV_FUND_EXPENSE, m.STATE_CAPITAL_EXPENSE, m.THREE_PUBLIC):
        table = unruled.table(kind)
        assert table.is_empty
        assert table.empty_note.endswith("空表列示。")


def test_the_log_says_which_pages_were_read_without_ruling_lines(unruled):
    notes = [re.match(r"第(\d+)页：表格没有框线", note) for note in unruled.log.notes]
    pages = sorted(int(note.group(1)) for note in notes if note)
    assert pages == list(range(1, 16))  # the nine tables' pages; the explanation keeps its grids


@pytest.mark.parametrize(
    "variant",
    [{"landscape": True}, {"rotated": True}, {"split_codes": True}, {"yuan": True}, {"final_accounts": True}],
    ids=["landscape", "rotated", "split_codes", "yuan", "final_accounts"],
)
def test_other_variants_unruled(tmp_path, variant):
    path = tmp_path / "variant.pdf"
    render_disclosure(path, ruled=False, **variant)
    doc = parse_pdf(path)
    assert {t.kind for t in doc.tables if t.is_standard} == set(m.STANDARD_TABLES)
    assert doc.log.amounts == 188
    row = find(doc.table(m.EXPENSE), "2101101")
    column = "基本支出"
    assert row.amount(column) == Decimal("67.88") * (10000 if variant.get("yuan") else 1)


def test_the_page_number_under_a_table_printed_without_rules_is_not_a_row():
    page = SimpleNamespace(bbox=(0, 0, 842, 595), rotation=0)

    def line(text: str, top: float, x0: float = 60, x1: float = 430) -> dict:
        return {"text": text, "top": top, "bottom": top + 12, "x0": x0, "x1": x1}

    rows = [line(f"{n} 行政运行 {n}00.00 {n}00.00", 200 + 19.4 * n) for n in range(1, 5)]
    # At the foot of the page, as far under the last row as 1.5 rows.
    footer = line("第 2 页", rows[-1]["top"] + 1.5 * 19.4, 285, 311)
    lines = [line("部门预算收入总表", 150, 350, 480), line("单位：元", 170, 750, 790), *rows, footer]
    assert unruled_region(page, lines)[3] == rows[-1]["bottom"] + 0.5


def test_a_redacted_cell_aligned_left_goes_to_its_own_column():
    """A **** printed left in its cell reaches into the column before: where it falls in the
    column of the word before it, it goes to the next column, unless a figure is printed there."""
    from disclosures.parsing.grid import _placed

    def word(text, x0):
        return {"text": text, "x0": x0, "x1": x0 + 16}

    line = [word("合计", 10), word("****", 60), word("****", 110), word("****", 160)]
    placed = _placed(line, [0, 1, 2, 2], 4)
    assert [band for _, band in placed] == [0, 1, 2, 3]
    # The next column holds a figure of the line: the **** stays where it lies.
    line = [word("合计", 10), word("****", 60), word("****", 110), word("12.00", 160)]
    assert [band for _, band in _placed(line, [0, 1, 1, 2], 3)] == [0, 1, 1, 2]
