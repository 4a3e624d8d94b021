"""The real disclosures in ../shared/real parse, and their grand totals come out as printed.

Expected values were read off the printed pages (page numbers are the PDF's own, 1-based).
The folder is not part of the repository; these tests skip where it is absent (tests/real.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from disclosures.ingest import ingest_pdf
from disclosures.parsing import document as m
from tests.reading import csv_rows
from tests.real import real_pdf

pytestmark = pytest.mark.real_pdf


def row(table: m.Table, item: str, side: str = "") -> m.Row:
    for r in table.rows:
        if r.item == item and (not side or r.side == side):
            return r
    raise AssertionError(f"{table.kind}: no row {item!r} ({side}) in {[r.item for r in table.rows]}")


def coded(table: m.Table, code: str) -> m.Row:
    return next(r for r in table.rows if r.code == code)


class Printed(NamedTuple):
    prefix: str  # the file
    department: str
    year: int
    stage: str
    unit: str  # of the 收支总表
    income_row: str  # the grand-total row on the 收入 side
    expense_row: str  # and on the 支出 side
    total: str  # as printed, separators removed
    page: int


GRAND_TOTALS = [
    Printed("SH12", "上海市普陀区财政局", 2025, "预算", "元", "收入总计", "支出总计", "31214205.80", 9),
    Printed(
        "SH04",
        "上海市普陀区人民政府万里街道办事处",
        2023,
        "预算",
        "元",
        "收入总计",
        "支出总计",
        "164978640",
        10,
    ),
    Printed("SH03", "中共上海市普陀区委社会工作部", 2024, "决算", "万元", "总计", "总计", "307.82", 5),
    Printed("CQ02", "西南大学", 2023, "预算", "万元", "收入总计", "支出总计", "557259.13", 7),
    Printed("CQ03", "西南大学", 2023, "决算", "万元", "合计", "合计", "569496.54", 9),
    Printed("JS07", "江苏省人民检察院", 2019, "预算", "万元", "收入合计", "支出合计", "24169.74", 14),
    Printed("JS14", "江苏省政协办公厅", 2017, "预算", "万元", "收入合计", "支出合计", "9146.79", 1),
]


@pytest.mark.parametrize("printed", GRAND_TOTALS, ids=[p.prefix for p in GRAND_TOTALS])
class TestGrandTotals:
    def test_document_is_identified(self, real_parsed, printed):
        doc = real_parsed(printed.prefix)
        assert (doc.department, doc.year, doc.stage) == (printed.department, printed.year, printed.stage)

    def test_summary_table_balances_as_printed(self, real_parsed, printed):
        summary = real_parsed(printed.prefix).table(m.INCOME_EXPENSE_SUMMARY)
        assert summary is not None
        assert summary.unit == printed.unit
        income_row = row(summary, printed.income_row, "收入")
        expense_row = row(summary, printed.expense_row, "支出")
        assert [a.value for a in income_row.amounts] == [Decimal(printed.total)]
        assert [a.value for a in expense_row.amounts] == [Decimal(printed.total)]
        assert income_row.page == expense_row.page == printed.page


@pytest.mark.django_db
@pytest.mark.parametrize("printed", GRAND_TOTALS, ids=[p.prefix for p in GRAND_TOTALS])
def test_ingested_grand_totals_in_lines_csv(client, printed):
    """The whole path: ingest the real PDF, then find its grand totals in /export/lines.csv."""
    result = ingest_pdf(file=real_pdf(printed.prefix))
    assert result.stored, result.refusal
    response = client.get(f"/export/lines.csv?year={printed.year}&stage={printed.stage}")
    rows = csv_rows(response)
    totals = {
        (r["side"], r["item"], r["amount"], r["unit"], r["page"])
        for r in rows
        if r["table"] == m.INCOME_EXPENSE_SUMMARY and r["item"] in (printed.income_row, printed.expense_row)
    }
    assert totals >= {
        ("收入", printed.income_row, printed.total, printed.unit, str(printed.page)),
        ("支出", printed.expense_row, printed.total, printed.unit, str(printed.page)),
    }
    assert {r["department"] for r in rows} == {printed.department}


class TestDocumentTitle:
    @pytest.mark.parametrize(
        ("prefix", "title"),
        [
            ("CQ02", "西南大学 2023 年度部门预算"),
            ("SH03", "中共上海市普陀区委 社会工作部 2024 年度 部门决算"),
        ],
    )
    def test_the_cover_title(self, real_parsed, prefix, title):
        assert real_parsed(prefix).title == title

    def test_no_cover_no_title(self, real_parsed):
        assert real_parsed("JS14").title == ""  # its first page is already 表一 收支预算总表


class TestShanghaiLayout:
    def test_codes_split_over_three_columns_are_joined(self, real_parsed):
        income = real_parsed("SH12").table(m.INCOME)
        assert coded(income, "2010601").item == "行政运行"
        assert coded(income, "2010601").amount("合计") == Decimal("16231840.80")
        assert income.pages == [10, 11]

    def test_three_public_table_keeps_its_own_unit(self, real_parsed):
        doc = real_parsed("SH12")
        assert doc.table(m.INCOME).unit == "元"
        three = doc.table(m.THREE_PUBLIC)
        assert three.unit == "万元"
        assert three.rows[0].amount("公务接待费") == Decimal("0.95")

    def test_empty_fund_table_is_disclosed_empty(self, real_parsed):
        fund = real_parsed("SH04").table(m.GOV_FUND_EXPENSE)
        assert fund.is_empty
        assert "空表" in fund.empty_note

    def test_project_tables_are_not_read_as_amount_tables(self, real_parsed):
        doc = real_parsed("SH04")
        assert not any("绩效" in t.title for t in doc.tables)
        assert sum(1 for s in doc.log.skipped if "项目绩效目标表" in s.reason) == 5


class TestJiangsuLayout:
    def test_twelve_table_template(self, real_parsed):
        doc = real_parsed("JS14")
        assert len(doc.tables) == 12
        assert doc.table(m.GENERAL_BUDGET_BASIC).title == "一般公共预算基本支出预算表"

    def test_three_public_cross_layout(self, real_parsed):
        three = real_parsed("JS14").table(m.THREE_PUBLIC)
        (only,) = three.rows
        assert only.amount("因公出国（境）费") == Decimal("76.00")
        assert only.amount("公务接待费") == Decimal("443.50")
        assert only.amount("公务用车运行维护费") == Decimal("156.60")

    def test_table_continued_under_a_repeated_title_is_one_table(self, real_parsed):
        purchase = real_parsed("JS14").tables[-1]
        assert purchase.title == "2017年政府采购预算表"
        assert purchase.pages == [12, 13]


class TestFinalAccounts:
    def test_summary_continues_on_a_page_without_header(self, real_parsed):
        summary = real_parsed("CQ03").table(m.INCOME_EXPENSE_SUMMARY)
        assert summary.pages == [8, 9]
        assert row(summary, "十九、住房保障支出", "支出").amounts[0].value == Decimal("16278.27")
