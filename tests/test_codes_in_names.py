"""Classification codes however they are printed: inside the name cell, or not at all.

Some templates print the code at the head of the name (``[2011301]行政运行``, as 广东's and the
central ministries' exports do); others print a table's names with no codes while another table
of the same document prints the same names with theirs. The row's code is what the document
says; where it does not say it without doubt, the code stays empty.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosures.parsing import document as m
from disclosures.parsing import parse_pdf
from disclosures.parsing.tables import code_in_name, codes_from_names, mark_total
from tests.real import CORPUS


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("[301]工资福利支出", ("301", "工资福利支出")),
        ("[2200504]气象事业机构", ("2200504", "气象事业机构")),
        ("【30101】基本工资", ("30101", "基本工资")),
        ("（20101）人大事务", ("20101", "人大事务")),
        ("　　[2011301]行政运行", ("2011301", "行政运行")),  # indented with ideographic spaces
        ("2010101 行政运行", ("2010101", "行政运行")),
        ("2010101\n行政运行", ("2010101", "行政运行")),
        ("[301]工资 福利支出", ("301", "工资福利支出")),
    ],
)
def test_a_code_printed_at_the_head_of_the_name_is_the_rows_code(printed, expected):
    assert code_in_name(printed) == expected


@pytest.mark.parametrize(
    "printed",
    [
        "110报警服务中心",  # digits of the name itself: no bracket, no space
        "12345政务服务便民热线中心",
        "2026年春节慰问金",
        "2026 年春节慰问金",  # four digits are no classification code
        "313001 无锡市交通运输局（本级）",  # a unit's six-digit code is no classification code
        "一般公共服务支出",
        "[1998]23号文件",
    ],
)
def test_digits_that_are_no_code_stay_in_the_name(printed):
    assert code_in_name(printed) == ("", "")


def _table(kind: str, rows: list[tuple[str, str, str]]) -> m.Table:
    return m.Table(
        kind=kind,
        title=kind,
        pages=[1],
        unit="万元",
        columns=["合计"],
        rows=[
            m.Row(item=item, page=1, code=code, amounts=[m.Amount("合计", Decimal(value))])
            for code, item, value in rows
        ],
    )


EXPENSE = [
    ("", "合计", "30.00"),
    ("201", "一般公共服务支出", "30.00"),
    ("20199", "其他一般公共服务支出", "30.00"),
    ("2019999", "其他一般公共服务支出", "30.00"),
]


class TestCodesFromTheSameNamesElsewhere:
    def test_a_name_carried_by_a_款_and_its_项_takes_each_in_turn(self):
        expense = _table(m.EXPENSE, EXPENSE)
        general = _table(m.GENERAL_BUDGET_EXPENSE, [("", item, value) for _, item, value in EXPENSE])
        codes_from_names([expense, general])
        assert [r.code for r in general.rows] == ["", "201", "20199", "2019999"]

    def test_a_name_no_other_table_codes_leaves_the_whole_table_uncoded(self):
        expense = _table(m.EXPENSE, EXPENSE)
        rows = [("", item, value) for _, item, value in EXPENSE] + [("", "档案馆", "1.00")]
        general = _table(m.GENERAL_BUDGET_EXPENSE, rows)
        codes_from_names([expense, general])
        assert [r.code for r in general.rows] == ["", "", "", "", ""]

    def test_economic_codes_are_not_given_to_a_function_table(self):
        basic = _table(m.GENERAL_BUDGET_BASIC, [("", "合计", "5.00"), ("310", "资本性支出", "5.00")])
        general = _table(m.GENERAL_BUDGET_EXPENSE, [("", "合计", "5.00"), ("", "资本性支出", "5.00")])
        codes_from_names([basic, general])
        assert [r.code for r in general.rows] == ["", ""]

    def test_a_table_printing_some_codes_is_left_as_printed(self):
        expense = _table(m.EXPENSE, EXPENSE)
        general = _table(
            m.GENERAL_BUDGET_EXPENSE, [("", "合计", "30.00"), ("201", "一般公共服务支出", "30.00")]
        )
        general.rows.append(m.Row(item="其他一般公共服务支出", page=1))
        codes_from_names([expense, general])
        assert [r.code for r in general.rows] == ["", "201", ""]


class TestTheRowCarryingTheTotals:
    def test_the_departments_row_whose_figures_are_the_sums_of_the_类_rows(self):
        table = _table(m.EXPENSE, [("", "测试市气象局", "30.00"), ("201", "一般公共服务支出", "20.00")])
        table.rows.append(
            m.Row(item="卫生健康支出", page=1, code="210", amounts=[m.Amount("合计", Decimal("10.00"))])
        )
        mark_total(table)
        assert [r.is_total for r in table.rows] == [True, False, False]

    def test_a_first_row_that_is_not_the_sum_is_no_total(self):
        table = _table(m.EXPENSE, [("", "测试市气象局本级", "25.00"), ("201", "一般公共服务支出", "20.00")])
        table.rows.append(
            m.Row(item="卫生健康支出", page=1, code="210", amounts=[m.Amount("合计", Decimal("10.00"))])
        )
        mark_total(table)
        assert not any(r.is_total for r in table.rows)

    # No code printed anywhere: 工资福利支出 (30.00 = 基本工资 20.00 + 津贴补贴 10.00, all 人员经费)
    # and 商品和服务支出 (5.00 = 办公费, 公用经费) are the top rows; the department's row carries
    # their sum in each column.
    UNCODED_BASIC = [
        ("测试市气象局", "35.00", "30.00", "5.00"),
        ("工资福利支出", "30.00", "30.00", ""),
        ("基本工资", "20.00", "20.00", ""),
        ("津贴补贴", "10.00", "10.00", ""),
        ("商品和服务支出", "5.00", "", "5.00"),
        ("办公费", "5.00", "", "5.00"),
    ]

    @staticmethod
    def _basic(rows) -> m.Table:
        columns = ["合计", "人员经费", "公用经费"]
        return m.Table(
            kind=m.GENERAL_BUDGET_BASIC,
            title=m.GENERAL_BUDGET_BASIC,
            pages=[1],
            columns=columns,
            rows=[
                m.Row(
                    item=item,
                    page=1,
                    amounts=[m.Amount(c, Decimal(v)) for c, v in zip(columns, values, strict=True) if v],
                )
                for item, *values in rows
            ],
        )

    def test_with_no_codes_the_row_carrying_the_sum_of_the_top_rows(self):
        table = self._basic(self.UNCODED_BASIC)
        mark_total(table)
        assert [r.is_total for r in table.rows] == [True] + [False] * 5

    def test_with_no_codes_a_first_row_that_is_a_class_is_no_total(self):
        table = self._basic(self.UNCODED_BASIC[1:])
        mark_total(table)
        assert not any(r.is_total for r in table.rows)

    def test_with_no_codes_a_first_row_that_is_not_the_sum_is_no_total(self):
        table = self._basic([("测试市气象局", "36.00", "31.00", "5.00"), *self.UNCODED_BASIC[1:]])
        mark_total(table)
        assert not any(r.is_total for r in table.rows)


# -- real downloads (../shared/corpus), read against the printed page; skipped when absent ----


def corpus_doc(name: str) -> m.ParsedDisclosure:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (no shared folder on this machine)")
    return parse_pdf(path)


@pytest.mark.real_pdf
def test_codes_printed_in_brackets_before_the_names_of_a_real_budget():
    # 珠海 商务局 2026, page 13 (一般公共预算支出情况表（按功能分类科目）) prints
    # "[201]一般公共服务支出 41,350.29 4,965.28 36,385.01", "　　[2011301]行政运行 4,965.28 4,965.28 0.00";
    # page 15 (基本支出) "[301]工资福利支出 5,132.74", "　[30101]基本工资 636.67".
    doc = corpus_doc("珠海_2026年珠海市商务局部门预算.pdf")
    general = doc.table(m.GENERAL_BUDGET_EXPENSE)
    rows = {r.code: r for r in general.rows}
    assert (rows["201"].item, rows["201"].amount("小计")) == ("一般公共服务支出", Decimal("41350.29"))
    assert (rows["2011301"].item, rows["2011301"].amount("项目支出")) == ("行政运行", Decimal("0.00"))
    basic = {r.code: r for r in doc.table(m.GENERAL_BUDGET_BASIC).rows}
    assert (basic["301"].item, basic["301"].amount("预算")) == ("工资福利支出", Decimal("5132.74"))
    assert (basic["30101"].item, basic["30101"].amount("预算")) == ("基本工资", Decimal("636.67"))


@pytest.mark.real_pdf
def test_a_percent_column_of_the_national_template_is_no_row_and_no_amount():
    # 东营 信访局 2026, page 10 (一般公共预算支出表) prints after each row's 增减额 its 增减(%):
    # "201 一般公共服务支出 33,586.67 … -20,442.30 -60.86% 3,099.90 30.86%".
    doc = corpus_doc("东营_2026年东营市信访局部门预算.pdf")
    general = doc.table(m.GENERAL_BUDGET_EXPENSE)
    assert not [r.item for r in general.rows if "%" in r.item]
    row = next(r for r in general.rows if r.code == "201")
    assert sorted(a.value for a in row.amounts if "增减额" in a.column) == [
        Decimal("-20442.30"),
        Decimal("3099.90"),
    ]
