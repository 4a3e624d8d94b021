"""The explanation's prose against the tables: each figure it states (收入总计, 基本支出 …) is
printed in a table (``kinds.PROVED_FACTS`` says where), and the year-on-year changes add up.
"""

from __future__ import annotations

from decimal import Decimal

from disclosures.checks.findings import Finding, Location, as_printed, compare, fmt, not_applicable
from disclosures.checks.names import OK, PROSE_PREFIX
from disclosures.checks.reading import (
    Figure,
    cannot_check_withheld,
    column_name,
    column_sums,
    figure_at,
    row_label,
    total_figure,
)
from disclosures.checks.registry import check
from disclosures.parsing.columns import amount_columns, value
from disclosures.parsing.document import Fact, ParsedDisclosure, Table
from disclosures.parsing.kinds import EXPENSE, PROVED_FACTS, ProvedFact
from disclosures.parsing.money import common_unit, convert


def _stated_against_tables(proved: ProvedFact):
    """The check prose.<key>: each statement of the figure against the places tables print it."""

    def stated_against_tables(doc: ParsedDisclosure) -> list[Finding]:
        name = f"{PROSE_PREFIX}{proved.key}"
        facts = [fact for fact in doc.facts if fact.key == proved.key]
        if not facts:
            return [not_applicable(name, f"情况说明中没有找到这一数字（{proved.key}）。")]
        references = [figure for place in proved.places if (figure := figure_at(doc, place)) is not None]
        if not references:
            kind = proved.home
            reason = (
                f"{kind}中找不到这一数字，无法核对。" if doc.table(kind) else f"文件中没有{kind}，无法核对。"
            )
            return [not_applicable(name, reason, table=kind)]
        return [_prose_fact(name, fact, references) for fact in facts]

    return stated_against_tables


for _proved in PROVED_FACTS:
    check(f"{PROSE_PREFIX}{_proved.key}")(_stated_against_tables(_proved))


def _prose_fact(name: str, fact: Fact, references: list[Figure]) -> Finding:
    """A prose figure against the tables: it holds if it equals any place the figure is printed
    (收入 may be stated with or without carry-overs); otherwise it is reported against the first."""
    findings = []
    for figure in references:
        if figure.withheld:
            findings.append(
                cannot_check_withheld(name, figure, f"情况说明中的“{fact.label}”与{figure.where}")
            )
            continue
        unit = common_unit(figure.table.unit, fact.unit)
        actual = convert(fact.value, fact.unit, unit, to_cent=True)
        expected, expected_as = convert(figure.value, figure.table.unit, unit, to_cent=True), figure.where
        if expected != actual and as_printed(fact.value, fact.unit, figure.value, figure.table.unit):
            expected, expected_as = actual, f"{figure.where}（按情况说明所印精度）"
        finding = compare(
            name,
            expected=expected,
            actual=actual,
            subject=f"情况说明中的“{fact.label}”",
            expected_as=expected_as,
            unit=unit,
            at=Location(figure.table.kind, row_label(figure.row), column_name(figure.column), fact.page),
        )
        if finding.status != OK and fact.value == figure.value and fact.unit != figure.table.unit:
            # The same digits in another unit (1682.76元 for 1,682.76万元): say so, not "0.17万元".
            finding.message = (
                f"情况说明写作“{fact.label}{fmt(fact.value)}{fact.unit}”，{figure.where}为"
                f"{fmt(figure.value)}{figure.table.unit}：数字相同，单位不同。"
            )
        findings.append(finding)
    return next((finding for finding in findings if finding.status == OK), findings[0])


@check("prose.change")
def change(doc: ParsedDisclosure) -> list[Finding]:
    """比上年增减: the changes of 基本支出 and 项目支出 add up to the total change."""
    name = "prose.change"
    facts = {
        key: next((f for f in doc.facts if f.key == key), None)
        for key in ("change_total", "change_basic", "change_project")
    }
    total, basic, project = facts["change_total"], facts["change_basic"], facts["change_project"]
    if total is None or basic is None or project is None:
        return [not_applicable(name, "情况说明中没有同时写出总增减、基本支出增减和项目支出增减。")]
    if others := _other_expenses(doc.table(EXPENSE)):
        # JS: 单位预留机动经费 changes too, so 基本 + 项目 need not add up to the total change.
        reason = f"支出总表另列{'、'.join(others)}，基本支出和项目支出的增减之和不必等于总增减。"
        return [not_applicable(name, reason, row=total.label)]
    unit = total.unit
    return [
        compare(
            name,
            expected=_signed(basic, unit) + _signed(project, unit),
            actual=_signed(total, unit),
            subject=f"情况说明中的比上年增减“{total.label}”",
            expected_as=f"“{basic.label}”与“{project.label}”之和",
            terms=2,
            unit=unit,
            at=Location(row=total.label, column="比上年增减", page=total.page),
        )
    ]


def _signed(fact: Fact, unit: str) -> Decimal:
    """A change as a signed figure: a decrease stated as a positive amount (减少25.52万元) counts
    as negative, so that an increase and a decrease can add up to the total change."""
    amount = convert(fact.value, fact.unit, unit, to_cent=True)
    return -amount if amount > 0 and "减少" in fact.label else amount


def _other_expenses(table: Table | None) -> list[str]:
    """Components of 支出总表's 合计 other than 基本支出 and 项目支出 that hold money."""
    total = total_figure(table)
    if table is None or total is None:
        return []
    sums = column_sums(table.kind, amount_columns(table, table.rows))
    components = sums[0][1] if sums else []
    return [
        column_name(column)
        for column in components
        if not any(word in column.leaf for word in ("基本", "项目")) and value(total.row, column) != 0
    ]
