"""Table titles too long for one line (the department and year printed before the table's name)
are read as printed, their lines joined: each table is found, under the title the page prints.

The documents are drawn here from the seed and from a generated budget (tests/budgets.py); every
expected title and code is what the drawn document prints.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pdfplumber

from disclosures.parsing import parse_pdf
from disclosures.parsing.page import Cell, Column, Grid, PageLayout
from disclosures.parsing.tables import build_tables
from seedpdf import SEED
from tests.budgets import render_budget
from tests.pdfgen import render_disclosure


def _printed_lines(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [
            line.replace(" ", "") for page in pdf.pages for line in (page.extract_text() or "").splitlines()
        ]


def _standard_tables(path) -> dict:
    parsed = parse_pdf(path)
    kinds = [table.kind for table in parsed.tables if table.is_standard]
    assert len(kinds) == len(set(kinds)), kinds  # each table found once
    return {table.kind: table for table in parsed.tables if table.is_standard}


def test_a_title_wrapped_by_its_length_is_read_joined(tmp_path):
    # Budget 0 is 赣州市文化广电旅游局's: two of its titles are too long for a line and wrap, e.g.
    # 赣州市文化广电旅游局2023年部门预算一般公共预算财政拨款基本支出 / 表.
    path = tmp_path / "budget.pdf"
    _, rendered = render_budget(path, 0, {"title_style": "department"})
    printed = rendered.document
    lines = _printed_lines(path)
    wrapped = [table.title for table in printed.tables if table.title not in lines]
    assert "赣州市文化广电旅游局2023年部门预算一般公共预算财政拨款基本支出表" in wrapped
    assert "赣州市文化广电旅游局2023年部门预算国有资本经营预算财政拨款支出表" in wrapped

    tables = _standard_tables(path)
    assert {kind: table.title for kind, table in tables.items()} == {
        table.kind: table.title for table in printed.tables
    }
    basic = tables["一般公共预算财政拨款基本支出表"]
    (printed_basic,) = [table for table in printed.tables if table.kind == basic.kind]
    column = printed_basic.code_column
    printed_codes = [row[column] for page in printed_basic.pages for row in page.rows if row[column]]
    assert [row.code for row in basic.rows if row.code] == printed_codes


def test_a_title_printed_as_department_over_table_name_is_read_joined(tmp_path):
    # The department on one line, the year and the table's name on the next, in the title's size.
    path = tmp_path / "seed.pdf"
    document = replace(
        SEED,
        tables=tuple(
            replace(table, title=f"{SEED.department}\n{SEED.year}年{table.title}") for table in SEED.tables
        ),
    )
    printed = render_disclosure(path, document).document
    lines = _printed_lines(path)
    assert SEED.department in lines

    tables = _standard_tables(path)
    assert {kind: table.title for kind, table in tables.items()} == {
        table.kind: table.title.replace("\n", "") for table in printed.tables
    }


def test_a_title_wrapped_inside_the_grids_top_cell_is_read_joined():
    # A title printed in the grid's merged top row (as spreadsheet exports print it), wrapped in
    # its cell; the unit on a line of its own under it in the same cell.
    def cell(text, x0, x1, top):
        return Cell(text, x0, x1, top, top + 10)

    title = cell("某某市某某局2026年部门预算国有资本经营预算财政拨款支出\n表\n单位：万元", 50, 500, 20)
    header = [cell("科目编码", 50, 150, 50), cell("科目名称", 150, 350, 50), cell("合计", 350, 500, 50)]
    row = [cell("223", 50, 150, 70), cell("国有资本经营预算支出", 150, 350, 70), cell("12.00", 350, 500, 70)]
    rows = [[title], header, row]
    columns = [Column((c.text,), c.x0, c.x1) for c in header]
    grid = Grid(1, 20, 80, 50, 500, rows, rows, preamble=[title.raw], header_rows=1, columns=columns)
    tables, _ = build_tables([PageLayout(1, [grid], [])])
    (table,) = tables
    assert (table.kind, table.title, table.unit) == (
        "国有资本经营预算财政拨款支出表",
        "某某市某某局2026年部门预算国有资本经营预算财政拨款支出表",
        "万元",
    )
    assert [(r.code, r.amount("合计")) for r in table.rows] == [("223", Decimal("12.00"))]
