"""A failed check is published only when it is true (issue 9, items 3 and 5).

A misprint fails on a row or two; a misread header fails on most rows of a table, or by exactly
one column's own value again and again. Such a table is 结构存疑: its failures become "could not
run (表头结构存疑)" and the parse log says why. The documents are built in memory
(tests/builders.py); every expected value is the arithmetic of the rows below.
"""

from __future__ import annotations

from decimal import Decimal

from disclosures.checks import FAILED, NOT_APPLICABLE, OK, doubt_notes, run_checks
from disclosures.parsing.document import EXPENSE, ThreePublic
from tests.builders import (
    FUNCTION_EXPENSE_COLUMNS,
    make_document,
    make_fact,
    make_table,
    make_three_public_figures,
)
from tests.expected import make_seed_doc

DOUBT = "无法核对（表头结构存疑）"


def expense_checks(rows: str) -> list:
    table = make_table(EXPENSE, FUNCTION_EXPENSE_COLUMNS, rows)
    return [r for r in run_checks(make_document(table)) if r.table == EXPENSE]


def failed_columns(results: list) -> list[str]:
    return [r.row for r in results if r.status == FAILED and r.check == "columns"]


def doubtful(results: list) -> list[str]:
    return [r.row for r in results if r.status == NOT_APPLICABLE and r.message.startswith(DOUBT)]


# 项目支出 is printed inside 合计's 基本支出 on two rows: 合计 = 基本支出 while 项目支出 is 150.00.
# Off by exactly one column's own value, twice: the header was misread (a 小计 taken as a part).
OWN_VALUE_ROWS = """
@5
||合计|1000.00|700.00|300.00
||甲|400.00|400.00|150.00
||乙|300.00|300.00|150.00
||丙|300.00|300.00|
"""

# 合计 differs from 基本支出 + 项目支出 on three rows of four (by 100.00, 50.00, 10.00).
MOST_ROWS = """
@5
||合计|1000.00|600.00|300.00
||甲|500.00|300.00|150.00
||乙|300.00|200.00|90.00
||丙|200.00|100.00|100.00
"""

# The same table with two misprints among four rows: a real error, published.
TWO_MISPRINTS = """
@5
||合计|1000.00|600.00|300.00
||甲|500.00|300.00|150.00
||乙|300.00|200.00|100.00
||丙|200.00|100.00|100.00
"""


class TestMisreadStructure:
    def test_failing_by_one_columns_own_value_twice_is_doubtful_not_failed(self):
        results = expense_checks(OWN_VALUE_ROWS)
        assert failed_columns(results) == []
        assert doubtful(results) == ["甲", "乙"]
        first = next(r for r in results if r.row == "甲" and r.check == "columns")
        # What was compared stays on record: 400.00 printed against 400.00 + 150.00.
        assert (first.actual, first.expected) == (Decimal("400.00"), Decimal("550.00"))
        assert first.page == 5

    def test_failing_on_most_rows_is_doubtful_not_failed(self):
        results = expense_checks(MOST_ROWS)
        assert failed_columns(results) == []
        assert doubtful(results) == ["合计", "甲", "乙"]
        # The row that adds up (100.00 + 100.00 = 200.00) is still a pass.
        assert [r.status for r in results if r.row == "丙" and r.check == "columns"] == ["ok"]

    def test_the_parse_log_says_which_table_is_doubtful_and_why(self):
        notes = doubt_notes(expense_checks(MOST_ROWS))
        assert len(notes) == 1
        assert "表头结构存疑" in notes[0]
        assert EXPENSE in notes[0]
        assert "4行中3行不符" in notes[0]

    def test_two_misprints_in_four_rows_are_published(self):
        results = expense_checks(TWO_MISPRINTS)
        # 甲: 300.00 + 150.00 = 450.00 ≠ 500.00; 合计: 600.00 + 300.00 = 900.00 ≠ 1000.00.
        assert failed_columns(results) == ["合计", "甲"]
        assert doubtful(results) == []
        assert doubt_notes(results) == []

    def test_one_row_off_by_a_columns_own_value_is_published(self):
        # The Shanghai shape: one 合计 equal to 基本支出 alone, 项目支出 left out.
        rows = OWN_VALUE_ROWS.replace("||乙|300.00|300.00|150.00", "||乙|450.00|300.00|150.00")
        results = expense_checks(rows)
        assert failed_columns(results) == ["甲"]
        assert doubtful(results) == []


class TestNumberingRow:
    def test_a_row_of_column_numbers_is_not_summed(self):
        # 栏次 1, 2, 3 under 合计, 基本支出, 项目支出: 1 ≠ 2 + 3 is no department's error.
        rows = """
@5
||栏次|1|2|3
||合计|1000.00|700.00|300.00
"""
        results = expense_checks(rows)
        assert [r.row for r in results if r.check == "columns"] == ["合计"]
        assert failed_columns(results) == []


def three_public_check(table_total: str, stated: str, stated_unit: str = "万元") -> list:
    doc = make_seed_doc()
    doc.three_public = ThreePublic(
        table=make_three_public_figures(total=table_total),
        prose=make_three_public_figures(page=18, unit=stated_unit, total=stated),
    )
    return [(r.row, r.status) for r in run_checks(doc) if r.check == "cross_table.three_public"]


class TestPrintedPrecision:
    """A prose figure is compared at the precision it is printed in."""

    def test_whole_wan_matches_the_table_to_the_cent(self):
        # 40,869.60 万元 rounds to 40870 万元.
        assert three_public_check("40869.60", "40870") == [("合计", OK)]

    def test_yi_with_two_decimals_matches(self):
        # 40,869.60 万元 is 4.0869 亿元, printed 4.09 亿元.
        assert three_public_check("40869.60", "4.09", "亿元") == [("合计", OK)]

    def test_cents_are_compared_to_the_cent(self):
        assert three_public_check("40869.60", "40869.70") == [("合计", FAILED)]

    def test_a_rounded_figure_that_does_not_round_to_the_table_fails(self):
        # 40,869.60 rounds to 40870, not 40869.
        assert three_public_check("40869.60", "40869") == [("合计", FAILED)]

    def test_a_stated_total_at_its_precision(self):
        # The seed's 支出总表 合计 is 870.37 万元: "支出870万元" states it to the 万元.
        doc = make_seed_doc()
        doc.facts = [make_fact("expense_total", "支出", "870")]
        results = [r for r in run_checks(doc) if r.check == "prose.expense_total"]
        assert [r.status for r in results] == [OK]
