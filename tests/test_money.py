"""Money in every unit a disclosure prints (元, 千元, 万元, 亿元): read, converted and compared.

Expected values are worked out by hand: 1 亿元 = 10,000 万元, 1 万元 = 10 千元 = 10,000 元. A figure
compared with one printed in a coarser unit is rounded half up to the cent of that unit, as a
table in it would print it.
"""

from __future__ import annotations

from decimal import Decimal

from disclosures.checks import FAILED, OK, run_checks
from disclosures.models import in_wan
from disclosures.parsing.document import INCOME, INCOME_EXPENSE_SUMMARY
from disclosures.parsing.money import common_unit, convert
from disclosures.parsing.prose import figures_in
from disclosures.parsing.tables import unit_in
from disclosures.parsing.text import label_key
from tests.builders import make_columns, make_document, make_fact, make_table, make_two_sided_table

D = Decimal

# 收支总表 in 万元: a budget of 123,456.78 万元, that is 12.345678 亿元.
SUMMARY_ROWS = """
@1
1|一、一般公共预算拨款收入|123456.78|一、一般公共服务支出|123456.78
2|本年收入合计|123456.78|本年支出合计|123456.78
3|收入总计|123456.78|支出总计|123456.78
"""


def summary_in_wan():
    income, expense = [("收入", "预算数")], [("支出", "预算数")]
    return make_two_sided_table(INCOME_EXPENSE_SUMMARY, income, expense, SUMMARY_ROWS)


def stating_income(total: str, unit: str):
    """The summary above, and an explanation stating the income total in ``unit``."""
    return make_document(summary_in_wan(), facts=[make_fact("income_total", "收入预算", total, unit=unit)])


def findings_of(check: str, doc) -> list:
    return [finding for finding in run_checks(doc) if finding.check == check]


class TestConvert:
    def test_yi_yuan_to_wan_yuan(self):
        assert convert(D("12.35"), "亿元", "万元") == D("123500")

    def test_thousand_yuan_to_wan_yuan(self):
        assert convert(D("1234567.8"), "千元", "万元") == D("123456.78")

    def test_yuan_to_wan_yuan_exactly_or_to_the_cent(self):
        assert convert(D("12345.00"), "元", "万元") == D("1.2345")
        assert convert(D("12345.00"), "元", "万元", to_cent=True) == D("1.23")

    def test_wan_yuan_to_yi_yuan_to_the_cent(self):
        # 123,456.78 万元 = 12.345678 亿元, printed in 亿元 as 12.35.
        assert convert(D("123456.78"), "万元", "亿元", to_cent=True) == D("12.35")

    def test_a_finer_unit_is_never_rounded(self):
        assert convert(D("0.95"), "万元", "元", to_cent=True) == D("9500")

    def test_an_unknown_unit_leaves_the_figure_as_printed(self):
        assert convert(D("5.00"), "", "万元") == D("5.00")
        assert convert(D("5.00"), "美元", "万元") == D("5.00")

    def test_compared_in_the_coarser_unit(self):
        assert common_unit("万元", "亿元") == "亿元"
        assert common_unit("元", "万元") == "万元"
        assert common_unit("千元", "万元") == "万元"
        assert common_unit("元", "") == "元"
        assert common_unit("", "") == ""

    def test_in_wan_for_the_site(self):
        assert in_wan(D("1.5"), "亿元") == D("15000")
        assert in_wan(D("1234.5"), "千元") == D("123.45")
        assert in_wan(D("8703.70"), "元") == D("0.87037")
        assert in_wan(D("870.37"), "") is None


class TestReadingUnits:
    def test_the_unit_above_a_table(self):
        assert unit_in("单位：千元") == "千元"
        assert unit_in("金额单位： 亿 元") == "亿元"
        assert unit_in("部门：张家口市总工会 单位：万元") == "万元"
        assert unit_in("单位：元") == "元"

    def test_a_unit_after_a_label(self):
        assert label_key("预算数（千元）") == "预算数"
        assert label_key("预算数（亿元）：") == "预算数"

    def test_figures_in_prose(self):
        stated = figures_in("2025年收入预算12.35亿元，其中一般公共预算拨款收入1,234.5千元。")
        assert [(figure.value, figure.unit) for figure in stated] == [
            (D("12.35"), "亿元"),
            (D("1234.5"), "千元"),
        ]


class TestProseInYiYuan:
    """A prose total in 亿元 against a 收支总表 in 万元 is compared in 亿元, not as if it were 万元."""

    def test_the_same_total_passes(self):
        [finding] = findings_of("prose.income_total", stating_income("12.35", "亿元"))
        assert (finding.status, finding.expected, finding.actual) == (OK, D("12.35"), D("12.35"))
        assert finding.unit == "亿元"

    def test_a_misstated_total_fails_by_the_difference_in_yi_yuan(self):
        [finding] = findings_of("prose.income_total", stating_income("12.53", "亿元"))
        assert (finding.status, finding.expected, finding.actual) == (FAILED, D("12.35"), D("12.53"))
        assert (finding.difference, finding.unit) == (D("0.18"), "亿元")
        assert "相差0.18亿元" in finding.message


class TestTableInThousandYuan:
    """A 收入总表 printed in 千元 agrees with a 收支总表 in 万元: 1,234,567.8 千元 = 123,456.78 万元."""

    def income_in_thousands(self, total: str):
        rows = f"@3\n||合计|{total}|{total}\n|201|一般公共服务支出|{total}|{total}"
        return make_table(INCOME, make_columns("合计", "财政拨款收入"), rows, unit="千元")

    def test_the_income_totals_agree(self):
        doc = make_document(summary_in_wan(), self.income_in_thousands("1234567.8"))
        [finding] = findings_of("cross_table.income_total", doc)
        assert (finding.status, finding.expected, finding.actual, finding.unit) == (
            OK,
            D("123456.78"),
            D("123456.78"),
            "万元",
        )
        assert "1,234,567.80千元" in finding.message

    def test_a_misprint_of_ten_thousand_yuan_fails(self):
        # 1,234,667.8 千元 = 123,466.78 万元: 10 万元 more than the 收支总表.
        doc = make_document(summary_in_wan(), self.income_in_thousands("1234667.8"))
        [finding] = findings_of("cross_table.income_total", doc)
        assert (finding.status, finding.difference) == (FAILED, D("10.00"))
