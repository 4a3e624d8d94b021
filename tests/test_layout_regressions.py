"""Layouts the property test (tests/test_layouts.py) or bench/layouts.py found misread, kept as
plain examples: one budget seed and the knobs it was printed with (tests/budgets.py).

Each must read back exactly with no check failing. Those the parser does not read yet are
``xfail(strict=True)`` with what is misread: when a fix lands the test passes, xfail turns it
red, and the mark is removed and the knob value joins the property test's strategy
(``tests.budgets.NOT_YET_READ``). ``python bench/layouts.py --shrink`` finds new ones, each shrunk to
the knobs it needs.
"""

from __future__ import annotations

import pytest

from tests.budgets import read_back


def case(seed: int, knobs: dict, misread: str = ""):
    """One example; ``misread`` (what the parser gets wrong today) marks it an expected failure."""
    marks = [pytest.mark.xfail(strict=True, reason=misread)] if misread else []
    return pytest.param(
        seed, knobs, marks=marks, id=f"{seed}-" + "-".join(f"{k}={v}" for k, v in knobs.items())
    )


CASES = [
    # Misread when first drawn, read back since (parser fixes, and a renderer fix for the last).
    case(0, {"ruled": "horizontal"}),
    case(0, {"ruled": False}),
    case(0, {"header_lines": 3}),
    case(0, {"header_lines": 4}),
    case(0, {"numbering": "行次"}),
    case(0, {"numbering": "**"}),
    case(0, {"integer": True, "orientation": "rotated", "tables_per_page": 3}),
    case(0, {"bold_titles": 3}),
    case(0, {"total_row": False}),
    case(2337446730, {"ruled": "horizontal", "tables_per_page": 2}),
    case(2531354772, {"ruled": "horizontal", "tables_per_page": 2}),
    case(0, {"mixed_rules": True, "tables_per_page": 3}),
    case(471974589, {"integer": True, "blanks": "0.00", "mixed_rules": True}),  # was a false 未通过
    case(0, {"title_style": "department"}),  # a title naming the department wraps onto two lines
    # Several unruled tables on a page under titles wrapped onto two lines (…经费支出 / 表): each
    # title starts a table of its own (the tables were read as one, or not found).
    case(4051301074, {"ruled": False, "tables_per_page": 3, "title_style": "department"}),
    case(727630286, {"ruled": "horizontal", "tables_per_page": 3, "title_style": "department"}),
    case(
        726666907,
        {
            "header_lines": 4,
            "ruled": False,
            "tables_per_page": 2,
            "title_style": "department",
            "unit_funds": True,
        },
    ),
    case(475823197, {"ruled": False, "tables_per_page": 2, "title_style": "department"}),
    case(2657661085, {"ruled": "horizontal", "tables_per_page": 2, "title_style": "department"}),
    case(
        3547702431,
        {
            "integer": True,
            "ruled": False,
            "tables_per_page": 2,
            "title_style": "department",
            "unit": "元",
        },
    ),
    case(1399381643, {"numbering": "none", "ruled": False, "title_style": "department"}),
    case(0, {"project_rules": "horizontal"}),  # no project was read
    case(0, {"project_rules": False}),
    case(0, {"project_rules": False, "indicator_break": "rows"}),
    case(0, {"project_rules": "horizontal", "indicator_break": "cell"}),
    # The 收入总计 | 支出总计 row alone on a spill-over page of 财政拨款收支总表, printed without
    # rules (or with horizontal rules only) on a wide page: 收入 | 支出 were placed again from that
    # page's one line, over other columns, and 支出总计 was read with no side.
    case(1002170858, {"orientation": "landscape", "ruled": False, "total_alone": True, "unit": "元"}),
    # Were false 未通过: an unruled four-line header whose 本年预算 beside 功能分类科目 lost 合计 and
    # 小计 (收入总表 小计 summed from 其他收入 alone); blank marks (-, —) printed at the left of their
    # cell taken for a column of their own, so a group header lost its last column.
    case(3595350730, {"codes": "absent", "header_lines": 4, "ruled": False}),
    case(1127544847, {"codes": "absent", "header_lines": 4, "orientation": "landscape", "ruled": False}),
    case(
        3164481770,
        {"blanks": "-", "broken_rows": True, "header_lines": 4, "ruled": "horizontal", "total_row": False},
    ),
    case(3843426609, {"blanks": "—", "header_lines": 3, "rows_per_page": 12, "ruled": False}),
    # Blank marks (-) printed at the left of their cells were taken for where names start, so the
    # wrapped header words above them (财政拨款 / 收入) were read as the rest of a broken row: the
    # header of 收入总表 lost, and with it the department's code printed on its first row.
    case(4190750329, {"blanks": "-", "numbering": "none", "ruled": "horizontal", "total_row": False}),
    # Whole amounts in a table printed without rules: its data start at the first row of
    # amounts (no decimal point to find), and a sparse column of short amounts (事业收入 65) is
    # its own column, not the one beside it.
    case(4254157582, {"integer": True, "mixed_rules": True, "numbering": "none"}),
    case(2111692965, {"integer": True, "numbering": "none", "mixed_rules": True}),
    case(3730526918, {"codes": "in_name", "integer": True, "mixed_rules": True, "numbering": "none"}),
    case(2362696728, {"integer": True, "orientation": "rotated", "ruled": False, "unit_funds": True}),
    case(714984327, {"integer": True, "ruled": False, "unit_funds": True}),
    case(2779566913, {"broken_rows": True, "integer": True, "ruled": False, "unit_funds": True}),
    case(3511049246, {"integer": True, "numbering": "**", "ruled": "horizontal", "unit_funds": True}),
    case(
        3499540438,
        {"codes": "absent", "integer": True, "ruled": "horizontal", "tables_per_page": 3, "unit_funds": True},
    ),
    case(
        796080901,
        {"broken_rows": True, "codes": "in_name", "integer": True, "ruled": "horizontal", "unit_funds": True},
    ),
    case(
        4165948444,
        {"codes": "in_name", "integer": True, "orientation": "rotated", "ruled": False, "unit_funds": True},
    ),
    # Whole amounts printed at the left of their cells, the 0.00 printed for nothing at the right,
    # without rules: a column's cells fall into two bands of figures. A sparse column of short
    # figures (项目支出 214, 事业收入 74) reached neither its number nor its header, and was read as
    # a column of its own (header split: 项目支 | 出, 事业收 | 入).
    case(
        2167072902,
        {
            "blanks": "0.00",
            "font_size": 11,
            "integer": True,
            "ruled": False,
            "separators": True,
            "unit_funds": True,
        },
    ),
    case(
        2167072902,
        {
            "blanks": "0.00",
            "font_size": 11,
            "integer": True,
            "numbering": "none",
            "ruled": False,
            "separators": True,
            "unit_funds": True,
        },
    ),
    case(
        2167072902,
        {
            "unit": "万元",
            "integer": True,
            "separators": True,
            "three_public": False,
            "unit_funds": True,
            "orientation": "rotated_tables",
            "ruled": False,
            "header_lines": 4,
            "spaced_headers": False,
            "numbering": "**",
            "codes": "split",
            "total_row": True,
            "tables_per_page": 1,
            "rows_per_page": None,
            "total_alone": True,
            "blanks": "0.00",
            "title_style": None,
            "bold_titles": 3,
            "footers": False,
            "broken_rows": True,
            "mixed_rules": True,
            "project_rules": False,
            "indicator_break": "rows",
            "font": "embedded",
            "font_size": 11,
            "redacted": False,
            "char_order": "shuffled",
        },
    ),
    # Fonts, sizes, redactions and the order of drawing (read back when first drawn).
    case(0, {"font": "embedded"}),  # a TrueType Chinese font embedded (subset) in the file
    case(0, {"font_size": 7}),
    case(0, {"font_size": 11}),
    case(0, {"ruled": False, "numbering": "none", "font_size": 7}),  # 收支总表 not read as two-sided
    case(0, {"redacted": True}),  # was a false 未通过: a 款 against its 项 with one printed ****
    case(0, {"char_order": "shuffled"}),
    case(0, {"char_order": "shuffled", "font": "embedded", "ruled": False}),
    # Each character its own text object in an embedded font: PDFium left the written spaces out
    # (合 计 read as two words), and an unruled 收支总表's header and 支出 amounts were lost.
    case(
        2538654334,
        {"ruled": "horizontal", "spaced_headers": True, "font": "embedded", "char_order": "shuffled"},
    ),
    # A left-aligned **** in an unruled table made a column of its own: every column after it
    # was misnamed, and the empty cell beside it counted as 0 (false 未通过 on totals and columns).
    case(0, {"redacted": True, "ruled": False}),
    case(1783001626, {"redacted": True, "mixed_rules": True}),
    # (the 1002170858 family: more seeds of the same spill-over page)
    case(
        1856426078,
        {"orientation": "landscape_tables", "ruled": "horizontal", "total_alone": True, "unit": "元"},
    ),
    case(251060047, {"orientation": "landscape", "ruled": "horizontal", "total_alone": True, "unit": "元"}),
    case(1564570483, {"orientation": "rotated", "ruled": False, "total_alone": True, "unit": "元"}),
    case(
        98134869, {"orientation": "rotated_tables", "ruled": "horizontal", "total_alone": True, "unit": "元"}
    ),
    case(3670975292, {"orientation": "landscape_tables", "ruled": False, "total_alone": True, "unit": "元"}),
    case(404265716, {"orientation": "landscape_tables", "ruled": False, "total_alone": True, "unit": "元"}),
    # The rest of a row broken over a page (财政对其他社会 / 保险基金的补助) opening a page with no
    # numbering row: read as one more header line, the page was taken for an untitled table.
    case(3452566366, {"broken_rows": True, "numbering": "none"}),
    case(425056905, {"broken_rows": True, "numbering": "none"}),
    # … on a landscape table whose next page prints its columns a little wider: the fragment lies
    # in the name column of the header that page repeats, not at the first page's edges.
    case(
        4060436084,
        {"orientation": "landscape_tables", "numbering": "none", "rows_per_page": 25, "broken_rows": True},
    ),
    # No codes and the department's own row carrying the totals (printed so since the renderer
    # applies no_total_row before the codes are left out); the department's code 303 is also the
    # economic 类 对个人和家庭的补助, which the read-back once took for the department's row.
    case(15093, {"codes": "absent", "total_row": False, "unit_funds": True}),
    case(0, {"codes": "absent", "total_row": False}),
    case(0, {"codes": "split", "total_row": False}),
    # A table printed without rules and with no numbering row, going on over a page below its
    # header repeated: the page was not taken for the table's continuation (rows lost).
    case(1013818839, {"ruled": "horizontal", "numbering": "none", "total_alone": True}),
    case(2710559270, {"ruled": "horizontal", "numbering": "none", "total_alone": True}),
    case(734889426, {"ruled": False, "numbering": "none", "total_alone": True}),
    case(3900940756, {"ruled": False, "numbering": "none", "broken_rows": True}),
    case(3687093963, {"ruled": "horizontal", "numbering": "none", "broken_rows": True}),
    case(573124782, {"ruled": "horizontal", "numbering": "none", "rows_per_page": 12}),
    case(1153874069, {"ruled": False, "numbering": "none", "rows_per_page": 12}),
    case(3533086005, {"ruled": False, "numbering": "none", "rows_per_page": 25}),
    # A parent header (收入) printed in the gap between its columns' words was read as an empty
    # column of its own: the 收入 side lost its name (财政拨款收支总表 on a rotated page).
    case(335773665, {"ruled": False, "numbering": "none", "orientation": "rotated_tables"}),
    case(  # likewise 功能分类科目 over 款 | 项 | 科目名称, on a page of few rows (支出总表 rows lost)
        2291960546,
        {
            "ruled": False,
            "numbering": "none",
            "orientation": "rotated",
            "codes": "split",
            "header_lines": 3,
            "rows_per_page": 25,
            "total_alone": True,
            "tables_per_page": 2,
        },
    ),
    # 7-point text on a wide page, printed without rules or with horizontal rules only: the words
    # of a header stand far apart beside its columns. 收入 | 支出 of 财政拨款收支总表 met halfway
    # between the two words, so 支出 lost its 项目 column and the 支出 amounts lost their side;
    # 收入 | 支出 of 收支总表 read as empty columns of their own.
    case(1536850108, {"font_size": 7, "orientation": "landscape", "ruled": "horizontal", "unit": "元"}),
    case(3763015118, {"font_size": 7, "orientation": "rotated_tables", "ruled": False, "unit": "元"}),
    case(1495539779, {"font_size": 7, "orientation": "landscape_tables", "ruled": False, "unit": "元"}),
    case(3443913498, {"font_size": 7, "orientation": "rotated", "ruled": False, "unit": "元"}),
    case(2824878489, {"font_size": 7, "orientation": "landscape", "ruled": False, "unit": "元"}),
    case(1470365320, {"font_size": 7, "numbering": "none", "orientation": "landscape", "ruled": False}),
    # A header repeated on the next page whose words fall into other lines there (its columns set
    # wider): the page was not taken for the table's continuation, 收入总计 | 支出总计 lost.
    case(
        3365906289,
        {"font_size": 11, "numbering": "none", "orientation": "rotated", "rows_per_page": 25, "ruled": False},
    ),
    case(
        3221406026,
        {
            "font_size": 11,
            "numbering": "none",
            "orientation": "landscape_tables",
            "rows_per_page": 25,
            "ruled": "horizontal",
        },
    ),
    # Pages stored turned (/Rotate 90), each character its own text object in the embedded font:
    # PDFium left the spaces written on their own out of its text (no generated space either on
    # a turned line), the spaced headers of 收支总表 split, its 支出 amounts were lost and
    # 财政拨款收支总表 had a false 未通过 (columns).
    case(
        0,
        {
            "orientation": "rotated",
            "ruled": "horizontal",
            "spaced_headers": True,
            "font": "embedded",
            "char_order": "shuffled",
        },
    ),
    # A page that repeats an unruled table's header and its 栏次 line in the same place, with
    # few rows, some of them redacted (****): its columns were placed again from those rows, and
    # 财政拨款收 / 入 split into two columns, so the page was not read as the table going on.
    # Such a page is read in the table's own columns, numbered or not.
    case(
        28184744, {"broken_rows": True, "orientation": "landscape", "redacted": True, "ruled": "horizontal"}
    ),
    # Three header levels (部门预算 › 本年预算 › 合计 | 基本支出 | 项目支出 …) in small text on a
    # wide page: 本年预算, centred over the columns with a header above it, was read as a column
    # of its own and took 项目支出's figures.
    case(
        2814467092,
        {
            "font_size": 7,
            "header_lines": 4,
            "numbering": "none",
            "orientation": "landscape",
            "ruled": "horizontal",
        },
    ),
    # … but a header wrapped in its own cell (经营 / 支出, a fraction of a line apart) is one
    # cell: 支出 under 经营 was taken for a parent, and 经营支出 lost its column.
    case(79635178, {"codes": "in_name", "font_size": 11, "numbering": "none", "ruled": "horizontal"}),
    # A column whose cells print apart (77 at the left of 其他收入, 0.00 at its right) merged
    # 其他收入 with 上年结转: the department's row above the codes no longer added up, so its code
    # (447) was not read as the department's.
    case(
        1914961808,
        {
            "blanks": "0.00",
            "integer": True,
            "orientation": "landscape",
            "ruled": False,
            "total_row": False,
            "unit_funds": True,
        },
    ),
    # … on a wide page, each column's number printed between its whole figures (left) and its
    # 0.00 (right): the 0.00 of 项目支出 went to the next number, every column after it one off
    # (rows lost; a false 未通过 on 城乡社区支出 between 支出总表 and 收支总表).
    case(
        1969975945,
        {
            "integer": True,
            "orientation": "landscape_tables",
            "ruled": False,
            "blanks": "0.00",
            "broken_rows": True,
            "font_size": 11,
        },
    ),
    case(
        2804519353,
        {
            "integer": True,
            "orientation": "rotated_tables",
            "ruled": False,
            "rows_per_page": 12,
            "blanks": "0.00",
            "font_size": 11,
        },
    ),
    # Each character its own text object in the embedded font, on a landscape page drawn scaled
    # to fit (0.9 0 0 0.9 cm): PDFium placed the space it generates for a space written on its
    # own a point past where the file writes it, the space was dropped, the spaced headers 收 入
    # | 支 出 split into single characters and the 收支总表 and 财政拨款收支总表 amounts lost
    # their side.
    case(
        4199901237,
        {
            "char_order": "shuffled",
            "font": "embedded",
            "orientation": "landscape",
            "rows_per_page": 25,
            "ruled": False,
            "spaced_headers": True,
        },
    ),
    case(
        1923868166,
        {
            "char_order": "shuffled",
            "font": "embedded",
            "orientation": "landscape_tables",
            "rows_per_page": 25,
            "ruled": False,
            "spaced_headers": True,
        },
    ),
    case(
        1992759374,
        {
            "unit": "元",
            "integer": True,
            "separators": True,
            "three_public": True,
            "unit_funds": True,
            "orientation": "landscape",
            "ruled": False,
            "header_lines": 1,
            "spaced_headers": True,
            "numbering": "**",
            "codes": "absent",
            "total_row": False,
            "tables_per_page": 3,
            "rows_per_page": 25,
            "total_alone": True,
            "blanks": None,
            "title_style": "department",
            "bold_titles": 1,
            "footers": True,
            "broken_rows": True,
            "mixed_rules": False,
            "project_rules": True,
            "indicator_break": "rows",
            "font": "embedded",
            "font_size": 11,
            "redacted": True,
            "char_order": "shuffled",
        },
    ),
    # Likewise scaled further (0.71): PDFium's space would stand past the next character's start,
    # and it breaks the line there instead (收 \r\n 入).
    case(
        202452351,
        {
            "integer": True,
            "three_public": True,
            "orientation": "landscape",
            "ruled": False,
            "header_lines": 4,
            "spaced_headers": True,
            "codes": "split",
            "total_row": False,
            "blanks": "—",
            "project_rules": "horizontal",
            "font": "embedded",
            "redacted": True,
            "char_order": "shuffled",
        },
    ),
    # 11-point text on turned pages with horizontal rules only (tables read from how their text
    # lines up). The page number printed at the foot of the page, as near under the last row as
    # the rows are apart, was taken for one more row: 第 2 页 spanning two amount columns joined
    # them into one, and the rows of 收入总表 on that page were misread.
    case(
        1881486993,
        {
            "codes": "absent",
            "font_size": 11,
            "footers": True,
            "header_lines": 3,
            "numbering": "**",
            "orientation": "rotated",
            "ruled": "horizontal",
            "unit": "元",
        },
    ),
    # Whole amounts printed at the left of their cells and 0.00 at the right: each column's
    # figures lie in two bands, its number centred between them. The second band made a column
    # of its own (or went to the next number), the header was placed over the wrong columns, and
    # the page going on with 支出总表 no longer matched it: its row 2210202 was lost.
    case(
        3699986887,
        {
            "blanks": "0.00",
            "font_size": 11,
            "integer": True,
            "orientation": "rotated",
            "rows_per_page": 12,
            "ruled": "horizontal",
        },
    ),
    case(  # … on landscape tables, with a false 未通过 (支出总表's 住房保障支出 lost)
        2295753334,
        {
            "blanks": "0.00",
            "broken_rows": True,
            "font_size": 11,
            "integer": True,
            "orientation": "landscape_tables",
            "ruled": "horizontal",
        },
    ),
    case(
        2195974574,
        {
            "blanks": "0.00",
            "broken_rows": True,
            "integer": True,
            "orientation": "rotated",
            "ruled": "horizontal",
            "unit_funds": True,
        },
    ),
    # A redacted cell (****) of a table printed without full rules, as exporters print it:
    # aligned left in its cell, as text, and reaches into the column before. Counted among what
    # is printed in that column, it drew the column wider, so that 财政拨款收 (of 财政拨款收 /
    # 入, wrapped in its cell) was read as the parent of 小计 and 入, and 收入总表's 财政拨款收入
    # amounts were read under 入. A row's **** also fell under the column before its own.
    case(
        1914012528,
        {"orientation": "landscape", "redacted": True, "ruled": "horizontal", "spaced_headers": True},
    ),
    case(
        178882996,
        {
            "codes": "split",
            "font_size": 7,
            "orientation": "landscape",
            "redacted": True,
            "ruled": "horizontal",
        },
    ),
    case(
        4255507579,
        {"codes": "split", "font_size": 7, "orientation": "rotated", "redacted": True, "ruled": False},
    ),
    # Characters of a header spaced out (合 计) are joined into one header only left to right:
    # on a turned page, 转 (the end of 上年结 / 转, far right) and 号 (of 序 / 号, far left) lay
    # on one line and were joined into a header from x 766 back to 68, which covered every
    # column (收入总表's columns all read as 上年结转).
    case(
        462624004,
        {
            "blanks": "0.00",
            "font_size": 11,
            "numbering": "none",
            "orientation": "rotated",
            "ruled": "horizontal",
            "spaced_headers": True,
        },
    ),
    # Combinations of the knobs above pinned as plain examples: they read back today.
    case(0, {"total_row": False, "codes": "in_name"}),
    case(0, {"broken_rows": True, "codes": "absent"}),
    case(0, {"orientation": "rotated_tables", "tables_per_page": 3, "footers": True}),
    case(0, {"indicator_break": "cell", "unit": "元", "separators": True}),
]


@pytest.mark.parametrize(("seed", "knobs"), CASES)
def test_layout_reads_back(seed, knobs, tmp_path):
    assert read_back(tmp_path / "budget.pdf", seed, knobs) == []
