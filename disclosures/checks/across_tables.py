"""Checks across tables: figures printed twice agree, and a two-sided table's sides balance.

收支总表, 收入总表, 支出总表, the 财政拨款 tables, 基本支出表 and the 三公 table each print figures
another table prints too; they are compared in one unit (``money.common_unit``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from disclosures.checks.findings import Finding, Location, as_printed, compare, fmt, missing, not_applicable
from disclosures.checks.reading import (
    Figure,
    cannot_check_withheld,
    code_level,
    column_name,
    side_column,
    side_figure,
    side_rows,
    side_totals,
    total_figure,
)
from disclosures.checks.registry import check
from disclosures.parsing import kinds, three_public
from disclosures.parsing.columns import amount_columns, cell, is_carry_over, norm, printed, value, withheld
from disclosures.parsing.document import ParsedDisclosure, ThreePublicFigures
from disclosures.parsing.kinds import EXPENSE_SIDE, INCOME_SIDE
from disclosures.parsing.money import common_unit, convert

_NUMBERING = re.compile(r"^([一二三四五六七八九十百]+[、.．]|\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)])")
_CLASS_SUFFIX = re.compile(r"[（(]类[）)]$")


def compare_figures(
    check: str,
    actual: Figure,
    expected: Decimal,
    expected_unit: str,
    expected_as: str,
    *,
    terms: int = 1,
    advisory: bool = False,
    expected_withheld: bool = False,
) -> Finding:
    """Compare a table's figure with a figure from elsewhere, both in one unit; it could not run
    when either is printed redacted (****: ``expected_withheld`` for the other)."""
    if actual.withheld or expected_withheld:
        return cannot_check_withheld(check, actual, f"{actual.where}与{expected_as}")
    unit = common_unit(actual.table.unit, expected_unit)
    subject = actual.where
    if actual.table.unit and actual.table.unit != unit:
        subject += f"（{fmt(actual.value)}{actual.table.unit}）折合{unit}"
    return compare(
        check,
        expected=convert(expected, expected_unit, unit, to_cent=True),
        actual=convert(actual.value, actual.table.unit, unit, to_cent=True),
        subject=subject,
        expected_as=expected_as,
        terms=terms,
        unit=unit,
        at=actual.location,
        advisory=advisory,
    )


@check("balance")
def balance(doc: ParsedDisclosure) -> list[Finding]:
    """收入总计 = 支出总计 (and 本年收入合计 = 本年支出合计) in 收支总表 and 财政拨款收支总表."""
    findings = []
    for kind in kinds.kinds_laid_out(kinds.TWO_SIDED):
        table = doc.table(kind)
        if table is None:
            findings.append(missing("balance", kind))
            continue
        income = side_totals(table, side_rows(table, INCOME_SIDE))
        expense = side_totals(table, side_rows(table, EXPENSE_SIDE))
        income_column = side_column(table, income.rows)
        expense_column = side_column(table, expense.rows)
        if income_column is None or expense_column is None:
            findings.append(not_applicable("balance", f"{kind}中没有印出收支金额。", table=kind))
            continue
        pairs = [("总计", income.grand, expense.grand)]
        # With money carried in or out (上年结转, 结转下年), this year's totals differ by design.
        carried = printed(income.carry_cells(income_column)) or printed(expense.carry_cells(expense_column))
        if not carried:
            pairs.append(("本年合计", income.current, expense.current))
        for what, income_row, expense_row in pairs:
            if income_row is None or expense_row is None:
                if what == "总计":
                    findings.append(
                        not_applicable("balance", f"{kind}中找不到收入、支出{what}行。", table=kind)
                    )
                continue
            left, right = income.total(income_row, income_column), expense.total(expense_row, expense_column)
            if left is None and right is None:
                continue
            findings.append(
                compare(
                    "balance",
                    expected=left or Decimal(0),
                    actual=right or Decimal(0),
                    subject=f"{kind}“{expense_row.item}”",
                    expected_as=f"“{income_row.item}”",
                    unit=table.unit,
                    at=Location(
                        kind,
                        f"{income_row.item}/{expense_row.item}",
                        column_name(expense_column),
                        expense_row.page,
                    ),
                )
            )
    return findings


def _against_summary(check: str, figure: Figure, reference: Figure) -> Finding:
    """A table's figure against the one 收支总表 prints for it (“本年支出合计”)."""
    said = f"{reference.table.kind}“{reference.row.item}”"
    return compare_figures(
        check, figure, reference.value, reference.table.unit, said, expected_withheld=reference.withheld
    )


@check("cross_table.income_total", needs=(kinds.INCOME_EXPENSE_SUMMARY, kinds.INCOME))
def income_total(doc: ParsedDisclosure) -> list[Finding]:
    """收支总表's 收入 = 收入总表's 合计 (收入总计 when 收入总表 includes carry-overs)."""
    check = "cross_table.income_total"
    summary, income = doc.table(kinds.INCOME_EXPENSE_SUMMARY), doc.table(kinds.INCOME)
    income_columns = amount_columns(income, income.rows)
    current = side_figure(summary, INCOME_SIDE, kinds.CURRENT)
    if any(is_carry_over(column.label) for column in income_columns) or current is None:
        reference = side_figure(summary, INCOME_SIDE, kinds.GRAND)
    else:
        reference = current
    total = total_figure(income)
    if total is None or reference is None:
        return [not_applicable(check, "收入总表或收支总表中找不到收入合计。", table=kinds.INCOME)]
    findings = [_against_summary(check, total, reference)]
    subtotal = next((c for c in income_columns if c.leaf == "小计"), None)
    if subtotal is not None and current is not None:
        findings.append(_against_summary(check, Figure(income, total.row, subtotal), current))
    return findings


@check("cross_table.expense_total", needs=(kinds.INCOME_EXPENSE_SUMMARY, kinds.EXPENSE))
def expense_total(doc: ParsedDisclosure) -> list[Finding]:
    """支出总表's 合计 = 收支总表's 本年支出合计."""
    check = "cross_table.expense_total"
    summary = doc.table(kinds.INCOME_EXPENSE_SUMMARY)
    current = side_figure(summary, EXPENSE_SIDE, kinds.CURRENT)
    reference = current or side_figure(summary, EXPENSE_SIDE, kinds.GRAND)
    total = total_figure(doc.table(kinds.EXPENSE))
    if total is None or reference is None:
        return [not_applicable(check, "支出总表或收支总表中找不到支出合计。", table=kinds.EXPENSE)]
    return [_against_summary(check, total, reference)]


@check("cross_table.income_expense", needs=(kinds.INCOME, kinds.EXPENSE))
def income_expense(doc: ParsedDisclosure) -> list[Finding]:
    """收入总表's 合计 = 支出总表's 合计, allowing for the carry-overs printed in 收支总表."""
    check = "cross_table.income_expense"
    income_table, expense_table = doc.table(kinds.INCOME), doc.table(kinds.EXPENSE)
    income, expense = total_figure(income_table), total_figure(expense_table)
    if income is None or expense is None:
        return [not_applicable(check, "收入总表或支出总表中找不到合计行。", table=kinds.EXPENSE)]
    expected, terms, what = income.value, 1, f"{kinds.INCOME}合计"
    summary = doc.table(kinds.INCOME_EXPENSE_SUMMARY)
    if summary is not None:
        # Income that excludes the carry-in (本年收入合计 only) gets it from 收支总表; the money
        # carried into next year (年终结转结余) is income not spent this year.
        carries_in = any(is_carry_over(c.label) for c in amount_columns(income_table, income_table.rows))
        for side, sign, needed in ((INCOME_SIDE, 1, not carries_in), (EXPENSE_SIDE, -1, True)):
            rows = side_rows(summary, side)
            totals = side_totals(summary, rows)
            carry = totals.carry_cells(side_column(summary, rows))
            if needed and printed(carry):
                carried = sum((Decimal(0) if found is None else found for found in carry), Decimal(0))
                expected += sign * convert(
                    carried, summary.unit, income_table.unit or summary.unit, to_cent=True
                )
                terms += printed(carry)
                what += f"{'加' if sign > 0 else '减'}{summary.kind}{side}结转结余"
    return [
        compare_figures(
            check, expense, expected, income_table.unit, what, terms=terms, expected_withheld=income.withheld
        )
    ]


def _class_name(item: str) -> str:
    return _CLASS_SUFFIX.sub("", _NUMBERING.sub("", norm(item)))


@check("cross_table.function_class")
def function_classes(doc: ParsedDisclosure) -> list[Finding]:
    """Each 支出 function 类 in a two-sided table = that 类 in the coded table whose classes it lists
    (kinds.TableKind.classes_listed_in): 收支总表 ↔ 支出总表, 财政拨款收支总表 ↔ each fund's table."""
    findings = []
    for kind in kinds.KINDS:
        if kind.classes_listed_in:
            keywords = (kind.fund,) if kind.fund else ()
            findings += _function_classes(doc, kind.classes_listed_in, keywords, kind.name)
    return findings


def _function_classes(
    doc: ParsedDisclosure, summary_kind: str, keywords: tuple[str, ...], coded_kind: str
) -> list[Finding]:
    """Each 支出 function 类 in a two-sided table = that 类 (3-digit code) in a coded table.

    The two-sided tables print 类 by name only (八、社会保障和就业支出), so they are matched by
    name; ``keywords`` pick the two-sided table's column (一般公共预算 …), none its total.
    """
    check = "cross_table.function_class"
    summary, coded = doc.table(summary_kind), doc.table(coded_kind)
    if summary is None:
        return [missing(check, summary_kind)]
    rows = side_rows(summary, EXPENSE_SIDE)
    classes = side_totals(summary, rows).numbered
    if keywords:
        column = next(
            (c for c in amount_columns(summary, rows) if any(word in c.leaf for word in keywords)), None
        )
    else:
        column = side_column(summary, rows)
    printed_classes = [row for row in classes if column is not None and cell(row, column) is not None]
    if coded is None:
        # Nothing to compare with when the two-sided table prints nothing for this fund either.
        return [missing(check, coded_kind)] if printed_classes else []
    coded_total = total_figure(coded)
    coded_classes = {
        _class_name(row.item): Figure(coded, row, coded_total.column)
        for row in coded.rows
        if coded_total is not None and code_level(row.code) == 3
    }
    if not printed_classes and not any(figure.printed for figure in coded_classes.values()):
        return []
    if column is None or coded_total is None:
        return [not_applicable(check, f"{summary_kind}或{coded_kind}中找不到对应的列。", table=coded_kind)]
    by_name = {_class_name(row.item): row for row in classes}
    if not set(by_name) & set(coded_classes):
        return [
            not_applicable(check, f"{summary_kind}支出栏的类名称与{coded_kind}的类对不上。", table=coded_kind)
        ]
    findings = []
    for name, figure in coded_classes.items():
        reference = by_name.get(name)
        if reference is not None and (figure.printed or cell(reference, column) is not None):
            expected_as = f"{summary_kind}“{reference.item}”（{column_name(column)}）"
            findings.append(
                compare_figures(
                    check,
                    figure,
                    value(reference, column),
                    summary.unit,
                    expected_as,
                    expected_withheld=withheld(reference, column),
                )
            )
        elif reference is None and figure.printed:
            findings.append(
                compare_figures(check, figure, Decimal(0), summary.unit, f"{summary_kind}（未列此类）")
            )
    # A class printed in the two-sided table but missing from the coded one.
    for row in printed_classes:
        if _class_name(row.item) not in coded_classes:
            findings.append(
                compare(
                    check,
                    expected=value(row, column),
                    actual=Decimal(0),
                    subject=f"{coded_kind}中的“{_class_name(row.item)}”（未列此类）",
                    expected_as=f"{summary_kind}所列",
                    unit=summary.unit,
                    at=Location(coded_kind, row.item, column_name(coded_total.column), row.page),
                )
            )
    return findings


@check("cross_table.basic_expense", needs=(kinds.GENERAL_BUDGET_EXPENSE, kinds.GENERAL_BUDGET_BASIC))
def basic_expense(doc: ParsedDisclosure) -> list[Finding]:
    """一般公共预算财政拨款支出表's 基本支出 = 基本支出表's 合计."""
    check = "cross_table.basic_expense"
    general = total_figure(doc.table(kinds.GENERAL_BUDGET_EXPENSE), "基本")
    basic = total_figure(doc.table(kinds.GENERAL_BUDGET_BASIC))
    if general is None or basic is None:
        return [not_applicable(check, "找不到一般公共预算基本支出的合计。", table=kinds.GENERAL_BUDGET_BASIC)]
    if not general.printed and not basic.printed:
        return []
    return [
        compare_figures(
            check, basic, general.value, general.table.unit, general.where, expected_withheld=general.withheld
        )
    ]


@check("cross_table.three_public")
def three_public_prose(doc: ParsedDisclosure) -> list[Finding]:
    """The 三公 figures in the table equal those in the prose (section 四), per category.

    The table's figures are the parser's summary, completed from the table's own reading
    (``parsing.three_public``) where the summary leaves a category out; a table printed empty
    (空表列示) holds zeros.
    """
    check = "cross_table.three_public"
    disclosed = doc.three_public
    table = doc.table(kinds.THREE_PUBLIC)
    if disclosed is None or disclosed.prose is None:
        return [not_applicable(check, "情况说明中没有找到“三公”经费的数字。", table=kinds.THREE_PUBLIC)]
    summary = disclosed.table
    own = three_public.three_public_from_table(table) if table is not None and not table.is_empty else None
    empty = disclosed.table_disclosed_empty or (
        table is not None and table.is_empty and bool(table.empty_note)
    )
    if summary is None and own is None and not empty:
        return [not_applicable(check, "没有找到“三公”经费表的数字。", table=kinds.THREE_PUBLIC)]
    prose = disclosed.prose
    findings = []
    for category in three_public.CATEGORIES:
        name = three_public.row_name(category)
        stated = getattr(prose, category)
        in_table, table_unit = _three_public_figure(category, summary, own, empty)
        if stated is None or in_table is None:
            continue
        table_unit = table_unit or (table.unit if table else "") or prose.unit
        unit = common_unit(table_unit, prose.unit)
        actual = convert(stated, prose.unit, unit, to_cent=True)
        expected = convert(in_table, table_unit, unit, to_cent=True)
        expected_as = f"{kinds.THREE_PUBLIC}所列" + ("（空表）" if empty else "")
        if expected != actual and as_printed(stated, prose.unit, in_table, table_unit):
            expected, expected_as = actual, f"{expected_as}（按情况说明所印精度）"
        findings.append(
            compare(
                check,
                expected=expected,
                actual=actual,
                subject=f"情况说明中的“三公”经费{name}",
                expected_as=expected_as,
                unit=unit,
                at=Location(kinds.THREE_PUBLIC, name, "合计", prose.page or disclosed.page),
            )
        )
    return findings


def _three_public_figure(
    category: str,
    summary: ThreePublicFigures | None,
    own: ThreePublicFigures | None,
    empty: bool,
) -> tuple[Decimal | None, str]:
    """One category's figure in the 三公 table and its unit; (None, "") when the table has none."""
    for figures in (summary, own):
        if figures is not None and getattr(figures, category) is not None:
            return getattr(figures, category), figures.unit
    return (Decimal(0), "") if empty else (None, "")
