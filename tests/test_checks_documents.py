"""The checks on whole documents: PDFs rendered from the seed (some with one deliberate error)
parsed by the real parser, and the real disclosures in ../shared/real.

Expected results are worked out from the seed text and the printed pages: the seed adds up
except one rounding difference (20805 prints 536.45, its 项 rows add to 536.44).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from disclosures.checks import FAILED, NOT_APPLICABLE, OK, WARNING, run_checks
from disclosures.parsing import parse_pdf
from tests.expected import make_seed_doc
from tests.pdfgen import render_disclosure
from tests.real import real_pdf

# From the seed text: 20805 prints 536.45 while its 项 rows add to 536.44, in three tables.
SEED_ROUNDING = {
    ("hierarchy", "收入总表", "20805 行政事业单位养老支出", column)
    for column in ("合计", "小计", "财政拨款收入")
} | {
    ("hierarchy", table, "20805 行政事业单位养老支出", column)
    for table in ("支出总表", "一般公共预算财政拨款支出表")
    for column in ("合计", "基本支出")
}


def checked(tmp_path, **variant):
    path = tmp_path / "doc.pdf"
    render_disclosure(path, **variant)
    return run_checks(parse_pdf(path))


def failures(results):
    return [r for r in results if r.status == FAILED]


def comparisons(results) -> Counter:
    return Counter(r.check for r in results)


def typed_in() -> Counter:
    """How many comparisons each check makes on the seed typed in from its text (tests/expected.py;
    tests/test_checks.py states the counts): the rendered PDF must give every one of them."""
    return comparisons(run_checks(make_seed_doc()))


class TestSeed:
    def test_every_applicable_check_passes_but_the_rounding_of_20805(self, tmp_path, record_property):
        results = checked(tmp_path)
        counts = Counter(r.status for r in results)
        record_property("summary", f"seed: {len(results)} checks run {dict(counts)}")
        assert comparisons(results) == typed_in()
        assert counts == {OK: len(results) - len(SEED_ROUNDING), WARNING: len(SEED_ROUNDING)}
        warnings = {(r.check, r.table, r.row, r.column) for r in results if r.status == WARNING}
        assert warnings == SEED_ROUNDING
        for warning in (r for r in results if r.status == WARNING):
            assert (warning.expected, warning.actual, warning.difference) == (
                Decimal("536.44"),
                Decimal("536.45"),
                Decimal("0.01"),
            )

    def test_in_yuan_the_rounding_difference_is_an_error(self, tmp_path):
        # Printed in 元 (×10000), the seed's 0.01 万元 rounding becomes 100.00 元, far beyond the
        # 0.01 元 per term a table in 元 may be off by: the same rows now fail.
        results = checked(tmp_path, yuan=True, split_codes=True)
        assert comparisons(results) == typed_in()
        assert Counter(r.status for r in results) == {
            OK: len(results) - len(SEED_ROUNDING),
            FAILED: len(SEED_ROUNDING),
        }
        assert {r.row for r in failures(results)} == {"20805 行政事业单位养老支出"}
        assert {r.difference.copy_abs() for r in failures(results)} == {Decimal("100.00")}


class TestOneDeliberateError:
    def test_a_kuan_row_that_is_not_the_sum_of_its_xiang(self, tmp_path):
        # 2080501 printed 269.87 instead of 269.32 in every column of 收入总表: 20805 no longer adds up.
        cells = {("收入总表", "2080501", column): "269.87" for column in ("合计", "小计", "财政拨款收入")}
        failed = failures(checked(tmp_path, overrides=cells))
        assert {(r.check, r.table, r.row) for r in failed} == {
            ("hierarchy", "收入总表", "20805 行政事业单位养老支出")
        }
        assert {r.column for r in failed} == {"合计", "小计", "财政拨款收入"}
        assert all(r.actual == Decimal("536.45") and r.expected == Decimal("536.99") for r in failed)
        assert {r.page for r in failed} == {3}

    def test_income_total_that_is_not_the_expense_total(self, tmp_path):
        failed = failures(checked(tmp_path, overrides={("收支总表", "34", "收入/预算数"): "870.73"}))
        # The one misprinted figure breaks the balance, its own sum, and its agreement with 收入总表.
        assert {(r.check, r.table, r.row) for r in failed} == {
            ("balance", "收支总表", "收入总计/支出总计"),
            ("totals", "收支总表", "收入总计"),
            ("cross_table.income_total", "收入总表", "合计"),
        }
        assert all(Decimal("870.73") in (r.expected, r.actual) for r in failed)
        assert {r.difference.copy_abs() for r in failed} == {Decimal("0.36")}

    def test_three_public_prose_that_is_not_the_table(self, tmp_path):
        results = checked(
            tmp_path,
            three_public={"overseas": 2, "vehicle_operation": 3.5, "reception": 1.2},
            overrides={("prose", "公务接待费1.20万元"): "公务接待费1.50万元"},
        )
        failed = failures(results)
        assert [(r.check, r.row) for r in failed] == [("cross_table.three_public", "公务接待费")]
        assert (failed[0].expected, failed[0].actual) in {
            (Decimal("1.20"), Decimal("1.50")),
            (Decimal("1.50"), Decimal("1.20")),
        }

    def test_a_table_printed_in_yuan_among_tables_in_wanyuan(self, tmp_path):
        # 支出总表 says 单位：元 while its figures are 万元-sized: it no longer agrees with 收入总表.
        failed = failures(checked(tmp_path, overrides={("支出总表", "unit"): "单位：元"}))
        assert "cross_table.expense_total" in {r.check for r in failed}
        # Every failure compares 支出总表 with another table, in one unit: 870.37 万元 against 0.09.
        assert all(r.check.startswith("cross_table.") and r.table == "支出总表" for r in failed)
        total = next(r for r in failed if r.check == "cross_table.expense_total")
        assert (total.expected, total.actual) == (Decimal("870.37"), Decimal("0.09"))


class TestShanghaiKindOfError:
    def test_a_row_whose_total_equals_its_basic_spending_while_it_has_project_spending(self, tmp_path):
        # The real Shanghai 2026 单位预算 prints a 行政运行 row whose 合计 equals 基本支出 while its
        # 项目支出 is 64,840,547.00. The same shape, in 元, on the seed's 2012906 row of 支出总表.
        cells = {
            ("支出总表", "2012906", "合计"): "1,763,000.00",
            ("支出总表", "2012906", "基本支出"): "1,763,000.00",
            ("支出总表", "2012906", "项目支出"): "64,840,547.00",
        }
        results = checked(tmp_path, yuan=True, overrides=cells)
        columns = [r for r in failures(results) if r.check == "columns"]
        assert [(r.table, r.row, r.column) for r in columns] == [("支出总表", "2012906 工会事务", "合计")]
        assert columns[0].actual == Decimal("1763000.00")
        assert columns[0].expected == Decimal("66603547.00")
        assert columns[0].page == 5


class TestMissingTable:
    def test_a_check_without_its_table_is_not_applicable_not_a_pass(self, tmp_path):
        # A document whose 基本支出表 is retitled as something else entirely.
        overrides = {("一般公共预算财政拨款基本支出表", "title"): "人员名册表"}
        results = checked(tmp_path, overrides=overrides)
        basic = [r for r in results if r.check == "cross_table.basic_expense"]
        assert [r.status for r in basic] == [NOT_APPLICABLE]


# The real documents: how many checks pass, and the failures, each decided from the printed page.
REAL = {
    # 西南大学 2023 部门预算, page 8 (收入总表): 2050202 小学教育 prints 收入合计 9,645.51 while its
    # columns add to 14.33 + 8,201.15 + 0.50 + 1,430.03 = 9,646.01; 20502 普通教育 prints 520,603.91
    # while its 项 rows add to 520,603.41. The document is wrong by 0.50 万元, not the parser.
    "CQ02": {("hierarchy", "20502 普通教育"), ("columns", "2050202 小学教育")},
    "CQ03": set(),
    "JS07": set(),
    "JS14": set(),
    "SH03": set(),
    "SH04": set(),
    "SH12": set(),
}


@pytest.mark.real_pdf
@pytest.mark.parametrize("prefix", list(REAL))
def test_real_document(prefix, record_property):
    results = run_checks(parse_pdf(real_pdf(prefix)))
    counts = Counter(r.status for r in results)
    applicable = len(results) - counts[NOT_APPLICABLE]
    record_property(
        "summary", f"{prefix}: {counts[OK]} of {applicable} applicable checks pass {dict(counts)}"
    )
    assert {(r.check, r.row) for r in failures(results)} == REAL[prefix]
    assert counts[OK] > 0
