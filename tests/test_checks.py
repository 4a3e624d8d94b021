"""The consistency checks (disclosures/checks/) on the seed and on documents with one error each.

Plain pytest, no Django: the documents are built in memory with tests/builders.py (the seed's, as
the parser should read it, with tests/expected.py).

Long because each check family has its deliberate-error cases here, beside the registry test that
counts every check on the seed; split by family if it grows further.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from disclosures.checks import (
    FAILED,
    NOT_APPLICABLE,
    OK,
    WARNING,
    Finding,
    check_names,
    compare,
    run_checks,
)
from disclosures.parsing.document import (
    EXPENSE,
    FISCAL_SUMMARY,
    GENERAL_BUDGET_BASIC,
    GENERAL_BUDGET_EXPENSE,
    GOV_FUND_EXPENSE,
    INCOME,
    INCOME_EXPENSE_SUMMARY,
    STATE_CAPITAL_EXPENSE,
    THREE_PUBLIC,
    ThreePublic,
)
from tests.builders import (
    FUNCTION_EXPENSE_COLUMNS,
    find_row,
    make_columns,
    make_document,
    make_fact,
    make_table,
    make_three_public_figures,
    make_two_sided_table,
    set_amount,
    without_paths,
)
from tests.expected import EXPENSE_COLUMNS, THREE_PUBLIC_COLUMNS, make_seed_doc, seed_table


@pytest.fixture(autouse=True)
def _test_settings():
    """These tests need no Django: stand in for the project conftest's settings fixture so that
    they also run with ``-p no:django``."""


ROW_20805 = "20805 行政事业单位养老支出"

# From the seed text: 20805 prints 536.45 while its 项 rows 269.32 + 117.50 + 129.48 + 20.14 add
# to 536.44. The row is printed in three tables, in every column that has an amount on it.
SEED_WARNINGS = {
    ("hierarchy", INCOME, ROW_20805, "合计"),
    ("hierarchy", INCOME, ROW_20805, "小计"),
    ("hierarchy", INCOME, ROW_20805, "财政拨款收入"),
    ("hierarchy", EXPENSE, ROW_20805, "合计"),
    ("hierarchy", EXPENSE, ROW_20805, "基本支出"),
    ("hierarchy", GENERAL_BUDGET_EXPENSE, ROW_20805, "合计"),
    ("hierarchy", GENERAL_BUDGET_EXPENSE, ROW_20805, "基本支出"),
}

# How many comparisons the seed gives, per check. A comparison counts when a cell in it is printed:
# - hierarchy 67: 9 parent rows (201, 20129, 208, 20805, 20827, 210, 21011, 221, 22102) × 3 printed
#   columns in 收入总表, × 合计 and 基本支出 or 项目支出 in 支出总表 and 一般公共预算 (18 each), and
#   301, 303 × 合计, 人员经费 in 基本支出表 (4);
# - totals 21: the 合计 row in 收入总表 (3 columns), 支出总表 (3), 一般公共预算 (3), 基本支出表 (2);
#   本年合计 and 总计 on each side of 收支总表 (4) and of 财政拨款收支总表 (2 + 2 × 2 columns);
# - columns 97: 20 rows × (合计, 小计) in 收入总表, 20 rows in 支出总表 and in 一般公共预算, 11 in
#   基本支出表, 6 printed 支出 rows of 财政拨款收支总表;
# - balance 4: 总计 and 本年合计 in each two-sided table; function_class 8: 4 类 × 2 table pairs;
#   three_public 6: each category stated in the prose against the empty table.
SEED_COUNTS = {
    "hierarchy": 67,
    "totals": 21,
    "columns": 97,
    "balance": 4,
    "cross_table.income_total": 2,
    "cross_table.expense_total": 1,
    "cross_table.income_expense": 1,
    "cross_table.function_class": 8,
    "cross_table.basic_expense": 1,
    "cross_table.three_public": 6,
    "projects": 1,
    "prose.income_total": 1,
    "prose.expense_total": 1,
    "prose.expense_basic": 1,
    "prose.expense_project": 1,
    "prose.personnel": 1,
    "prose.public_funds": 1,
    "prose.general_budget_income": 1,
    "prose.change": 1,
}
# Every registered check is counted above but these two: the seed's 三公 table is printed empty.
NOTHING_TO_ADD_UP_IN_THE_SEED = {"three_public.total", "three_public.vehicles"}
SEED_TOTAL = sum(SEED_COUNTS.values())  # 217


def where(result: Finding) -> tuple[str, str, str, str]:
    return (result.check, result.table, result.row, result.column)


def with_status(results: list[Finding], status: str) -> list[Finding]:
    return [result for result in results if result.status == status]


def not_ok(results: list[Finding]) -> set[tuple[str, str, str, str, str]]:
    return {(*where(result), result.status) for result in results if result.status != OK}


def seed_not_ok() -> set[tuple[str, str, str, str, str]]:
    return {(*key, WARNING) for key in SEED_WARNINGS}


class TestSeedPasses:
    """The seed passes every applicable check, one rounding difference aside."""

    def test_only_the_20805_rounding_warnings(self):
        results = run_checks(make_seed_doc())
        assert {where(result) for result in with_status(results, WARNING)} == SEED_WARNINGS
        assert with_status(results, FAILED) == []
        assert with_status(results, NOT_APPLICABLE) == []

    def test_the_warnings_are_one_cent_within_four_cents(self):
        for result in with_status(run_checks(make_seed_doc()), WARNING):
            assert (result.expected, result.actual) == (Decimal("536.44"), Decimal("536.45"))
            assert result.difference == Decimal("0.01")
            assert result.tolerance == Decimal("0.04")
            assert result.unit == "万元"
            assert "相差0.01万元" in result.message

    def test_number_of_checks(self):
        results = run_checks(make_seed_doc())
        counts = Counter(result.check for result in results)
        statuses = Counter(result.status for result in results)
        print(f"\nseed: {len(results)} checks, {dict(statuses)}")
        assert set(SEED_COUNTS) == set(check_names()) - NOTHING_TO_ADD_UP_IN_THE_SEED
        assert len(results) == SEED_TOTAL
        assert dict(counts) == SEED_COUNTS
        assert statuses == {OK: SEED_TOTAL - len(SEED_WARNINGS), WARNING: len(SEED_WARNINGS)}

    def test_every_result_names_where_it_looked(self):
        for result in run_checks(make_seed_doc()):
            assert result.row, result
            assert result.column, result
            assert result.message.endswith("。"), result
            assert result.page is not None, result
            assert isinstance(result.expected, Decimal) and isinstance(result.actual, Decimal)
            if result.check != "prose.change":
                assert result.table, result

    def test_without_column_header_paths(self):
        """A parser that keeps only leaf headers (no 本年收入 above 小计) gives the same results."""
        doc = make_seed_doc()
        doc.tables = [without_paths(table) for table in doc.tables]
        results = run_checks(doc)
        assert len(results) == SEED_TOTAL
        assert not_ok(results) == seed_not_ok()

    def test_pages_are_those_of_the_rows(self):
        results = run_checks(make_seed_doc())
        pages = {(result.table, result.column): result.page for result in with_status(results, WARNING)}
        assert pages == {
            (INCOME, "合计"): 3,
            (INCOME, "小计"): 3,
            (INCOME, "财政拨款收入"): 3,
            (EXPENSE, "合计"): 5,
            (EXPENSE, "基本支出"): 5,
            (GENERAL_BUDGET_EXPENSE, "合计"): 10,
            (GENERAL_BUDGET_EXPENSE, "基本支出"): 10,
        }


class TestHierarchyError:
    """A 款 row that is not the sum of its 项 rows fails the hierarchy check on that row."""

    def test_a_kuan_row_not_equal_to_its_xiang_rows(self):
        doc = make_seed_doc()
        expense = seed_table(doc, EXPENSE)
        # 行政单位医疗 printed 67.98 instead of 67.88 (in both columns, so the row itself adds up).
        set_amount(expense, "2101101", "合计", "67.98")
        set_amount(expense, "2101101", "基本支出", "67.98")
        results = run_checks(doc)
        failed = with_status(results, FAILED)
        assert {where(result) for result in failed} == {
            ("hierarchy", EXPENSE, "21011 行政事业单位医疗", "合计"),
            ("hierarchy", EXPENSE, "21011 行政事业单位医疗", "基本支出"),
        }
        for result in failed:
            assert (result.expected, result.actual, result.difference) == (
                Decimal("86.71"),
                Decimal("86.61"),
                Decimal("-0.10"),
            )
            assert "21011 行政事业单位医疗" in result.message
        assert not_ok(results) - {(*where(r), FAILED) for r in failed} == seed_not_ok()


class TestRedactedCells:
    """A cell printed ``****`` (redacted: a figure not published) is not an empty cell: a sum or a
    comparison it takes part in could not run (无法核对), it does not fail."""

    @staticmethod
    def redact(table, key: str, *columns: str) -> None:
        for column in columns:
            set_amount(table, key, column, None)
        find_row(table, key).not_numbers.update(dict.fromkeys(columns, "****"))

    def test_a_redacted_xiang_leaves_its_kuan_unchecked(self):
        doc = make_seed_doc()
        self.redact(seed_table(doc, EXPENSE), "2101101", "合计", "基本支出")
        results = run_checks(doc)
        assert with_status(results, FAILED) == []
        unchecked = {where(result) for result in with_status(results, NOT_APPLICABLE)}
        # And every other column of that 款 (项目支出 …): the row's empty cells are not taken for 0
        # beside a **** (which column a **** stands in is not sure where the table has no rules).
        assert {
            ("hierarchy", EXPENSE, "21011 行政事业单位医疗", "合计"),
            ("hierarchy", EXPENSE, "21011 行政事业单位医疗", "基本支出"),
            ("hierarchy", EXPENSE, "21011 行政事业单位医疗", "项目支出"),
            ("columns", EXPENSE, "2101101 行政单位医疗", "合计"),
        } <= unchecked
        assert {(check, row) for check, _, row, _ in unchecked} == {
            ("hierarchy", "21011 行政事业单位医疗"),
            ("columns", "2101101 行政单位医疗"),
        }
        for result in with_status(results, NOT_APPLICABLE):
            assert "****" in result.message and "无法核对" in result.message

    def test_a_redaction_read_under_the_wrong_column(self):
        """Unruled, a left-aligned **** is read under the column to its left: the row's empty
        cell under its own column is not taken for 0."""
        doc = make_seed_doc()
        expense = seed_table(doc, EXPENSE)
        self.redact(expense, "2101101", "合计")
        set_amount(expense, "2101101", "基本支出", None)
        results = run_checks(doc)
        assert with_status(results, FAILED) == []
        unchecked = {where(result) for result in with_status(results, NOT_APPLICABLE)}
        assert ("hierarchy", EXPENSE, "21011 行政事业单位医疗", "基本支出") in unchecked

    def test_an_empty_xiang_still_fails(self):
        doc = make_seed_doc()
        for column in ("合计", "基本支出"):
            set_amount(seed_table(doc, EXPENSE), "2101101", column, None)
        failed = {where(result) for result in with_status(run_checks(doc), FAILED)}
        assert ("hierarchy", EXPENSE, "21011 行政事业单位医疗", "合计") in failed

    def test_a_redacted_total_is_compared_with_nothing(self):
        doc = make_seed_doc()
        self.redact(seed_table(doc, EXPENSE), "合计", "合计")
        results = run_checks(doc)
        assert with_status(results, FAILED) == []
        unchecked = {result.check for result in with_status(results, NOT_APPLICABLE)}
        assert {"totals", "columns", "cross_table.expense_total", "cross_table.income_expense"} <= unchecked


class TestBalanceError:
    """收入总计 ≠ 支出总计 fails the balance check."""

    def test_fiscal_summary_out_of_balance(self):
        doc = make_seed_doc()
        fiscal = seed_table(doc, FISCAL_SUMMARY)
        # 支出总计 880.37 with a 年末结转 of 10.00: the 支出 side adds up, but 收入总计 is 870.37.
        for column in ("合计", "一般公共预算财政拨款"):
            set_amount(fiscal, "年末财政拨款结转和结余", column, "10.00")
            set_amount(fiscal, "支出总计", column, "880.37")
        results = run_checks(doc)
        failed = with_status(results, FAILED)
        assert [where(result) for result in failed] == [
            ("balance", FISCAL_SUMMARY, "收入总计/支出总计", "合计")
        ]
        assert (failed[0].expected, failed[0].actual) == (Decimal("870.37"), Decimal("880.37"))
        assert not_ok(results) - {(*where(failed[0]), FAILED)} == seed_not_ok()

    def test_summary_misprinted_expense_total(self):
        doc = make_seed_doc()
        set_amount(seed_table(doc, INCOME_EXPENSE_SUMMARY), "支出总计", "预算数", "880.37")
        failed = with_status(run_checks(doc), FAILED)
        # The misprint breaks the balance and the 支出 side's own total, both on that row.
        assert {where(result) for result in failed} == {
            ("balance", INCOME_EXPENSE_SUMMARY, "收入总计/支出总计", "预算数"),
            ("totals", INCOME_EXPENSE_SUMMARY, "支出总计", "预算数"),
        }


THREE_PUBLIC_ROWS = """
@15
1||合计|22.91|22.91
2||因公出国（境）费|0.00|0.00
3||公务用车购置及运行维护费|21.56|21.56
4||其中：公务用车购置费||
5||公务用车运行维护费|21.56|21.56
6||公务接待费|1.35|1.35
"""

# SH04 万里街道 2023: one row, the categories as columns, and 机关运行经费 beside them.
CROSS_COLUMNS = make_columns(
    ("2023年“三公”经费预算数", "合计"),
    ("2023年“三公”经费预算数", "因公出国(境)费"),
    ("2023年“三公”经费预算数", "公务接待费"),
    ("2023年“三公”经费预算数", "公务用车购置及运行费", "小计"),
    ("2023年“三公”经费预算数", "公务用车购置及运行费", "购置费"),
    ("2023年“三公”经费预算数", "公务用车购置及运行费", "运行费"),
    "2023年机关运行经费预算数",
)
CROSS_ROW = "@28\n|||22.91|0|1.35|21.56|0|21.56|786.09"

# Chongqing 2026 (重庆市规划和自然资源局, page 26): last year's budget beside this year's.
TWO_YEARS_COLUMNS = [
    (year, *category)
    for year in ("2025年预算数", "2026年预算数")
    for category in (
        ("合计",),
        ("因公出国（境）费",),
        ("公务用车购置及运行费", "小计"),
        ("公务用车购置及运行费", "公务用车购置费"),
        ("公务用车购置及运行费", "公务用车运行费"),
        ("公务接待费",),
    )
]
TWO_YEARS_ROW = (
    "@26\n|||2552.50|343.41|1726.00|458.00|1268.00|483.09|2171.85|321.91|1570.75|342.25|1228.50|279.19"
)


class TestThreePublicProseError:
    """A 三公 figure in the prose that differs from the table fails cross_table.three_public."""

    def test_prose_states_reception_money_the_empty_table_does_not_have(self):
        doc = make_seed_doc()
        doc.three_public.prose.reception = Decimal("1.20")
        doc.three_public.prose.total = Decimal("1.20")
        results = run_checks(doc)
        failed = with_status(results, FAILED)
        assert {where(result) for result in failed} == {
            ("cross_table.three_public", THREE_PUBLIC, "合计", "合计"),
            ("cross_table.three_public", THREE_PUBLIC, "公务接待费", "合计"),
        }
        assert all((r.expected, r.actual) == (Decimal(0), Decimal("1.20")) for r in failed)

    def test_table_figures_against_prose(self):
        doc = make_seed_doc()
        figures = {"total": "22.91", "overseas": "0", "vehicles": "21.56", "reception": "1.35"}
        doc.three_public = ThreePublic(
            table=make_three_public_figures(**figures),
            prose=make_three_public_figures(page=18, **{**figures, "vehicles": "21.65"}),
        )
        failed = with_status(run_checks(doc), FAILED)
        assert [where(result) for result in failed] == [
            ("cross_table.three_public", THREE_PUBLIC, "公务用车购置及运行维护费", "合计")
        ]

    def test_yuan_table_against_wan_prose(self):
        doc = make_seed_doc()
        doc.three_public = ThreePublic(
            table=make_three_public_figures(unit="元", total="9500.00", reception="9500.00"),
            prose=make_three_public_figures(total="0.95", reception="0.95"),
        )
        results = [r for r in run_checks(doc) if r.check == "cross_table.three_public"]
        assert [(r.row, r.status, r.unit) for r in results] == [
            ("合计", OK, "万元"),
            ("公务接待费", OK, "万元"),
        ]

    def test_table_read_directly_when_not_summarised(self):
        """Without the parser's ThreePublicFigures, the 三公 table's 合计 column is used."""
        doc = make_seed_doc()
        doc.tables = [t for t in doc.tables if t.kind != THREE_PUBLIC]
        doc.tables.append(make_table(THREE_PUBLIC, THREE_PUBLIC_COLUMNS, THREE_PUBLIC_ROWS))
        doc.three_public = ThreePublic(prose=make_three_public_figures(total="22.91", reception="1.53"))
        results = [r for r in run_checks(doc) if r.check == "cross_table.three_public"]
        assert [(r.row, r.status, r.expected) for r in results] == [
            ("合计", OK, Decimal("22.91")),
            ("公务接待费", FAILED, Decimal("1.35")),
        ]

    def test_summary_completed_from_the_table(self):
        """SH04: the parser's summary leaves out 购置费/运行费; the cross-layout table has them."""
        doc = make_seed_doc()
        doc.tables = [t for t in doc.tables if t.kind != THREE_PUBLIC]
        doc.tables.append(make_table(THREE_PUBLIC, CROSS_COLUMNS, CROSS_ROW))
        figures = {"total": "22.91", "overseas": "0", "vehicles": "21.56", "reception": "1.35"}
        doc.three_public = ThreePublic(
            table=make_three_public_figures(**figures),
            prose=make_three_public_figures(**figures, vehicle_purchase="0", vehicle_operation="21.56"),
        )
        results = [r for r in run_checks(doc) if r.check == "cross_table.three_public"]
        assert [(r.row, r.status) for r in results] == [
            ("合计", OK),
            ("因公出国（境）费", OK),
            ("公务用车购置及运行维护费", OK),
            ("公务用车购置费", OK),
            ("公务用车运行维护费", OK),
            ("公务接待费", OK),
        ]

    def test_no_three_public_paragraph_is_not_applicable(self):
        doc = make_seed_doc()
        doc.three_public = None
        results = [r for r in run_checks(doc) if r.check == "cross_table.three_public"]
        assert [r.status for r in results] == [NOT_APPLICABLE]

    def test_the_cars_subtotal_whose_header_was_not_read(self):
        """SH12 普陀区财政局 2025, page 21: 合计 | 因公出国(境)费 | 公务接待费 | 小计 | 购置费 | 运行费,
        the cars' cells empty (so their 公务用车购置及运行费 header is not read): the 小计 beside the
        合计 is the cars' 0, compared with the prose's 0, not a second total."""
        doc = make_seed_doc()
        doc.tables = [t for t in doc.tables if t.kind != THREE_PUBLIC]
        top = "“三公”经费预算数"
        printed = [(top, "合计"), (top, "因公出国(境)费"), (top, "公务接待费")]
        columns = make_columns(*printed, "小计", "购置费", "运行费", "机关运行经费")
        doc.tables.append(make_table(THREE_PUBLIC, columns, "@21\n|||0.95||0.95||||229.43"))
        zeros = dict.fromkeys(("overseas", "vehicles", "vehicle_purchase", "vehicle_operation"), "0")
        prose = make_three_public_figures(total="0.95", reception="0.95", **zeros)
        doc.three_public = ThreePublic(prose=prose)
        results = [r for r in run_checks(doc) if r.check == "cross_table.three_public"]
        assert [(r.row, r.status, r.expected) for r in results] == [
            ("合计", OK, Decimal("0.95")),
            ("因公出国（境）费", OK, Decimal(0)),
            ("公务用车购置及运行维护费", OK, Decimal(0)),
            ("公务用车购置费", OK, Decimal(0)),
            ("公务用车运行维护费", OK, Decimal(0)),
            ("公务接待费", OK, Decimal("0.95")),
        ]

    def test_this_years_figures_against_the_prose(self):
        """Chongqing 2026: the table prints 2025年预算数 and 2026年预算数; the prose states 2026's."""
        doc = make_seed_doc()
        doc.tables = [t for t in doc.tables if t.kind != THREE_PUBLIC]
        doc.tables.append(make_table(THREE_PUBLIC, TWO_YEARS_COLUMNS, TWO_YEARS_ROW))
        doc.three_public = ThreePublic(
            prose=make_three_public_figures(total="2171.85", overseas="321.91", reception="279.19")
        )
        results = [r for r in run_checks(doc) if r.check == "cross_table.three_public"]
        assert [(r.row, r.status, r.expected) for r in results] == [
            ("合计", OK, Decimal("2171.85")),
            ("因公出国（境）费", OK, Decimal("321.91")),
            ("公务接待费", OK, Decimal("279.19")),
        ]


class TestUnitMixUp:
    """One table read in 元 while its amounts are 万元-sized: the cross-table checks catch it."""

    def test_expense_table_unit_yuan(self):
        doc = make_seed_doc()
        seed_table(doc, EXPENSE).unit = "元"
        results = run_checks(doc)
        failed = with_status(results, FAILED)
        assert {where(result) for result in failed} == {
            ("cross_table.expense_total", EXPENSE, "合计", "合计"),
            ("cross_table.income_expense", EXPENSE, "合计", "合计"),
            ("cross_table.function_class", EXPENSE, "201 一般公共服务支出", "合计"),
            ("cross_table.function_class", EXPENSE, "208 社会保障和就业支出", "合计"),
            ("cross_table.function_class", EXPENSE, "210 卫生健康支出", "合计"),
            ("cross_table.function_class", EXPENSE, "221 住房保障支出", "合计"),
        }
        expense_total = next(r for r in failed if r.check == "cross_table.expense_total")
        # Compared in 万元: 870.37 元 is 0.09 万元.
        assert (expense_total.expected, expense_total.actual, expense_total.unit) == (
            Decimal("870.37"),
            Decimal("0.09"),
            "万元",
        )
        assert "870.37元" in expense_total.message
        # The project check is advisory: it warns, it does not fail.
        projects = next(r for r in results if r.check == "projects")
        assert projects.status == WARNING

    def test_within_table_checks_use_the_tables_own_unit(self):
        doc = make_seed_doc()
        seed_table(doc, EXPENSE).unit = "元"
        within = [r for r in run_checks(doc) if r.table == EXPENSE and r.check in ("hierarchy", "columns")]
        assert {r.unit for r in within} == {"元"}
        assert {where(r) for r in within if r.status == WARNING} == {
            ("hierarchy", EXPENSE, ROW_20805, "合计"),
            ("hierarchy", EXPENSE, ROW_20805, "基本支出"),
        }


SHANGHAI_ROWS = """
@12
||合计|77286225.00|12345678.00|64940547.00
|201|一般公共服务支出|77286225.00|12345678.00|64940547.00
|20101|人大事务|77286225.00|12345678.00|64940547.00
|2010101|行政运行|12345678.00|12345678.00|64840547.00
|2010102|一般行政管理事务|100000.00||100000.00
"""


class TestShanghaiAdministrativeRow:
    """The error found in a real Shanghai 2026 单位预算: 行政运行's 合计 equals its 基本支出 alone."""

    def test_columns_check_fails_on_that_row(self):
        expense = make_table(EXPENSE, FUNCTION_EXPENSE_COLUMNS, SHANGHAI_ROWS, unit="元")
        results = run_checks(make_document(expense))
        columns = [r for r in with_status(results, FAILED) if r.check == "columns"]
        assert [where(r) for r in columns] == [("columns", EXPENSE, "2010101 行政运行", "合计")]
        failure = columns[0]
        assert failure.expected == Decimal("77186225.00")
        assert failure.actual == Decimal("12345678.00")
        assert failure.difference == Decimal("-64840547.00")
        assert failure.unit == "元"
        assert failure.page == 12
        assert "64,840,547.00元" in failure.message
        # The same misprint shows in the hierarchy: 人大事务's 合计 is not the sum of its 项 rows.
        hierarchy = [where(r) for r in with_status(results, FAILED) if r.check == "hierarchy"]
        assert hierarchy == [("hierarchy", EXPENSE, "20101 人大事务", "合计")]


class TestMissingTable:
    """A table a check needs is missing: not_applicable, never ok."""

    def test_without_the_basic_expense_table(self):
        doc = make_seed_doc()
        doc.tables = [table for table in doc.tables if table.kind != GENERAL_BUDGET_BASIC]
        results = run_checks(doc)
        about = [r for r in results if r.table == GENERAL_BUDGET_BASIC]
        assert {(r.check, r.status) for r in about} == {
            ("hierarchy", NOT_APPLICABLE),
            ("totals", NOT_APPLICABLE),
            ("columns", NOT_APPLICABLE),
            ("cross_table.basic_expense", NOT_APPLICABLE),
            ("prose.personnel", NOT_APPLICABLE),
            ("prose.public_funds", NOT_APPLICABLE),
        }
        assert all("没有一般公共预算财政拨款基本支出表" in r.message for r in about)
        assert with_status(results, FAILED) == []

    def test_a_missing_table_is_reported_once_per_check(self):
        doc = make_seed_doc()
        doc.tables = [table for table in doc.tables if table.kind != FISCAL_SUMMARY]
        function_class = [r for r in run_checks(doc) if r.check == "cross_table.function_class"]
        assert [(r.table, r.status) for r in function_class if r.status == NOT_APPLICABLE] == [
            (FISCAL_SUMMARY, NOT_APPLICABLE)
        ]
        assert [r.status for r in function_class if r.table == EXPENSE] == [OK] * 4

    def test_prose_only_document(self):
        results = run_checks(make_document(pages=3, facts=[make_fact("income_total", "收入", "1.00")]))
        assert results
        assert {r.status for r in results} == {NOT_APPLICABLE}

    def test_empty_tables_are_not_checks(self):
        """政府性基金/国有资本/三公 are printed empty in the seed: nothing in them to evaluate."""
        results = run_checks(make_seed_doc())
        assert not [r for r in results if r.table in (GOV_FUND_EXPENSE, STATE_CAPITAL_EXPENSE)]


class TestProse:
    """The figures in the explanation equal the tables, and the year-on-year change adds up."""

    def test_change_that_does_not_add_up(self):
        doc = make_seed_doc()
        change = next(fact for fact in doc.facts if fact.key == "change_project")
        change.value = Decimal("75.58")
        failed = with_status(run_checks(doc), FAILED)
        assert [(r.check, r.expected, r.actual) for r in failed] == [
            ("prose.change", Decimal("86.90"), Decimal("86.80"))
        ]

    def test_a_decrease_stated_as_a_positive_amount(self):
        doc = make_seed_doc()
        doc.facts = [
            make_fact("change_total", "较上年预算增加", "30.48"),
            make_fact("change_basic", "基本支出减少", "45.00"),
            make_fact("change_project", "项目支出增加", "75.48"),
        ]
        results = [r for r in run_checks(doc) if r.check == "prose.change"]
        assert [(r.status, r.expected, r.actual) for r in results] == [
            (OK, Decimal("30.48"), Decimal("30.48"))
        ]

    def test_change_with_a_third_kind_of_expense_is_not_applicable(self):
        """JS: 单位预留机动经费 beside 基本/项目 changes too."""
        doc = make_seed_doc()
        expense = seed_table(doc, EXPENSE)
        expense.columns.append("单位预留机动经费")
        set_amount(expense, "合计", "单位预留机动经费", "10.00")
        results = [r for r in run_checks(doc) if r.check == "prose.change"]
        assert [r.status for r in results] == [NOT_APPLICABLE]
        assert "单位预留机动经费" in results[0].message

    def test_prose_figure_differs_from_the_table(self):
        doc = make_seed_doc()
        next(fact for fact in doc.facts if fact.key == "expense_basic").value = Decimal("649.07")
        failed = with_status(run_checks(doc), FAILED)
        assert [where(r) for r in failed] == [("prose.expense_basic", EXPENSE, "合计", "基本支出")]
        assert (failed[0].expected, failed[0].actual, failed[0].page) == (
            Decimal("694.07"),
            Decimal("649.07"),
            17,
        )

    def test_absent_facts_are_not_applicable(self):
        doc = make_seed_doc()
        doc.facts = []
        prose = [r for r in run_checks(doc) if r.check.startswith("prose.")]
        assert len(prose) == len(check_names("prose."))
        assert {r.status for r in prose} == {NOT_APPLICABLE}


class TestProjects:
    """Project budgets vs 项目支出 is advisory: a warning when they differ."""

    def test_seed_projects_add_up(self):
        results = [r for r in run_checks(make_seed_doc()) if r.check == "projects"]
        assert [(r.status, r.expected, r.actual) for r in results] == [
            (OK, Decimal("176.30"), Decimal("176.30"))
        ]

    def test_an_undisclosed_project_is_a_warning(self):
        doc = make_seed_doc()
        doc.projects = doc.projects[:3]
        results = [r for r in run_checks(doc) if r.check == "projects"]
        assert [(r.status, r.expected, r.difference) for r in results] == [
            (WARNING, Decimal("131.30"), Decimal("45.00"))
        ]
        assert "仅作提示" in results[0].message

    def test_no_projects_is_not_applicable(self):
        doc = make_seed_doc()
        doc.projects = []
        assert [r.status for r in run_checks(doc) if r.check == "projects"] == [NOT_APPLICABLE]


class TestThreePublicTable:
    """Inside the 三公 table: 合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行维护."""

    def test_row_layout(self):
        results = run_checks(make_document(make_table(THREE_PUBLIC, THREE_PUBLIC_COLUMNS, THREE_PUBLIC_ROWS)))
        mine = [r for r in results if r.table == THREE_PUBLIC and r.status != NOT_APPLICABLE]
        assert Counter((r.check, r.status) for r in mine) == {
            ("three_public.total", OK): 2,
            ("three_public.vehicles", OK): 2,
            ("columns", OK): 5,
        }

    def test_row_layout_with_a_wrong_total(self):
        table = make_table(THREE_PUBLIC, THREE_PUBLIC_COLUMNS, THREE_PUBLIC_ROWS)
        set_amount(table, "公务接待费", "合计", "1.45")
        set_amount(table, "公务接待费", "一般公共预算财政拨款", "1.45")
        failed = with_status(run_checks(make_document(table)), FAILED)
        assert {where(r) for r in failed} == {
            ("three_public.total", THREE_PUBLIC, "合计", "合计"),
            ("three_public.total", THREE_PUBLIC, "合计", "一般公共预算财政拨款"),
        }

    def test_cross_layout(self):
        table = make_table(THREE_PUBLIC, CROSS_COLUMNS, CROSS_ROW)
        mine = [
            r
            for r in run_checks(make_document(table))
            if r.table == THREE_PUBLIC and r.status != NOT_APPLICABLE
        ]
        assert [(r.check, r.column, r.status) for r in mine] == [
            ("three_public.total", "合计", OK),
            ("three_public.vehicles", "小计", OK),
        ]

    def test_cross_layout_with_a_wrong_vehicle_subtotal(self):
        table = make_table(THREE_PUBLIC, CROSS_COLUMNS, "@28\n|||22.91|0|1.35|21.56|0|21.65|786.09")
        failed = with_status(run_checks(make_document(table)), FAILED)
        assert [(r.check, r.column, r.expected, r.actual) for r in failed] == [
            ("three_public.vehicles", "小计", Decimal("21.65"), Decimal("21.56"))
        ]

    def test_cross_layout_with_meeting_and_training_fees(self):
        """JS 公开09表: a grand 合计 includes 会议费 and 培训费; the 三公 total is its 小计."""
        columns = make_columns(
            "合计",
            ("“三公”经费", "小计"),
            ("“三公”经费", "因公出国（境）费"),
            ("“三公”经费", "公务用车购置及运行维护费", "小计"),
            ("“三公”经费", "公务用车购置及运行维护费", "公务用车购置费"),
            ("“三公”经费", "公务用车购置及运行维护费", "公务用车运行维护费"),
            ("“三公”经费", "公务接待费"),
            "会议费",
            "培训费",
        )
        table = make_table(THREE_PUBLIC, columns, "@20\n|||1276.7|418.26|80|237||237|101.26|158.44|700")
        mine = [
            r
            for r in run_checks(make_document(table))
            if r.table == THREE_PUBLIC and r.status != NOT_APPLICABLE
        ]
        assert [(r.check, r.expected, r.actual, r.status) for r in mine] == [
            ("three_public.total", Decimal("418.26"), Decimal("418.26"), OK),
            ("three_public.vehicles", Decimal("237"), Decimal("237"), OK),
        ]

    def test_final_accounts_with_budget_and_actual_under_each_category(self):
        """SH 决算: 预算数 | 决算数 under each category, checked separately (named as the parser does)."""
        columns = []
        for category in (
            ("合计",),
            ("因公出国（境）费",),
            ("公务用车购置及运行维护费", "小计"),
            ("公务用车购置及运行维护费", "公务用车购置费"),
            ("公务用车购置及运行维护费", "公务用车运行维护费"),
            ("公务接待费",),
        ):
            columns += [("财政拨款“三公”经费", *category, measure) for measure in ("预算数", "决算数")]
        table = make_table(THREE_PUBLIC, columns, "@14\n|||10|8|2|1|5|4|0|0|5|4|3|2")
        mine = [
            r
            for r in run_checks(make_document(table))
            if r.table == THREE_PUBLIC and r.status != NOT_APPLICABLE
        ]
        assert [(r.check, r.column, r.status) for r in mine] == [
            ("three_public.total", "合计/预算数", OK),
            ("three_public.vehicles", "小计/预算数", OK),
            ("three_public.total", "合计/决算数", FAILED),
            ("three_public.vehicles", "小计/决算数", OK),
        ]

    def test_last_year_and_this_year_add_up_each_on_its_own(self):
        """Chongqing 2026 (重庆市规划和自然资源局, page 26): 2025: 343.41 + 1,726.00 + 483.09 = 2,552.50
        and 458.00 + 1,268.00 = 1,726.00; 2026: 321.91 + 1,570.75 + 279.19 = 2,171.85 and 342.25 +
        1,228.50 = 1,570.75. A year's total is never compared with the other year's parts."""
        table = make_table(THREE_PUBLIC, TWO_YEARS_COLUMNS, TWO_YEARS_ROW)
        mine = [
            r
            for r in run_checks(make_document(table))
            if r.table == THREE_PUBLIC and r.status != NOT_APPLICABLE
        ]
        assert [(r.check, r.expected, r.actual, r.status) for r in mine] == [
            ("three_public.total", Decimal("2552.50"), Decimal("2552.50"), OK),
            ("three_public.vehicles", Decimal("1726.00"), Decimal("1726.00"), OK),
            ("three_public.total", Decimal("2171.85"), Decimal("2171.85"), OK),
            ("three_public.vehicles", Decimal("1570.75"), Decimal("1570.75"), OK),
        ]


class TestHeaderVariants:
    """Component columns are found by keywords, whatever the province calls them."""

    def test_first_column_is_the_total_under_another_name(self):
        """CQ 财政拨款支出预算表: 财政拨款支出 | 基本支出 | 项目支出, the 合计 row at the bottom."""
        rows = """
        @10
        |206|科学技术支出|1178.72|828.72|350.00
        |20602|基础研究|1178.72|828.72|350.00
        |2060201|机构运行|828.72|828.72|
        |2060204|实验室及相关设施|350.00||305.00
        ||合计|1178.72|828.72|350.00
        """
        table = make_table(GENERAL_BUDGET_EXPENSE, make_columns("财政拨款支出", "基本支出", "项目支出"), rows)
        failed = with_status(run_checks(make_document(table)), FAILED)
        assert {where(r) for r in failed} == {
            ("columns", GENERAL_BUDGET_EXPENSE, "2060204 实验室及相关设施", "财政拨款支出"),
            ("hierarchy", GENERAL_BUDGET_EXPENSE, "20602 基础研究", "项目支出"),
        }

    def test_final_accounts_headers(self):
        """SH03 决算: 本年支出合计 | 基本支出 | 项目支出 | 上缴上级支出 | 经营支出 | 对附属单位补助支出."""
        columns = make_columns(
            "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"
        )
        rows = """
        @8
        ||合计|307.82|105.58|202.24
        |201|一般公共服务支出|264.87|62.63|202.24
        |20139|社会工作事务|264.87|62.63|202.24
        |2013901|行政运行|51.32|51.32
        |2013950|事业运行|11.31|11.31
        |2013999|其他社会工作事务支出|202.24||202.24
        |208|社会保障和就业支出|42.95|42.95
        """
        results = run_checks(make_document(make_table(EXPENSE, columns, rows)))
        assert with_status(results, FAILED) == []
        assert Counter(r.check for r in results if r.status == OK) == {
            "columns": 7,
            "hierarchy": 6,
            "totals": 3,
        }

    def test_sub_columns_are_not_added(self):
        """CQ02 收入预算表: 事业收入 › 金额 | 其中：教育收费; 使用非财政拨款结余 beside 上年结转."""
        columns = make_columns(
            "收入合计",
            "上年结转",
            "财政拨款收入",
            ("事业收入", "金额"),
            ("事业收入", "其中：教育收费"),
            "其他收入",
            "使用非财政拨款结余",
        )
        rows = "@8\n||合计|557259.13|93801.70|230876.38|122342.73|74162.23|50265.53|59972.79"
        results = run_checks(make_document(make_table(INCOME, columns, rows)))
        columns_checks = [r for r in results if r.check == "columns" and r.status != NOT_APPLICABLE]
        assert [(r.status, r.expected) for r in columns_checks] == [(OK, Decimal("557259.13"))]

    def test_flat_subtotal_without_paths(self):
        table = without_paths(seed_table(make_seed_doc(), INCOME))
        set_amount(table, "2210201", "上年结转", "1.00")
        failed = with_status(run_checks(make_document(table)), FAILED)
        # 合计 = 小计 + 上年结转 fails on that row; 小计 = the income sources still holds.
        assert {where(r) for r in failed if r.check == "columns"} == {
            ("columns", INCOME, "2210201 住房公积金", "合计")
        }


CARRY_OVER_ROWS = """
@7
1|一、财政拨款|230876.38|一、教育支出|434334.99
2|二、事业收入|122342.73|二、科学技术支出|2801.72
3|三、事业单位经营收入||三、社会保障和就业支出|14616.30
4|四、其他收入|50265.53|四、住房保障支出|16916.56
5|其中：捐赠收入|1000.00|五、其他支出|109.50
6|本年收入合计|403484.64|本年支出合计|468779.07
7|使用非财政拨款结余|59972.79|结转下年|88480.06
8|上年结转|93801.70||
9|收入总计|557259.13|支出总计|557259.13
"""


class TestCarryOvers:
    """CQ02 西南大学: carry-overs in and out, a 其中 row, all adding up."""

    def make_summary(self):
        return make_two_sided_table(
            INCOME_EXPENSE_SUMMARY, [("收入", "预算数")], [("支出", "预算数")], CARRY_OVER_ROWS
        )

    def test_totals_and_balance(self):
        results = run_checks(make_document(self.make_summary()))
        mine = [r for r in results if r.table == INCOME_EXPENSE_SUMMARY and r.status != NOT_APPLICABLE]
        # 本年收入合计 ≠ 本年支出合计 here by design (carry-overs), so only the 总计 rows balance.
        assert Counter((r.check, r.status) for r in mine) == {("totals", OK): 4, ("balance", OK): 1}

    def test_income_and_expense_tables_allow_for_carry_overs(self):
        income = make_table(INCOME, make_columns("合计", "上年结转"), "@8\n||合计|557259.13|93801.70")
        expense = make_table(EXPENSE, EXPENSE_COLUMNS, "@9\n||合计|468779.07|376019.88|92759.19")
        results = run_checks(make_document(self.make_summary(), income, expense))
        cross = {
            r.check: (r.status, r.expected, r.actual) for r in results if r.check.startswith("cross_table.")
        }
        assert cross["cross_table.income_expense"] == (OK, Decimal("468779.07"), Decimal("468779.07"))
        assert cross["cross_table.income_total"] == (OK, Decimal("557259.13"), Decimal("557259.13"))
        assert cross["cross_table.expense_total"] == (OK, Decimal("468779.07"), Decimal("468779.07"))


class TestCompare:
    """The shared comparison: 0.01 of rounding per summed term, in the unit compared."""

    def compare(self, expected: str, actual: str, terms: int = 1, **kwargs) -> Finding:
        return compare(
            "test",
            expected=Decimal(expected),
            actual=Decimal(actual),
            subject="某表某行",
            expected_as="应有之数",
            terms=terms,
            unit="万元",
            **kwargs,
        )

    def test_equal_is_ok(self):
        assert self.compare("1.00", "1.00").status == OK

    def test_within_a_cent_per_term_is_a_warning(self):
        assert self.compare("1.00", "1.03", terms=3).status == WARNING
        assert self.compare("1.00", "0.97", terms=3).status == WARNING

    def test_beyond_is_a_failure(self):
        result = self.compare("1.00", "1.04", terms=3)
        assert (result.status, result.difference, result.tolerance) == (
            FAILED,
            Decimal("0.04"),
            Decimal("0.03"),
        )
        assert result.message == "某表某行为1.04，应有之数为1.00，相差0.04万元，超出四舍五入误差。"

    def test_advisory_never_fails(self):
        assert self.compare("1.00", "9.00", advisory=True).status == WARNING


# JS 收支预算总表: the 支出 side lists 支出用途 and 功能分类 side by side, each under its own 金额,
# with one 当年支出小计 printed under 支出用途 for both.
PARALLEL_COLUMNS = make_columns(("支出", "支出用途", "金额"), ("支出", "功能分类", "金额"))
PARALLEL_ROWS = """
@14
1|一、财政拨款|24169.74|一、基本支出|15844.04|
2|1.一般公共预算|24169.74|二、项目支出|4335.30|
3|2.政府性基金预算||三、单位预留机动经费|3990.40|
4|二、财政专户管理资金||四、公共安全支出||16593.12
5|三、其他资金||八、社会保障和就业支出||1890.27
6|||十八、住房保障支出||5686.35
7|当年收入小计|24169.74|当年支出小计|24169.74|
8|上年结转资金||结转下年资金||
9|收入合计|24169.74|支出合计|24169.74|
"""


class TestParallelClassifications:
    """One printed total stands for two classifications listed side by side."""

    def test_totals_and_balance(self):
        summary = make_two_sided_table(
            INCOME_EXPENSE_SUMMARY, [("收入", "金额")], PARALLEL_COLUMNS, PARALLEL_ROWS
        )
        results = run_checks(make_document(summary))
        mine = [r for r in results if r.check in ("totals", "balance") and r.table == INCOME_EXPENSE_SUMMARY]
        assert [(r.check, r.row, r.column, r.status) for r in mine] == [
            ("totals", "当年收入小计", "金额", OK),
            ("totals", "收入合计", "金额", OK),
            ("totals", "当年支出小计", "支出用途/金额", OK),
            ("totals", "支出合计", "支出用途/金额", OK),
            ("totals", "当年支出小计", "功能分类/金额", OK),
            ("totals", "支出合计", "功能分类/金额", OK),
            ("balance", "收入合计/支出合计", "支出用途/金额", OK),
            ("balance", "当年收入小计/当年支出小计", "支出用途/金额", OK),
        ]
