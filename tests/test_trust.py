"""A failed check is published only when it is true (issue 9, items 3 and 5).

A misprint fails on a row or two; a misread header fails on most rows of a table, or by exactly
one column's own value again and again. Such a table is 结构存疑: its failures become "could not
run (表头结构存疑)" and the parse log says why. The documents are built in memory
(tests/builders.py); every expected value is the arithmetic of the rows below.
"""

from __future__ import annotations

from decimal import Decimal

from disclosures.checks import FAILED, NOT_APPLICABLE, OK, doubt_notes, run_checks
from disclosures.checks.findings import Finding
from disclosures.checks.trust import distrust, doubtful_tables
from disclosures.parsing.document import EXPENSE, Skipped, ThreePublic
from tests.builders import (
    FUNCTION_EXPENSE_COLUMNS,
    make_columns,
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


# 支出总表 read from page 5 alone: 201's 款 20101 (300.00) is on page 5, its 款 20102 (200.00) and
# the 类 202 went on to page 6. 201 prints 500.00, 合计 prints 800.00.
CUT_AT_PAGE_5 = """
@5
||合计|800.00|500.00|300.00
|201|一般公共服务支出|500.00|300.00|200.00
|20101|人大事务|300.00|300.00|
"""
INCOMPLETE = "无法核对（表格可能未读全）"


def cut_table_checks(skipped_page: int) -> list:
    table = make_table(EXPENSE, FUNCTION_EXPENSE_COLUMNS, CUT_AT_PAGE_5)
    doc = make_document(table, pages=8)
    doc.log.skipped.append(Skipped(skipped_page, "无标题表格", "表格上方没有标题，且不是上一表格的续页"))
    return [r for r in run_checks(doc) if r.table == EXPENSE]


class TestUnreadContinuation:
    """A table the parser may have cut short is not published as failing its row sums."""

    def test_an_untitled_grid_on_the_next_page_makes_the_row_sums_could_not_run(self):
        results = cut_table_checks(skipped_page=6)
        assert [r for r in results if r.status == FAILED] == []
        could_not = [(r.check, r.row, r.column) for r in results if r.message.startswith(INCOMPLETE)]
        # 201 合计 500.00 vs 300.00, 项目支出 200.00 vs 0; 合计 row 800.00 vs 500.00, 300.00 vs 200.00.
        assert ("hierarchy", "201 一般公共服务支出", "合计") in could_not
        assert ("totals", "合计", "合计") in could_not
        notes = doubt_notes(results)
        assert len(notes) == 1
        assert "表格可能未读全" in notes[0]
        assert "第6页" in notes[0]

    def test_an_untitled_grid_elsewhere_leaves_the_failures_published(self):
        results = cut_table_checks(skipped_page=3)
        failed = {(r.check, r.row) for r in results if r.status == FAILED}
        assert failed == {("hierarchy", "201 一般公共服务支出"), ("totals", "合计")}


class TestUnknownUnit:
    """A table whose unit was not read is not published as disagreeing with the prose."""

    def stated_total(self, unit: str) -> list:
        # 支出总表 合计 870.00, in a unit read or not; the prose states 支出 900 万元.
        table = make_table(EXPENSE, FUNCTION_EXPENSE_COLUMNS, "@5\n||合计|870.00|570.00|300.00", unit=unit)
        doc = make_document(table, facts=[make_fact("expense_total", "支出", "900")])
        return [r for r in run_checks(doc) if r.check == "prose.expense_total"]

    def test_a_prose_figure_against_a_table_of_unknown_unit_could_not_run(self):
        [result] = self.stated_total(unit="")
        assert result.status == NOT_APPLICABLE
        assert result.message.startswith("无法核对（单位不明）")

    def test_the_same_figure_against_a_table_in_wan_yuan_fails(self):
        # 900 万元 stated, 870.00 万元 printed.
        assert [r.status for r in self.stated_total(unit="万元")] == [FAILED]


# 支出总表 printing last year's budget beside this year's: 2025年预算数 | 2026年预算数 › 总计 |
# 基本支出 | 项目支出. 总计 adds up what is under 2026年预算数, not the 2025 column beside it.
LAST_YEAR_BESIDE = make_columns(
    "2025年预算数", ("2026年预算数", "总计"), ("2026年预算数", "基本支出"), ("2026年预算数", "项目支出")
)
LAST_YEAR_ROWS = """
@5
||合计|900.00|1000.00|700.00|300.00
|201|一般公共服务支出|500.00|600.00|400.00|200.00
|205|教育支出|400.00|400.00|300.00|100.00
"""


class TestConfirmedSums:
    """The columns check adds up what the figures confirm the header means."""

    def test_this_years_total_adds_up_this_years_parts_only(self):
        table = make_table(EXPENSE, LAST_YEAR_BESIDE, LAST_YEAR_ROWS)
        results = [r for r in run_checks(make_document(table)) if r.check == "columns" and r.table == EXPENSE]
        # 1000.00 = 700.00 + 300.00; 600.00 = 400.00 + 200.00; 400.00 = 300.00 + 100.00.
        assert [(r.row, r.status) for r in results] == [
            ("合计", OK),
            ("201 一般公共服务支出", OK),
            ("205 教育支出", OK),
        ]

    def test_a_misprint_under_the_confirmed_reading_is_published(self):
        rows = LAST_YEAR_ROWS.replace("|600.00|400.00|200.00", "|650.00|400.00|200.00")
        table = make_table(EXPENSE, LAST_YEAR_BESIDE, rows)
        results = [r for r in run_checks(make_document(table)) if r.check == "columns"]
        # 201 prints 总计 650.00 where 400.00 + 200.00 = 600.00.
        assert [(r.row, r.expected, r.actual) for r in results if r.status == FAILED] == [
            ("201 一般公共服务支出", Decimal("600.00"), Decimal("650.00"))
        ]


class TestConfirmedColumnsWithMisprints:
    def test_two_subtotals_leaving_out_the_same_part_among_many_rows_are_published(self):
        # Eight rows and 合计 add up (1,328.00 + 1,040.00 = 2,368.00); on two rows 合计 prints only
        # 基本支出, 项目支出 150.00 and 90.00 left out: misprints, each published.
        rows = ["@5", "||合计|2368.00|1328.00|1040.00"]
        rows += [f"||行{n}|{200 + n}.00|{100 + n}.00|100.00" for n in range(8)]
        rows += ["||甲|300.00|300.00|150.00", "||乙|200.00|200.00|90.00"]
        results = expense_checks("\n".join(rows))
        assert failed_columns(results) == ["甲", "乙"]
        assert doubtful(results) == []


def finding(
    check: str, row: str, actual: str, parts: tuple, column: str = "合计", terms: str = ""
) -> Finding:
    """One comparison as a check makes it: ``actual`` printed against the sum of ``parts``."""
    values = tuple(None if part is None else Decimal(part) for part in parts)
    expected = sum((part or Decimal(0) for part in values), Decimal(0))
    difference = Decimal(actual) - expected
    return Finding(
        check=check,
        status=OK if difference == 0 else FAILED,
        table=EXPENSE,
        row=row,
        column=column,
        expected=expected,
        actual=Decimal(actual),
        difference=difference,
        parts=values,
        terms=terms,
    )


def published(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.row, f.column) for f in distrust(findings) if f.status == FAILED]


class TestFigureReadInTheWrongPlace:
    """A figure read twice (one column under two headers, a broken row read as two) fails on one
    row of one column by +x and by -x; a misprint in a 款 row fails its 类 by -x and itself by +x,
    on two rows: published."""

    def test_a_row_failing_by_x_and_by_minus_x_in_one_column_is_doubtful(self):
        findings = [
            finding("hierarchy", "213 农林水支出", "380.33", ("380.33",)),
            # 21301's 合计 read under two headers: 380.33 beside its 项 under one, 0.00 under the other.
            finding("hierarchy", "21301 农业农村", "380.33", ("137.18", None)),
            finding("hierarchy", "21301 农业农村", "0.00", (None, "243.15")),
        ]
        assert EXPENSE in doubtful_tables(findings)
        assert published(findings) == []
        assert [f.status for f in distrust(findings)] == [OK, NOT_APPLICABLE, NOT_APPLICABLE]

    def test_a_misprinted_middle_row_fails_twice_on_two_rows_and_is_published(self):
        # 20502 prints 530.00 where its 项 add up to 520.00; so 205 (520.00) is 10.00 short of it.
        findings = [
            finding("hierarchy", "205 教育支出", "520.00", ("530.00",)),
            finding("hierarchy", "20502 普通教育", "530.00", ("300.00", "220.00")),
        ]
        assert doubtful_tables(findings) == {}
        assert published(findings) == [("205 教育支出", "合计"), ("20502 普通教育", "合计")]


class TestSumsOfNothing:
    def test_figures_summed_over_empty_cells_again_and_again_are_doubtful(self):
        # Two 类 rows of six print a 合计 while their 款 rows print nothing in that column (the
        # 类's figures read under another header than its 款's): the difference is the 合计 itself.
        findings = [finding("hierarchy", f"2{n}0 类{n}", f"{n}00.00", (f"{n}00.00",)) for n in range(1, 5)]
        findings += [
            finding("hierarchy", "220 自然资源海洋气象等支出", "744.29", (None,)),
            finding("hierarchy", "221 住房保障支出", "1590.33", (None, None)),
        ]
        assert EXPENSE in doubtful_tables(findings)
        assert published(findings) == []

    def test_one_total_beside_empty_parts_is_published(self):
        findings = [
            finding("columns", "合计", "900.00", ("500.00", "400.00")),
            finding("columns", "甲", "500.00", (None, None)),
            finding("columns", "乙", "400.00", ("400.00", None)),
        ]
        assert doubtful_tables(findings) == {}
        assert published(findings) == [("甲", "合计")]


class TestTwoSumsOfOneColumn:
    def test_a_sum_failing_on_most_of_its_rows_is_doubtful_beside_one_that_holds(self):
        # 小计 = 财政拨款收入 + 事业收入 holds on four rows; 小计 = 上级补助收入 fails on three of four.
        rows = (("合计", "900.00"), ("甲", "500.00"), ("乙", "300.00"), ("丙", "100.00"))
        findings = [
            finding("columns", row, value, (value, None), column="小计", terms="财政拨款收入、事业收入之和")
            for row, value in rows
        ]
        findings += [
            finding("columns", row, value, (other,), column="小计", terms="上级补助收入之和")
            for (row, value), other in zip(rows, ("900.00", "20.00", "30.00", "40.00"), strict=True)
        ]
        assert EXPENSE in doubtful_tables(findings)
        assert published(findings) == []


class TestOffByATermOnEveryRowPrintingIt:
    """A term the reading counts twice (其他收入 inside 小计 and beside it) puts every row that
    prints it off by exactly its value; a misprint leaves it out on a row or two of many."""

    def test_every_row_printing_a_term_off_by_it_is_doubtful(self):
        terms = "小计、其他收入之和"
        findings = [
            finding("columns", f"行{n}", f"{100 + n}.00", (f"{100 + n}.00", None), terms=terms)
            for n in range(8)
        ]
        # The three rows printing 其他收入: 合计 already holds it, and it is added again.
        findings += [
            finding("columns", row, total, (total, other), terms=terms)
            for row, total, other in (
                ("甲", "500.00", "20.00"),
                ("乙", "300.00", "30.00"),
                ("丙", "90.00", "9.00"),
            )
        ]
        assert EXPENSE in doubtful_tables(findings)
        assert published(findings) == []

    def test_a_term_left_out_on_some_of_the_rows_printing_it_is_published(self):
        terms = "基本支出、项目支出之和"
        findings = [
            finding("columns", f"行{n}", f"{200 + n}.00", (f"{100 + n}.00", "100.00"), terms=terms)
            for n in range(7)
        ]
        findings += [
            finding("columns", row, basic, (basic, project), terms=terms)
            for row, basic, project in (
                ("甲", "300.00", "150.00"),
                ("乙", "200.00", "90.00"),
                ("丙", "80.00", "8.00"),
            )
        ]
        assert doubtful_tables(findings) == {}
        assert published(findings) == [("甲", "合计"), ("乙", "合计"), ("丙", "合计")]
