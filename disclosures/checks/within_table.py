"""Checks within one table: its codes' hierarchy, its total rows and its total columns add up.

A comparison is evaluated only when at least one of its cells is printed; empty cells mean
nothing budgeted and count as 0 inside a sum. When a table a check expects is missing the check
says so (``not_applicable``), which is not a pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from disclosures.checks.findings import Finding, missing
from disclosures.checks.reading import (
    Figure,
    SideTotals,
    code_level,
    column_name,
    column_sums,
    compare_sum,
    row_label,
    side_totals,
    sides,
    total_row,
)
from disclosures.checks.registry import check
from disclosures.parsing import three_public
from disclosures.parsing.columns import AmountColumn, amount_columns, cell, confirmed_sums
from disclosures.parsing.document import ParsedDisclosure, Row, Table
from disclosures.parsing.kinds import CODED, KINDS, THREE_PUBLIC, TWO_SIDED, kind_named, kinds_laid_out


@check("hierarchy")
def hierarchy(doc: ParsedDisclosure) -> list[Finding]:
    """A 类 row equals the sum of its 款 rows, a 款 row the sum of its 项 rows, per column."""
    findings = [missing("hierarchy", kind) for kind in kinds_laid_out(CODED) if doc.table(kind) is None]
    for table in doc.tables:
        columns = amount_columns(table, table.rows)
        for index, parent in enumerate(table.rows):
            level = code_level(parent.code)
            if level not in (3, 5):
                continue
            children = _children(table.rows, index)
            if not children:
                continue
            expected_as = f"其下{len(children)}个{'款' if level == 3 else '项'}之和"
            for column in columns:
                parts = [cell(child, column) for child in children]
                subject = f"{table.kind}“{row_label(parent)}”行“{column_name(column)}”列"
                sources = [(child, column) for child in children]
                findings += compare_sum(
                    "hierarchy", Figure(table, parent, column), parts, subject, expected_as, cells=sources
                )
    return findings


def _children(rows: Sequence[Row], index: int) -> list[Row]:
    """The rows one level below rows[index], read from the contiguous block that follows it.

    Reading the block rather than every row with the prefix keeps tables that list each
    unit's codes separately from mixing one unit's children into another's parent.
    """
    parent = rows[index].code
    children: list[Row] = []
    for row in rows[index + 1 :]:
        if not code_level(row.code) or not row.code.startswith(parent) or row.code == parent:
            break
        if len(row.code) == len(parent) + 2 and not (children and _repeats(row, children[-1])):
            children.append(row)
    return children


def _repeats(row: Row, above: Row) -> bool:
    """A row printing the code and every figure of the row above it (21999 其他支出 502.00 under
    21999 其他支出 502.00: a 项 printed with its 款's code) is that row's breakdown, not a sibling."""
    figures = [(amount.column, amount.value) for amount in row.amounts]
    return (
        row.code == above.code and bool(figures) and figures == [(a.column, a.value) for a in above.amounts]
    )


@check("totals")
def totals(doc: ParsedDisclosure) -> list[Finding]:
    """The 合计 row equals the sum of the 类 rows; in two-sided tables the totals add up."""
    expected = (*kinds_laid_out(TWO_SIDED), *kinds_laid_out(CODED))
    findings = [missing("totals", kind) for kind in expected if doc.table(kind) is None]
    for table in doc.tables:
        if any(row.side for row in table.rows):
            findings.extend(_two_sided_totals(table))
        else:
            findings.extend(_coded_totals(table))
    return findings


def _coded_totals(table: Table) -> list[Finding]:
    total = total_row(table)
    codes = {row.code for row in table.rows if code_level(row.code)}
    # Top-level rows are those whose parent codes are not printed: the 类 rows when present.
    tops = [
        row
        for row in table.rows
        if code_level(row.code) and not any(row.code[:n] in codes for n in range(3, len(row.code), 2))
    ]
    if total is None or not tops:
        return []
    expected_as = f"{len(tops)}个{'类' if all(len(row.code) == 3 for row in tops) else '顶层科目'}之和"
    findings = []
    for column in amount_columns(table, table.rows):
        subject = f"{table.kind}“{total.item}”行“{column_name(column)}”列"
        parts = [cell(row, column) for row in tops]
        sources = [(row, column) for row in tops]
        findings += compare_sum(
            "totals", Figure(table, total, column), parts, subject, expected_as, cells=sources
        )
    return findings


def _two_sided_totals(table: Table) -> list[Finding]:
    """本年收入合计 = Σ the numbered rows above it; 收入总计 = 本年收入合计 + carry-overs (each side)."""
    findings = []
    for side_name, rows in sides(table):
        side = side_totals(table, rows)
        for column in side.columns:
            findings.extend(_current_total(table, side_name, side, column))
            findings.extend(_grand_total(table, side_name, side, column))
    return findings


def _current_total(table: Table, side_name: str, side: SideTotals, column: AmountColumn) -> list[Finding]:
    if side.current is None or not side.numbered:
        return []
    subject = f"{table.kind}{side_name}栏“{side.current.item}”“{column_name(column)}”"
    where = "其下" if side.rows.index(side.numbered[0]) > side.rows.index(side.current) else "上方"
    expected_as = f"{where}{len(side.numbered)}个{side_name}项目之和"
    parts = [cell(row, column) for row in side.numbered]
    printed_as = side.total(side.current, column)
    sources = [(row, column) for row in side.numbered]
    return compare_sum(
        "totals",
        Figure(table, side.current, column),
        parts,
        subject,
        expected_as,
        total=printed_as,
        cells=sources,
    )


def _grand_total(table: Table, side_name: str, side: SideTotals, column: AmountColumn) -> list[Finding]:
    if side.grand is None or (side.current is None and not side.numbered):
        return []
    if side.current is not None:
        base, base_as = [side.total(side.current, column)], side.current.item
    else:
        base, base_as = [cell(row, column) for row in side.numbered], f"{len(side.numbered)}个{side_name}项目"
    carry_names = "、".join(group[0].item for group in side.carry)
    subject = f"{table.kind}{side_name}栏“{side.grand.item}”“{column_name(column)}”"
    expected_as = f"{base_as}加{carry_names}" if carry_names else base_as
    grand = Figure(table, side.grand, column)
    parts = base + side.carry_cells(column)
    sources = [(row, column) for row in ([side.current] if side.current is not None else side.numbered)]
    sources += [(row, column) for group in side.carry for row in group]
    return compare_sum(
        "totals", grand, parts, subject, expected_as, total=side.total(side.grand, column), cells=sources
    )


@check("columns")
def columns(doc: ParsedDisclosure) -> list[Finding]:
    """In every row, the 合计 column equals the sum of its component columns."""
    expected = [kind.name for kind in KINDS if kind.columns_add_up]
    findings = [missing("columns", kind) for kind in expected if doc.table(kind) is None]
    for table in doc.tables:
        kind = kind_named(table.kind)
        # Other tables (政府采购, 机关运行经费 …) have columns that do not add up by design.
        if kind is None or not kind.columns_add_up:
            continue
        if table.kind == THREE_PUBLIC and three_public.layout(table) == three_public.COLUMNS:
            continue  # categories as columns: the 三公 family adds them up
        for side_name, rows in sides(table):
            # The header proposes which column adds up which; the figures confirm or re-read it.
            proposed = amount_columns(table, rows)
            for total, members in confirmed_sums(column_sums(table.kind, proposed), rows, proposed):
                expected_as = "、".join(column_name(member) for member in members) + "之和"
                for row in rows:
                    subject = f"{table.kind}{side_name}“{row_label(row)}”行“{column_name(total)}”"
                    parts = [cell(row, member) for member in members]
                    sources = [(row, member) for member in members]
                    found = compare_sum(
                        "columns", Figure(table, row, total), parts, subject, expected_as, cells=sources
                    )
                    for finding in found:
                        finding.terms = expected_as
                    findings += found
    return findings
