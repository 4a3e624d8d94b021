"""Who, which year, 预算 or 决算, 部门 or 单位: read from wherever a document prints it.

The PDFs are rendered by tests/identity_pdfs.py, one arrangement each (the header in its
arrangements, the labels, the tables' titles, the cover, the explanation, the file name); what
each should read as is what a reader of the PDF sees. The rules that need no PDF (a row, a unit
or a column header is never a department; a printing date is no budget year) are tested on text.
"""

from __future__ import annotations

import pytest

from disclosures.parsing import parse_pdf
from disclosures.parsing.errors import RefusedFile
from disclosures.parsing.identity import (
    FILENAME,
    clean_name,
    is_department_name,
    read_identity,
)
from tests.identity_pdfs import ARRANGEMENTS, BY_NAME, NAMELESS, render_identity


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    cache = {}

    def get(arrangement):
        if arrangement.name not in cache:
            folder = tmp_path_factory.mktemp(arrangement.name.replace("（", "_").replace("）", "_"))
            path = render_identity(folder / arrangement.filename, arrangement)
            cache[arrangement.name] = parse_pdf(path)
        return cache[arrangement.name]

    return get


@pytest.mark.parametrize("arrangement", ARRANGEMENTS, ids=[a.name for a in ARRANGEMENTS])
class TestArrangements:
    def test_identity_as_printed(self, parsed, arrangement):
        doc = parsed(arrangement)
        assert (doc.department, doc.department_code, doc.year, doc.stage, doc.level) == (
            arrangement.department,
            arrangement.code,
            arrangement.year,
            arrangement.stage,
            arrangement.level,
        )

    def test_the_log_says_which_evidence_named_the_department(self, parsed, arrangement):
        decided = parsed(arrangement).log.identity["部门名称"]
        assert decided.startswith(f"{arrangement.department}，取自{arrangement.source}")

    def test_every_field_is_accounted_for_in_the_notes(self, parsed, arrangement):
        notes = parsed(arrangement).log.notes
        for name in ("部门名称", "年度", "类型", "级次"):
            assert any(note.startswith(f"{name}：") for note in notes), name


def test_the_document_wins_over_a_mislabelled_file_name_and_the_log_says_so(parsed):
    doc = parsed(BY_NAME["file_name_disagrees"])
    assert (doc.department, doc.year) == ("张家口市总工会", 2025)
    assert "文件名写作“德州市信访局”" in doc.log.identity["部门名称"]


def test_a_document_that_names_nobody_is_read_without_a_department(parsed):
    """Not refused: its tables are read; ingest keeps it 待确认 for staff to name it."""
    doc = parsed(NAMELESS)
    assert doc.department == ""
    assert (doc.year, doc.stage) == (2025, "预算")
    assert doc.log.amounts > 0
    assert doc.log.identity["部门名称"] == "未能从文件中识别"


# --- rules on text -------------------------------------------------------------------------------


def test_a_classification_row_is_never_a_department():
    """A row without amounts prints its code and name alone on a line, page after page."""
    pages = [
        "2026 年度\n福州市商务局\n部门预算",
        "收支预算总表\n单位：万元\n307 债务利息及费用支出\n项目 预算数",
        "支出预算总表\n单位：万元\n307 债务利息及费用支出\n201 一般公共服务支出",
    ]
    identity = read_identity(pages)
    assert identity.department == "福州市商务局"
    assert identity.department_code == ""


NOT_NAMES = ["万元", "元", "项目", "科目名称", "一般公共服务支出", "工会事务", "行政运行", "印刷费", "合计"]
NAMES = ["张家口市总工会", "国家信访局", "无锡市教育局（本级）", "福州市公安局治安管理支队", "西南大学"]


@pytest.mark.parametrize("printed", NOT_NAMES)
def test_units_headers_and_rows_are_not_names(printed):
    assert not is_department_name(printed)


@pytest.mark.parametrize("printed", NAMES)
def test_institutions_are_names(printed):
    assert is_department_name(printed)


def test_a_trailing_部门_is_the_department_with_its_units():
    assert clean_name("北京市教育委员会部门") == "北京市教育委员会"
    assert clean_name("福州市民政局(本级)") == "福州市民政局（本级）"


def test_a_unit_of_measure_after_单位_is_not_a_department():
    pages = ["收支总表\n单位：万元\n项目 预算数", "收入总表\n单位：万元"]
    assert read_identity(pages).department == ""


def test_the_printing_date_is_not_the_year_of_a_final_account():
    """A 2024 决算 is printed in 2025: the year is the one the document is about."""
    pages = ["中共上海市普陀区委社会工作部\n2024 年度部门决算\n二〇二五年八月", "2025年8月30日"]
    identity = read_identity(pages)
    assert (identity.year, identity.stage) == (2024, "决算")
    assert identity.department == "中共上海市普陀区委社会工作部"


def test_fund_names_holding_预算_do_not_make_a_final_account_a_budget():
    pages = ["收入支出决算总表\n单位：万元", "一般公共预算财政拨款支出决算表\n单位：万元"]
    identity = read_identity(pages, filename="x.pdf")
    assert identity.stage == "决算"


def test_level_is_部门_unless_the_document_says_单位():
    identity = read_identity(["2026 年度苏州市水务局单位预算公开"])
    assert identity.level == "单位"
    identity = read_identity(["苏州市审计局2026年度部门预算公开"])
    assert identity.level == "部门"
    identity = read_identity(["收支总表\n单位名称：苏州市审计局 单位：万元"], filename="x.pdf")
    assert identity.level == "部门"
    assert identity.decided_by["级次"] == "未印出部门或单位，按部门"


def test_a_responsibility_note_in_prose_is_no_label():
    pages = ["各单位要加强管理。（责任单位：省卫生健康委）\n单位：省卫生健康委）"]
    assert read_identity(pages).department == ""


def test_the_strongest_evidence_wins_and_more_pages_break_ties():
    pages = [
        "北京市财政局 2026 年度部门预算信息公开",  # the cover
        "收支总表\n部门：北京市财政局（本级） 单位：万元",  # a header, one page
        "收入总表\n部门：北京市财政局（本级） 单位：万元",  # and another
    ]
    identity = read_identity(pages)
    assert identity.department == "北京市财政局（本级）"
    assert identity.decided_by["部门名称"].startswith("北京市财政局（本级），取自表头（第2、3页")
    assert "封面或标题写作“北京市财政局”" in identity.decided_by["部门名称"]


@pytest.mark.parametrize(
    ("filename", "department", "year", "stage"),
    [
        ("2026年东营市信访局部门预算.pdf", "东营市信访局", 2026, "预算"),
        ("无锡_人力资源和社会保障局_2026年部门预算.pdf", "人力资源和社会保障局", 2026, "预算"),
        ("JS07_江苏省人民检察院_2019年度部门预算公开.pdf", "江苏省人民检察院", 2019, "预算"),
        ("SH03_中共上海市普陀区委宣传部2024年度部门决算.pdf", "中共上海市普陀区委宣传部", 2024, "决算"),
        ("CQ03_21_swu_2023_final_accounts__download.jsp.pdf", "", 2023, "决算"),
    ],
)
def test_the_file_name_as_the_last_resort(filename, department, year, stage):
    identity = read_identity(["收支总表\n单位：万元"], filename=filename)
    assert (identity.department, identity.year, identity.stage) == (department, year, stage)
    assert identity.decided_by["年度"].startswith(f"{year}，取自{FILENAME}")


def test_names_itself_only_from_a_title():
    assert read_identity(["2026 年部门预算情况说明"]).names_itself
    assert not read_identity(["关于做好2026年部门预算编制工作的通知\n各单位要统筹收入和支出。"]).names_itself


# --- what is refused -----------------------------------------------------------------------------


def test_a_notice_that_speaks_of_budgets_is_refused_as_no_disclosure(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from seedpdf.layout import paragraph

    path = tmp_path / "2026年某市财政局部门预算.pdf"
    lines = [
        "某市财政局关于做好2026年预算编制工作的通知",
        "各单位：为做好收入和支出预算的编制，现将有关事项通知如下。",
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build([paragraph(line, 480, 12, leading=20) for line in lines])
    with pytest.raises(RefusedFile) as refused:
        parse_pdf(path)
    assert "不是部门预算或决算公开文件" in str(refused.value)
    assert "没有找到收支总表等标准表格" in str(refused.value)


def test_a_web_page_saved_as_pdf_is_refused_as_such(tmp_path):
    path = tmp_path / "2026年重庆市财政局部门预算.pdf"
    path.write_text("<!DOCTYPE html>\n<html lang='en'><head><meta charset='UTF-8'></head></html>")
    with pytest.raises(RefusedFile) as refused:
        parse_pdf(path)
    assert "不是PDF文件，而是网页（HTML）" in str(refused.value)
