"""The parser reads the seed's tables whatever way they are printed.

Each variant renders the seed (tests/pdfgen.py) another way a province prints it; the
amounts expected are the seed's, read from the seed text (in 元 they are ×10000).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosures.parsing import document as m
from disclosures.parsing import parse_pdf
from tests.pdfgen import render_disclosure

VARIANTS = {
    "seed": {},
    "landscape": {"landscape": True},
    "rotated": {"rotated": True},
    "yuan": {"yuan": True},
    "split_codes": {"split_codes": True},
    "final_accounts": {"final_accounts": True},
    "everything": {"yuan": True, "split_codes": True, "rotated": True},
}

# (table, code or item, column, amount in 万元, page), from the seed text.
SAMPLE_CELLS = [
    (m.INCOME, "20827", "合计", "4.11", 3),
    (m.INCOME, "2082701", "财政拨款收入", "0.72", 4),
    (m.EXPENSE, "2101101", "基本支出", "67.88", 6),
    (m.EXPENSE, "合计", "项目支出", "176.30", 5),
    (m.GENERAL_BUDGET_EXPENSE, "2210201", "合计", "66.90", 11),
    (m.GENERAL_BUDGET_BASIC, "30302", "人员经费", "340.59", 12),
]


@pytest.fixture(scope="module", params=list(VARIANTS))
def variant(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("variants") / f"{request.param}.pdf"
    render_disclosure(path, **VARIANTS[request.param])
    return request.param, parse_pdf(path)


def find(table: m.Table, key: str) -> m.Row:
    return next(r for r in table.rows if key in (r.code, r.item))


class TestVariants:
    def test_document_identity(self, variant):
        name, doc = variant
        stage = "决算" if name == "final_accounts" else "预算"
        assert (doc.department_code, doc.department, doc.year, doc.stage, doc.level) == (
            "711",
            "张家口市总工会",
            2025,
            stage,
            "部门",
        )

    def test_all_nine_tables_are_recognised(self, variant):
        _, doc = variant
        assert {t.kind for t in doc.tables if t.is_standard} == set(m.STANDARD_TABLES)

    def test_every_amount_is_read(self, variant):
        _, doc = variant
        assert doc.log.amounts == 188  # the seed prints 188 amounts (counted in tests/test_seed_lines.py)

    @pytest.mark.parametrize(("kind", "key", "column", "amount", "page"), SAMPLE_CELLS)
    def test_cells(self, variant, kind, key, column, amount, page):
        name, doc = variant
        table = doc.table(kind)
        row = find(table, key)
        expected = Decimal(amount) * (10000 if VARIANTS[name].get("yuan") else 1)
        assert row.amount(column) == expected
        assert row.page == page
        assert table.unit == ("元" if VARIANTS[name].get("yuan") else "万元")

    def test_summary_sides_balance(self, variant):
        name, doc = variant
        summary = doc.table(m.INCOME_EXPENSE_SUMMARY)
        totals = {r.side: r.amounts[0].value for r in summary.rows if r.item in ("收入总计", "支出总计")}
        expected = Decimal("870.37") * (10000 if VARIANTS[name].get("yuan") else 1)
        assert totals == {"收入": expected, "支出": expected}

    def test_empty_tables_are_disclosed_empty(self, variant):
        _, doc = variant
        for kind in (m.GOV_FUND_EXPENSE, m.STATE_CAPITAL_EXPENSE, m.THREE_PUBLIC):
            table = doc.table(kind)
            assert table.is_empty
            assert table.empty_note.endswith("空表列示。")


class TestFilledThreePublic:
    def test_rows_and_columns(self, tmp_path):
        path = tmp_path / "sangong.pdf"
        render_disclosure(path, three_public={"overseas": 2, "vehicle_operation": 3.5, "reception": 1.2})
        table = parse_pdf(path).table(m.THREE_PUBLIC)
        amounts = {r.item: r.amount("合计") for r in table.rows}
        assert amounts == {
            "合计": Decimal("6.70"),
            "因公出国（境）费": Decimal("2.00"),
            "公务用车购置及运行维护费": Decimal("3.50"),
            "公务用车购置费": None,
            "公务用车运行维护费": Decimal("3.50"),
            "公务接待费": Decimal("1.20"),
        }
        assert table.columns[:2] == ["合计", "一般公共预算财政拨款"]


class TestUnreadableAmounts:
    def test_a_cell_that_is_no_number_is_logged_and_a_dash_is_nothing(self, tmp_path):
        path = tmp_path / "odd.pdf"
        cells = {("支出总表", "2080501", "合计"): "见附表", ("支出总表", "2080502", "合计"): "—"}
        render_disclosure(path, overrides=cells)
        doc = parse_pdf(path)
        expense = doc.table(m.EXPENSE)
        assert find(expense, "2080501").amount("合计") is None
        assert find(expense, "2080502").amount("合计") is None
        unreadable = [s for s in doc.log.skipped if "金额无法识别" in s.reason]
        assert [(s.page, s.what) for s in unreadable] == [
            (5, "部门预算支出总表“2080501行政单位离退休”行“合计”列：见附表")
        ]
