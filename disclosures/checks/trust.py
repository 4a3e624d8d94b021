"""When a failure is a misreading: a table whose header the parser has misread is 结构存疑.

A 未通过 is a public claim that a department's numbers do not add up. A misprint fails on a row
or two; a misread header (a 小计 column taken for a component, a total summed with its own
subtotal) fails on row after row, or by exactly one column's own value again and again. Such a
table is marked 结构存疑: its failed comparisons become "could not run (表头结构存疑)" and the
parse log says so, so that nothing is published as 未通过 for it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from disclosures.checks.findings import Finding
from disclosures.checks.names import FAILED, NOT_APPLICABLE, OK, WARNING

DOUBT = "表头结构存疑"
# The relations inside one table: what a misread header breaks.
WITHIN = ("hierarchy", "totals", "columns")
# A relation that fails on at least this many rows, and on most of the rows it compares.
MOST_ROWS_AT_LEAST = 3
# Failures by exactly the same column's own value, at least this often in one table.
SAME_PART_AT_LEAST = 2


def doubtful_tables(findings: list[Finding]) -> dict[str, str]:
    """The tables whose within-table failures show a misread structure, each with why."""
    evaluated: dict[tuple[str, str, str], int] = defaultdict(int)
    failed: dict[tuple[str, str, str], int] = defaultdict(int)
    by_own_value: dict[tuple[str, str, int], int] = defaultdict(int)
    for finding in findings:
        if finding.check not in WITHIN or not finding.table:
            continue
        relation = (finding.check, finding.table, finding.column)
        if finding.status in (OK, WARNING, FAILED):
            evaluated[relation] += 1
        if finding.status != FAILED:
            continue
        failed[relation] += 1
        for index in _own_value_terms(finding):
            by_own_value[(finding.check, finding.table, index)] += 1
    doubts: dict[str, str] = {}
    for (check, table, column), count in failed.items():
        rows = evaluated[(check, table, column)]
        if count >= MOST_ROWS_AT_LEAST and 2 * count > rows:
            doubts.setdefault(table, f"{table}“{column}”列的{check}核对在{rows}行中{count}行不符")
    for (check, table, _index), count in by_own_value.items():
        if count >= SAME_PART_AT_LEAST:
            doubts.setdefault(table, f"{table}：{check}核对有{count}处恰好相差某一列本身的数额")
    return doubts


def _own_value_terms(finding: Finding) -> list[int]:
    """Which summed terms the failure's difference equals exactly (a column counted twice or
    counted as its own component)."""
    if finding.difference is None:
        return []
    size = abs(finding.difference)
    return [index for index, part in enumerate(finding.parts) if part and abs(part) == size]


def distrust(findings: list[Finding]) -> list[Finding]:
    """The findings, a doubtful table's failures turned into "could not run (表头结构存疑)"."""
    doubts = doubtful_tables(findings)
    if not doubts:
        return findings
    return [
        _could_not_run(finding, doubts[finding.table])
        if finding.status == FAILED and finding.table in doubts
        else finding
        for finding in findings
    ]


def _could_not_run(finding: Finding, why: str) -> Finding:
    return replace(finding, status=NOT_APPLICABLE, message=f"{_PREFIX}{why}。{finding.message}")


_PREFIX = f"无法核对（{DOUBT}）："


def doubt_notes(findings: list[Finding]) -> list[str]:
    """The parse log's lines: each table marked 结构存疑, and why (its checks could not run)."""
    reasons = [
        finding.message.removeprefix(_PREFIX).split("。", 1)[0]
        for finding in findings
        if finding.status == NOT_APPLICABLE and finding.message.startswith(_PREFIX)
    ]
    return [f"{DOUBT}，其核对记为无法核对、不作未通过发布：{reason}" for reason in dict.fromkeys(reasons)]
