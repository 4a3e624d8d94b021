"""The generated disclosure PDFs are what seedpdf and tests/pdfgen.py claim, read back with pdfplumber
only."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pdfplumber
import pytest

from seedpdf import SAMPLE_PATH, SEED
from seedpdf.document import Grid, ProjectTable, Text
from tests.pdfgen import build_document, render_disclosure
from tests.real import SEED_TEXT

# The seed's table of contents: every table on exactly these PDF pages.
TABLE_PAGES = {
    "收支总表": [1, 2],
    "收入总表": [3, 4],
    "支出总表": [5, 6],
    "财政拨款收支总表": [7, 8, 9],
    "一般公共预算财政拨款支出表": [10, 11],
    "一般公共预算财政拨款基本支出表": [12],
    "政府性基金预算财政拨款支出表": [13],
    "国有资本经营预算财政拨款支出表": [14],
    "财政拨款“三公”经费支出表": [15],
}

THREE_PUBLIC = {"overseas": "2.00", "vehicle_purchase": 0, "vehicle_operation": "3.50", "reception": "1.20"}


def _lines(pdf: pdfplumber.PDF, page: int) -> list[str]:
    return pdf.pages[page - 1].extract_text().split("\n")


def _flat(cell: str | None) -> str:
    """A cell's text without the line breaks and spaces wrapping put in or took out."""
    return "".join((cell or "").split())


def _index_row(lines: list[str]) -> int:
    """Position of the 栏次/档次 row (the last header line) in a table page's text."""
    return next(i for i, line in enumerate(lines) if re.match(r"^(栏次|档次) 1 2 3", line))


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    rendered = render_disclosure(tmp_path_factory.mktemp("pdf") / "seed.pdf")
    with pdfplumber.open(rendered.path) as pdf:
        yield rendered, pdf


def test_pages_follow_the_seeds_table_of_contents(seed_pdf):
    rendered, pdf = seed_pdf
    assert rendered.pages == len(pdf.pages) == 34
    for kind, pages in TABLE_PAGES.items():
        assert rendered.page_map[kind] == pages, kind
    for line, page in SEED.toc:
        if page is not None and not line.startswith("部门预算"):
            assert rendered.page_map[line.rstrip(".")][0] == page, line
    assert rendered.page_map["项目2"] == [25, 26, 27]
    assert all(p.width < p.height for p in pdf.pages)


def test_table_pages_print_the_header_block(seed_pdf):
    _, pdf = seed_pdf
    first, second = _lines(pdf, 1), _lines(pdf, 2)
    assert first[:4] == ["部门预算收支总表", "711 张家口市总工会", "预算年度：2025", "单位：万元"]
    assert second[:3] == ["711 张家口市总工会", "预算年度：2025", "单位：万元"]  # no title on page 2
    assert second[-1] == "34 收入总计 870.37 支出总计 870.37"


def test_row_name_breaks_over_pages_3_and_4(seed_pdf):
    _, pdf = seed_pdf
    assert _lines(pdf, 3)[-1] == "11 20827 财政对其他社会保险基金的 4.11 4.11 4.11"
    page4 = _lines(pdf, 4)
    assert page4[_index_row(page4) + 1] == "补助"
    assert page4[_index_row(page4) + 2].startswith("12 2082701 财政对失业保险基金的补助 0.72")


def test_stray_spaces_in_codes_and_dangci(seed_pdf):
    _, pdf = seed_pdf
    page6 = _lines(pdf, 6)
    assert page6[_index_row(page6)].startswith("档次 1 2 3")
    assert "16 210110 1 行政单位医疗 67.88 67.88" in page6
    assert "20 221020 1 住房公积金 66.90 66.90" in page6
    assert _lines(pdf, 5)[_index_row(_lines(pdf, 5))].startswith("栏次")
    assert _lines(pdf, 10)[_index_row(_lines(pdf, 10))].startswith("档次")


def test_empty_tables_carry_their_note(seed_pdf):
    _, pdf = seed_pdf
    assert _lines(pdf, 13)[-1] == "注：无政府性基金预算财政拨款预算，空表列示。"
    assert _lines(pdf, 14)[-1] == "注：无国有资本经营预算财政拨款预算，空表列示。"
    assert _lines(pdf, 15)[-1] == "注：无财政拨款“三公”经费支出预算，空表列示。"
    header = pdf.pages[14].extract_tables()[0][:2]
    assert header[0][:3] == ["序号", "项 目", "资 金 性 质"]
    assert header[1][2] == "合 计"


def test_every_table_page_is_a_ruled_grid_holding_the_seed_rows(seed_pdf):
    _, pdf = seed_pdf
    page = 1
    for table in SEED.tables:
        for table_page in table.pages:
            grids = pdf.pages[page - 1].extract_tables()  # pdfplumber's default: ruling lines
            assert len(grids) == 1, page
            body = grids[0][len(table.header.rows) + 1 :]
            assert [tuple((c or "").replace("\n", "") for c in row) for row in body] == list(table_page.rows)
            page += 1


def test_indicator_table_breaks_inside_a_cell(seed_pdf):
    _, pdf = seed_pdf
    page26 = pdf.pages[25].extract_tables()[0]
    page27 = pdf.pages[26].extract_tables()[0]
    assert page26[-1][0] == "效益指标"
    assert _flat(page26[-1][-1]) == "根据2025年劳模摸底"
    assert page27[0] == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    assert page27[1] == ["", "", "", "", "", "结果。"]
    assert pdf.pages[30].extract_tables()[0] == [list(page27[0])]  # project 4 spills a header only


def test_yuan_variant(tmp_path):
    rendered = render_disclosure(tmp_path / "yuan.pdf", yuan=True)
    with pdfplumber.open(rendered.path) as pdf:
        page3 = _lines(pdf, 3)
        assert "单位：元" in page3
        assert "1 合计 8,703,700.00 8,703,700.00 8,703,700.00" in page3
        assert "11 20827 财政对其他社会保险基金的 41,100.00 41,100.00 41,100.00" in page3
        assert "870.37万元" in pdf.pages[16].extract_text()  # the prose stays in 万元


def test_split_codes_variant(tmp_path):
    rendered = render_disclosure(tmp_path / "split.pdf", split_codes=True)
    with pdfplumber.open(rendered.path) as pdf:
        grid = pdf.pages[2].extract_tables()[0]
        assert grid[1][1:5] == ["类", "款", "项", "科目名称"]
        assert grid[0][1] == "功能分类科目"
        assert grid[9][:5] == ["7", "208", "05", "01", "行政单位离退休"]
        assert pdf.pages[11].extract_tables()[0][1][1:4] == ["类", "款", "科目名称"]  # economic codes
        assert "16 210 11 01 行政单位医疗 67.88 67.88" in _lines(pdf, 6)


def test_landscape_variant(tmp_path):
    rendered = render_disclosure(tmp_path / "landscape.pdf", landscape=True)
    assert rendered.pages == 34
    assert all(rendered.page_map[kind] == pages for kind, pages in TABLE_PAGES.items())
    with pdfplumber.open(rendered.path) as pdf:
        assert all(p.width > p.height for p in pdf.pages)


def test_final_accounts_variant(tmp_path):
    rendered = render_disclosure(tmp_path / "final.pdf", final_accounts=True)
    with pdfplumber.open(rendered.path) as pdf:
        page1 = _lines(pdf, 1)
        assert page1[:3] == ["部门决算收支总表", "711 张家口市总工会", "决算年度：2025"]
        assert "项目 决算数 项目 决算数" in page1
        assert _lines(pdf, 16)[0] == "张家口市总工会 2025 年部门决算信息公开情况说明"


def test_three_public_variant_fills_table_and_prose(tmp_path):
    rendered = render_disclosure(tmp_path / "three.pdf", three_public=THREE_PUBLIC)
    with pdfplumber.open(rendered.path) as pdf:
        grid = pdf.pages[14].extract_tables()[0]
        assert [row[:4] for row in grid[3:]] == [
            ["1", "合计", "6.70", "6.70"],
            ["2", "因公出国（境）费", "2.00", "2.00"],
            ["3", "公务用车购置及运行维护费", "3.50", "3.50"],
            ["4", "公务用车购置费", "", ""],
            ["5", "公务用车运行维护费", "3.50", "3.50"],
            ["6", "公务接待费", "1.20", "1.20"],
        ]
        assert "空表列示" not in pdf.pages[14].extract_text()
        prose = pdf.pages[17].extract_text().replace("\n", "")
        assert (
            "“三公”经费预算安排6.70万元，其中因公出国（境）费2.00万元；公务用车购置及运维费3.50万元" in prose
        )
        assert "公务用车购置费为0万元，公务用车运维费3.50万元）；公务接待费1.20万元。" in prose


def test_overrides_change_cells_units_and_prose(tmp_path):
    rendered = render_disclosure(
        tmp_path / "errors.pdf",
        overrides={
            ("收入总表", "20805", "合计"): "537.45",
            ("收支总表", "支出总计", "支出/预算数"): "870.38",
            ("三公", "unit"): "元",
            ("prose", "较2024年预算增加86.80万元"): "较2024年预算增加86.90万元",
        },
    )
    with pdfplumber.open(rendered.path) as pdf:
        assert "6 20805 行政事业单位养老支出 537.45 536.45 536.45" in _lines(pdf, 3)
        assert _lines(pdf, 2)[-1] == "34 收入总计 870.37 支出总计 870.38"
        assert "单位：元" in _lines(pdf, 15)
        assert "增加86.90万元" in pdf.pages[16].extract_text().replace("\n", "")


@pytest.mark.parametrize(
    "overrides",
    [
        {("收入总表", "9999", "合计"): "1.00"},  # no such row
        {("收入总表", "20805", "小记"): "1.00"},  # no such column
        {("收支总表", "1", "预算数"): "1.00"},  # 收入 or 支出 预算数?
        {("prose", "not in the document"): "x"},
    ],
)
def test_overrides_that_match_nothing_fail(overrides):
    with pytest.raises(ValueError):
        build_document(overrides=overrides)


def test_project_breaks_variant(tmp_path):
    rendered = render_disclosure(tmp_path / "breaks.pdf", project_breaks={1: [], 2: [3, (7, 4)]})
    assert rendered.page_map["项目1"] == [23]
    assert rendered.page_map["项目2"] == [24, 25, 26]
    with pdfplumber.open(rendered.path) as pdf:
        cut = pdf.pages[24].extract_tables()[0][-1]
        assert _flat(cut[2]) == "省部级劳模荣誉津贴" and cut[-1] == "冀办发"
        assert pdf.pages[25].extract_tables()[0][1] == ["", "", "", "", "", "[2018]38 号"]


def test_output_is_deterministic_and_sample_is_current(tmp_path):
    first = render_disclosure(tmp_path / "a.pdf").path.read_bytes()
    assert render_disclosure(tmp_path / "b.pdf").path.read_bytes() == first
    if SAMPLE_PATH.exists():
        assert SAMPLE_PATH.read_bytes() == first, "regenerate it: python -m seedpdf"


def _printed_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _printed_strings(item)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if f.name not in ("style", "wide_column", "kind"):
                yield from _printed_strings(getattr(value, f.name))


@pytest.mark.real_pdf
@pytest.mark.skipif(
    not SEED_TEXT.exists(), reason=f"{SEED_TEXT} is absent (no shared folder on this machine)"
)
def test_seed_document_is_copied_from_the_seed_text():
    source = SEED_TEXT.read_text(encoding="utf-8").replace("**", "")
    blocks = [block for chunk in SEED.explanation for block in chunk]
    assert {type(b) for b in blocks} == {Text, Grid, ProjectTable}
    missing = [s for s in _printed_strings(SEED) if s and s not in source]
    assert missing == []


# ---------------------------------------------------------------------------------------------
# The layout knobs the property test draws (tests/budgets.py), read back with pdfplumber only.


@pytest.fixture(scope="module")
def knob_pdf(tmp_path_factory):
    """Render the seed with some knobs; yield (rendered, pdf) and close it after."""
    opened = []

    def render(**variants):
        path = tmp_path_factory.mktemp("knobs") / "seed.pdf"
        rendered = render_disclosure(path, **variants)
        pdf = pdfplumber.open(rendered.path)
        opened.append(pdf)
        return rendered, pdf

    yield render
    for pdf in opened:
        pdf.close()


def _page_of(rendered, pdf, kind: str, index: int = 0):
    return pdf.pages[rendered.page_map[kind][index] - 1]


def test_horizontal_rules_draw_no_line_between_columns(knob_pdf):
    rendered, pdf = knob_pdf(ruled="horizontal")
    page = _page_of(rendered, pdf, "收入总表")
    assert len(page.horizontal_edges) > 10
    assert page.vertical_edges == []
    ruled, ruled_pdf = knob_pdf()
    assert _page_of(ruled, ruled_pdf, "收入总表").vertical_edges


def test_numbering_rows(knob_pdf):
    rendered, pdf = knob_pdf(numbering="**")
    assert "** ** ** 1 2 3 4 5 6 7 8 9 10" in _page_of(rendered, pdf, "收入总表").extract_text()
    rendered, pdf = knob_pdf(numbering="行次")
    assert "行次 1 2 3" in _page_of(rendered, pdf, "支出总表").extract_text()
    rendered, pdf = knob_pdf(numbering="none")
    text = _page_of(rendered, pdf, "支出总表").extract_text()
    assert not re.search(r"^(栏次|档次|行次) 1 2", text, re.M)


def test_codes_inside_the_name_or_absent(knob_pdf):
    rendered, pdf = knob_pdf(codes="in_name")
    text = _page_of(rendered, pdf, "支出总表").extract_text()
    assert "[2080501]行政单位离退休" in text and "科目编码" not in text
    rendered, pdf = knob_pdf(codes="absent")
    text = _page_of(rendered, pdf, "支出总表").extract_text()
    assert "行政单位离退休" in text and "2080501" not in text


def test_no_total_row_the_department_carries_the_totals(knob_pdf):
    rendered, pdf = knob_pdf(no_total_row=True)
    lines = _page_of(rendered, pdf, "支出总表").extract_text().split("\n")
    assert "1 711 张家口市总工会 870.37 694.07 176.30" in lines
    assert not any(re.match(r"^1 合计", line) for line in lines)


def test_header_lines(knob_pdf):
    rendered, pdf = knob_pdf(header_lines=3)
    assert "本年预算" in _page_of(rendered, pdf, "支出总表").extract_text()
    rendered, pdf = knob_pdf(header_lines=1)
    lines = _page_of(rendered, pdf, "支出总表").extract_text().split("\n")
    assert "功能分类科目" not in "".join(lines)


def test_rotated_and_landscape_tables_inside_a_portrait_document(knob_pdf):
    rendered, pdf = knob_pdf(rotated_tables=("支出总表",), landscape_tables=("收入总表",))
    rotations = {number: pdf.pages[number - 1].rotation for number in range(1, len(pdf.pages) + 1)}
    assert {rotations[n] for n in rendered.page_map["支出总表"]} == {90}
    assert {n for n, r in rotations.items() if r} == set(rendered.page_map["支出总表"])
    wide = _page_of(rendered, pdf, "收入总表")
    assert wide.width > wide.height
    portrait = _page_of(rendered, pdf, "收支总表")
    assert portrait.width < portrait.height
    assert rendered.page_map["收支总表"] == [1, 2]


def test_short_tables_share_a_page_and_footers_number_pages(knob_pdf):
    rendered, pdf = knob_pdf(tables_per_page=3, footers=True)
    empty = [rendered.page_map[k] for k in ("政府性基金预算财政拨款支出表", "国有资本经营预算财政拨款支出表")]
    assert empty[0] == empty[1]
    assert rendered.pages < 34
    for number, page in enumerate(pdf.pages, start=1):
        assert page.extract_text().split("\n")[-1] == f"第 {number} 页"


def test_bold_titles_are_drawn_several_times(knob_pdf):
    rendered, pdf = knob_pdf(bold_titles=3)
    first_line = _page_of(rendered, pdf, "支出总表").extract_text().split("\n")[0]
    assert first_line.startswith("部部部门门门")


def test_spaced_headers_blanks_and_titles(knob_pdf):
    rendered, pdf = knob_pdf(spaced_headers=True, blanks="—", title_style="numbered")
    text = _page_of(rendered, pdf, "支出总表").extract_text()
    assert "合 计" in text and "表3 部门预算支出总表" in text
    assert "2080501 行政单位离退休 269.32 269.32 — — — —" in text


def test_total_alone_and_rows_per_page(knob_pdf):
    rendered, pdf = knob_pdf(rows_per_page=10, total_alone=True)
    assert len(rendered.page_map["支出总表"]) == 2  # its 20 rows
    last = _page_of(rendered, pdf, "财政拨款收支总表", -1).extract_text().split("\n")
    assert last[-1] == "37 收入总计 870.37 支出总计 870.37 870.37"
    assert re.match(r"^(栏次|档次) 1 2 3", last[-2])  # the header, then this one row


def test_embedded_font_and_font_sizes(knob_pdf):
    rendered, pdf = knob_pdf(font="embedded")
    page = _page_of(rendered, pdf, "支出总表")
    assert {char["fontname"].split("+")[-1] for char in page.chars} == {"WenQuanYiMicroHei-0"}
    for size in (7, 11):
        rendered, pdf = knob_pdf(font_size=size)
        page = _page_of(rendered, pdf, "一般公共预算财政拨款基本支出表")
        assert Counter(char["size"] for char in page.chars).most_common(1)[0][0] == size


def test_redacted_amounts_print_stars(knob_pdf):
    rendered, pdf = knob_pdf(redacted=True)
    lines = _page_of(rendered, pdf, "支出总表").extract_text().split("\n")
    assert "4 2012906 工会事务 **** ****" in lines


def test_shuffled_characters_print_the_same_page(knob_pdf):
    rendered, pdf = knob_pdf(char_order="shuffled")
    page = _page_of(rendered, pdf, "支出总表")
    plain, plain_pdf = knob_pdf()
    in_order = _page_of(plain, plain_pdf, "支出总表")
    assert page.extract_text() == in_order.extract_text()
    assert [c["text"] for c in page.chars] != [c["text"] for c in in_order.chars]

    def placed(chars):
        return sorted((char["text"], round(char["x0"], 2), round(char["top"], 2)) for char in chars)

    assert placed(page.chars) == placed(in_order.chars)


# ---------------------------------------------------------------------------------------------
# tests/budgets.py: the random budgets are consistent before anything is printed.


@pytest.mark.parametrize("seed", range(8))
def test_random_budgets_add_up(seed):
    from decimal import Decimal

    from tests.budgets import expected_amounts, make_budget

    budget = make_budget(
        seed, unit_funds=bool(seed % 2), integer=seed % 3 == 0, unit="元" if seed % 4 else "万元"
    )
    amounts = expected_amounts(budget.document)
    cells: dict[tuple[str, str, str, str], Decimal] = {}
    for kind, side, code, name, column, value in amounts:
        cells[(kind, side, code or name, column)] = value
    for kind in ("收入总表", "支出总表", "一般公共预算财政拨款支出表", "一般公共预算财政拨款基本支出表"):
        rows = {(code or name) for k, _, code, name, _, _ in amounts if k == kind}
        columns = {column for k, _, _, _, column, _ in amounts if k == kind}
        for column in columns:

            def get(key: str, kind: str = kind, column: str = column) -> Decimal:
                return cells.get((kind, "", key, column), Decimal(0))

            classes = [r for r in rows if len(r) == 3 and r.isdigit()]
            assert get("合计") == sum(get(c) for c in classes), (kind, column)
            for row in rows:
                children = [
                    r
                    for r in rows
                    if r.isdigit() and r != row and r.startswith(row) and len(r) == len(row) + 2
                ]
                if children and row.isdigit():
                    assert get(row) == sum(get(c) for c in children), (kind, row, column)
    summary = {(side, name): v for k, side, _, name, _, v in amounts if k == "收支总表"}
    assert (
        summary[("收入", "收入总计")]
        == summary[("支出", "支出总计")]
        == cells[("支出总表", "", "合计", "合计")]
    )
    basic = cells.get(("一般公共预算财政拨款支出表", "", "合计", "基本支出"), Decimal(0))
    assert basic == cells.get(("一般公共预算财政拨款基本支出表", "", "合计", "合计"), Decimal(0))
    assert sum(p.budget for p in budget.projects) <= cells.get(
        ("支出总表", "", "合计", "项目支出"), Decimal(0)
    )
