"""When a failure is a misreading: a table whose header the parser has misread is 结构存疑.

A 未通过 is a public claim that a department's numbers do not add up. A misprint fails on a row
or two; a misread header (a 小计 column taken for a component, a total summed with its own
subtotal) fails on row after row, or by exactly one column's own value again and again (on
every row that prints that column, however many others add up), or sums a column over columns
that print nothing at all, again and again (小计 read as the sum of 其他收入 alone: every part
empty, the difference the 小计 itself). A figure read in the wrong place (one column read under
two headers, a row broken over a page read as two) fails twice on one row of one column, by +x
and by -x: the figure is there, at the other reading. Such a table is marked 结构存疑: its failed
comparisons become "could not run (表头结构存疑)" and the parse log says so, so that nothing is
published as 未通过 for it.

Likewise a table that may go on over a page the parser did not join to it (表格可能未读全): the
rows it lacks cannot add up, so its row sums could not run rather than fail; and a table whose
unit was not read (单位不明) is not published as disagreeing with another table or the prose.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from disclosures.checks.findings import Finding, fmt
from disclosures.checks.names import FAILED, NOT_APPLICABLE, OK, WARNING
from disclosures.parsing.document import ParsedDisclosure
from disclosures.parsing.money import is_known

DOUBT = "表头结构存疑"
# The relations inside one table: what a misread header breaks.
WITHIN = ("hierarchy", "totals", "columns")
# A relation that fails on at least this many rows, and on most of the rows it compares.
MOST_ROWS_AT_LEAST = 3
# Failures by exactly the same column's own value, at least this often in one table.
SAME_PART_AT_LEAST = 2


def doubtful_tables(findings: list[Finding]) -> dict[str, str]:
    """The tables whose within-table failures show a misread structure, each with why."""
    # A relation: one check of one column of a table, over the same terms (a column summed two
    # ways, 小计 of its sources and 小计 of 其他收入, is two relations).
    evaluated: dict[tuple[str, str, str, str], int] = defaultdict(int)
    failed: dict[tuple[str, str, str, str], int] = defaultdict(int)
    by_own_value: dict[tuple[str, str, int], int] = defaultdict(int)
    # By relation and summed term: the rows printing that term, and those failing by exactly it.
    printing: dict[tuple[tuple[str, str, str, str], int], int] = defaultdict(int)
    off_by_it: dict[tuple[tuple[str, str, str, str], int], int] = defaultdict(int)
    over_nothing: dict[tuple[str, str], int] = defaultdict(int)
    differences: dict[tuple[str, str, str, str], set] = defaultdict(set)
    for finding in findings:
        if finding.check not in WITHIN or not finding.table:
            continue
        relation = (finding.check, finding.table, finding.column, finding.terms)
        if finding.status in (OK, WARNING, FAILED):
            evaluated[relation] += 1
            for index, part in enumerate(finding.parts):
                printing[(relation, index)] += bool(part)
        if finding.status != FAILED:
            continue
        failed[relation] += 1
        for index in _own_value_terms(finding):
            by_own_value[(finding.check, finding.table, index)] += 1
            off_by_it[(relation, index)] += 1
        if _sums_nothing(finding):
            over_nothing[(finding.check, finding.table)] += 1
        if finding.difference:
            differences[(finding.check, finding.table, finding.row, finding.column)].add(finding.difference)
    doubts: dict[str, str] = {}
    for (check, table, column, terms), count in failed.items():
        rows = evaluated[(check, table, column, terms)]
        if count >= MOST_ROWS_AT_LEAST and 2 * count > rows:
            doubts.setdefault(table, f"{table}“{column}”列的{check}核对在{rows}行中{count}行不符")
    for (check, table, _index), count in by_own_value.items():
        if count >= SAME_PART_AT_LEAST and not _confirmed_columns(check, table, evaluated, failed):
            doubts.setdefault(table, f"{table}：{check}核对有{count}处恰好相差某一列本身的数额")
    for (relation, index), count in off_by_it.items():
        # Off by the same term on every row that prints it: the term is counted twice by the
        # reading, not left out or doubled by a misprint here and there.
        check, table, column, _terms = relation
        if count >= MOST_ROWS_AT_LEAST and count == printing[(relation, index)]:
            doubts.setdefault(
                table, f"{table}“{column}”列的{check}核对在某一列有数的{count}行都恰好相差该列的数额"
            )
    for (check, table), count in over_nothing.items():
        if count >= SAME_PART_AT_LEAST and not _confirmed_columns(check, table, evaluated, failed):
            doubts.setdefault(table, f"{table}：{check}核对有{count}处所加各项全为空，相差即该数额本身")
    for (check, table, row, column), found in differences.items():
        mirrored = sorted(abs(d) for d in found if d > 0 and -d in found)
        if mirrored:
            doubts.setdefault(
                table,
                f"{table}“{row}”行“{column}”列的{check}核对两次不符，"
                f"一次多{fmt(mirrored[0])}、一次少{fmt(mirrored[0])}：同一数额读到了两处",
            )
    return doubts


def _confirmed_columns(check: str, table: str, evaluated: dict, failed: dict) -> bool:
    """Whether a table's column sums hold on all but a few rows (fewer than a third fail in each).

    Then a row or two whose 小计 leaves out one part (小计 0.00 beside 项目支出 458.00) are
    misprints: a misread header would break the sum on row after row. Row sums (hierarchy,
    totals) get no such pass: a row read twice fails by its own value on few rows.
    """
    if check != "columns":
        return False
    relations = [key for key in evaluated if key[:2] == (check, table)]
    return bool(relations) and all(3 * failed.get(key, 0) < evaluated[key] for key in relations)


def _sums_nothing(finding: Finding) -> bool:
    """Whether a failure sums nothing but empty (or zero) cells against a printed figure: the
    difference is the figure itself, as if its column were summed from columns it is not."""
    return bool(finding.parts) and bool(finding.actual) and not any(finding.parts)


def _own_value_terms(finding: Finding) -> list[int]:
    """Which summed terms the failure's difference equals exactly (a column counted twice or
    counted as its own component)."""
    if finding.difference is None:
        return []
    size = abs(finding.difference)
    return [index for index, part in enumerate(finding.parts) if part and abs(part) == size]


# The relations a table's missing rows break: its rows no longer add up to the total rows.
ROW_SUMS = ("hierarchy", "totals")
# What the parser logs for a grid it kept out of every table (no title above it, and not read
# as the continuation of the table before): ``tables.build_tables``.
UNTITLED_GRID = "无标题表格"


def unread_continuations(doc: ParsedDisclosure | None) -> dict[str, str]:
    """The tables that may go on over a page the parser did not read as theirs, each with why.

    A table whose last page is followed by a grid with no title that the parser did not join
    to it may continue there (a 续表 with its header repeated and read differently): the rows on
    that page are missing, so its 类 rows and 合计 row need not add up to what was read.
    """
    if doc is None:
        return {}
    untitled = {skipped.page for skipped in doc.log.skipped if skipped.what == UNTITLED_GRID}
    return {
        table.kind: f"{table.kind}第{table.pages[-1] + 1}页的无标题表格可能是它的续页，未读入"
        for table in doc.tables
        if table.pages and table.pages[-1] + 1 in untitled
    }


# The checks that compare a table's figure with one printed elsewhere (another table, the
# prose): both must be in a known unit for a difference to mean anything.
ACROSS_PREFIXES = ("cross_table.", "prose.")


def unknown_units(doc: ParsedDisclosure | None) -> dict[str, str]:
    """The tables whose unit was not read (no 单位：… line found), each with why."""
    if doc is None:
        return {}
    return {table.kind: f"{table.kind}的金额单位未能读出" for table in doc.tables if not is_known(table.unit)}


def distrust(findings: list[Finding], doc: ParsedDisclosure | None = None) -> list[Finding]:
    """The findings, a doubtful table's failures turned into "could not run (表头结构存疑)", a
    possibly incomplete table's row sums into "could not run (表格可能未读全)", and a comparison
    with a table of unknown unit into "could not run (单位不明)"."""
    doubts = doubtful_tables(findings)
    incomplete = unread_continuations(doc)
    unitless = unknown_units(doc)
    if not doubts and not incomplete and not unitless:
        return findings
    result = []
    for finding in findings:
        if finding.status == FAILED and finding.table in doubts:
            finding = _could_not_run(finding, doubts[finding.table])
        elif finding.status == FAILED and finding.check in ROW_SUMS and finding.table in incomplete:
            finding = _could_not_run(finding, incomplete[finding.table], prefix=_INCOMPLETE_PREFIX)
        elif (
            finding.status == FAILED
            and finding.check.startswith(ACROSS_PREFIXES)
            and finding.table in unitless
        ):
            finding = _could_not_run(finding, unitless[finding.table], prefix=_UNITLESS_PREFIX)
        result.append(finding)
    return result


def _could_not_run(finding: Finding, why: str, *, prefix: str = "") -> Finding:
    prefix = prefix or _PREFIX
    return replace(finding, status=NOT_APPLICABLE, message=f"{prefix}{why}。{finding.message}")


_PREFIX = f"无法核对（{DOUBT}）："
INCOMPLETE = "表格可能未读全"
_INCOMPLETE_PREFIX = f"无法核对（{INCOMPLETE}）："
UNITLESS = "单位不明"
_UNITLESS_PREFIX = f"无法核对（{UNITLESS}）："


def doubt_notes(findings: list[Finding]) -> list[str]:
    """The parse log's lines: each table marked 结构存疑, and why (its checks could not run)."""
    notes = []
    for prefix, label in ((_PREFIX, DOUBT), (_INCOMPLETE_PREFIX, INCOMPLETE), (_UNITLESS_PREFIX, UNITLESS)):
        reasons = [
            finding.message.removeprefix(prefix).split("。", 1)[0]
            for finding in findings
            if finding.status == NOT_APPLICABLE and finding.message.startswith(prefix)
        ]
        notes += [
            f"{label}，其核对记为无法核对、不作未通过发布：{reason}" for reason in dict.fromkeys(reasons)
        ]
    return notes
