"""Consistency checks over a parsed disclosure (domain.md, "Checks a correct disclosure passes").

Pure functions: a ParsedDisclosure in, a list of CheckResult out. No Django, no I/O.

Every evaluated comparison gives one result, so counting passes is meaningful: one result per
(check, table, row, column). A comparison is evaluated only when at least one of its cells is
printed; empty cells mean nothing budgeted and count as 0 inside a sum. When a table a check
needs is missing the check says so (``not_applicable``), which is not a pass.

Check names (stable, they are the ``check`` column of /export/checks.csv):

- ``hierarchy``: a 类 row = Σ its 款 rows, a 款 row = Σ its 项 rows, per amount column.
- ``totals``: the 合计 row = Σ the top-level coded rows; in two-sided tables 本年收入合计 = Σ the
  numbered rows above it and 收入总计 = 本年收入合计 + the carry-over rows (likewise for 支出).
- ``columns``: the 合计 column = Σ its component columns (and 小计 = Σ the columns under it).
- ``three_public.total``, ``three_public.vehicles``: inside the 三公 table, 合计 = 因公出国 +
  公务用车购置及运行维护费 + 公务接待费, and 公务用车购置及运行维护费 = 购置费 + 运行维护费.
- ``balance``: 收入总计 = 支出总计 and 本年收入合计 = 本年支出合计 in the two-sided tables.
- ``cross_table.income_total``, ``cross_table.expense_total``, ``cross_table.income_expense``,
  ``cross_table.function_class``, ``cross_table.basic_expense``, ``cross_table.three_public``.
- ``projects``: Σ project budgets vs 项目支出 (advisory: a warning at most).
- ``prose.<fact key>`` (income_total, expense_total, …) and ``prose.change``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

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
    Amount,
    Fact,
    ParsedDisclosure,
    Row,
    Table,
    ThreePublicFigures,
)

# What each check is called where people read it (the site, the admin); the stable English
# names above are what scripts use.
CHECK_LABELS = {
    "hierarchy": "层级：类等于其款之和，款等于其项之和",
    "totals": "合计行等于各行之和",
    "columns": "合计列等于各组成列之和",
    "three_public.total": "三公经费合计等于各项之和",
    "three_public.vehicles": "公务用车费等于购置费与运行维护费之和",
    "balance": "收入总计等于支出总计",
    "cross_table.income_total": "收支总表与收入总表的收入一致",
    "cross_table.expense_total": "收入总表与支出总表的合计一致",
    "cross_table.income_expense": "本年收入与本年支出一致",
    "cross_table.function_class": "收支总表各类支出与支出总表一致",
    "cross_table.basic_expense": "一般公共预算基本支出与基本支出表一致",
    "cross_table.three_public": "三公经费表与情况说明一致",
    "projects": "项目预算之和与项目支出一致（仅供参考）",
    "prose.change": "情况说明中的增减额相加一致",
}
PROSE_LABEL = "情况说明中的数字与报表一致"


def check_label(name: str) -> str:
    """The Chinese name of a check, for people; prose.<key> checks share one."""
    return CHECK_LABELS.get(name) or (PROSE_LABEL if name.startswith("prose.") else name)


OK = "ok"
WARNING = "warning"
FAILED = "failed"
NOT_APPLICABLE = "not_applicable"

# Amounts are printed with two decimals: each summed term may be off by one cent of rounding.
ROUNDING = Decimal("0.01")
WAN = "万元"
YUAN = "元"
YUAN_PER_WAN = Decimal(10000)
INCOME_SIDE = "收入"
EXPENSE_SIDE = "支出"

# Which tables each within-table family expects (a missing one is reported as not_applicable).
CODED_KINDS = (
    INCOME,
    EXPENSE,
    GENERAL_BUDGET_EXPENSE,
    GENERAL_BUDGET_BASIC,
    GOV_FUND_EXPENSE,
    STATE_CAPITAL_EXPENSE,
)
TWO_SIDED_KINDS = (INCOME_EXPENSE_SUMMARY, FISCAL_SUMMARY)
COLUMN_KINDS = (
    INCOME,
    EXPENSE,
    FISCAL_SUMMARY,
    GENERAL_BUDGET_EXPENSE,
    GENERAL_BUDGET_BASIC,
    GOV_FUND_EXPENSE,
    STATE_CAPITAL_EXPENSE,
    THREE_PUBLIC,
)
# Tables whose first column is the total even when its header does not say 合计 (财政拨款支出 …).
EXPENSE_KINDS = (EXPENSE, GENERAL_BUDGET_EXPENSE, GOV_FUND_EXPENSE, STATE_CAPITAL_EXPENSE)

_CN_NUMBERED = re.compile(r"^[一二三四五六七八九十百]+[、.．]")
_SUB_ITEM = re.compile(r"^(其中|\d+[.．、)）]|[（(][一二三四五六七八九十\d]+[）)])")
# A prefix: a parser may glue the next cell to it (本年支出合计结余分配).
_CURRENT_TOTAL = re.compile(r"^(本年|当年)(收入|支出)?(合计|小计)")
_GRAND_TOTAL = re.compile(r"^(收入|支出)?(总计|合计)$")
_CARRY = re.compile(r"结转|结余")
_NUMBERING = re.compile(r"^([一二三四五六七八九十百]+[、.．]|\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)])")
_CLASS_SUFFIX = re.compile(r"[（(]类[）)]$")
_SPACES = re.compile(r"\s+")
# Column headers that only say which figure sits under a category (SH 决算: 预算数 | 决算数).
_MEASURES = {"预算数", "决算数", "金额", "预算", "决算"}


@dataclass
class CheckResult:
    check: str  # stable name, e.g. "hierarchy", "columns", "balance", "cross_table.income_total"
    status: str  # ok / warning / failed / not_applicable
    table: str = ""  # the table's kind (收入总表) or "" for document-wide checks
    row: str = ""  # the row it failed on: code and name, or item
    column: str = ""
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    unit: str = ""
    page: int | None = None
    message: str = ""  # one sentence a journalist can read
    tolerance: Decimal | None = None  # the rounding allowed: 0.01 per summed term


def run_checks(doc: ParsedDisclosure) -> list[CheckResult]:
    """Every check on one document, in a stable order."""
    results: list[CheckResult] = []
    for family in (
        check_hierarchy,
        check_totals,
        check_columns,
        check_three_public_table,
        check_balance,
        check_cross_tables,
        check_projects,
        check_prose,
    ):
        results.extend(family(doc))
    # A missing table is reported once per check, however many comparisons needed it.
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for result in results:
        key = (result.check, result.table, result.message)
        if result.status == NOT_APPLICABLE and key in seen:
            continue
        seen.add(key)
        unique.append(result)
    return unique


# ---------------------------------------------------------------------------------------------
# The shared comparison


def compare(
    check: str,
    *,
    expected: Decimal,
    actual: Decimal,
    subject: str,
    expected_as: str,
    terms: int = 1,
    table: str = "",
    row: str = "",
    column: str = "",
    unit: str = "",
    page: int | None = None,
    advisory: bool = False,
) -> CheckResult:
    """Compare a printed figure (actual) with what it should be (expected) and say so in a sentence.

    ``terms`` is how many printed figures went into ``expected``: each may carry a cent of
    rounding. ``advisory`` checks report a difference as a warning, never a failure.
    """
    tolerance = ROUNDING * max(terms, 1)
    difference = actual - expected
    shown = f"{subject}为{_fmt(actual)}"
    if difference == 0:
        status = OK
        message = f"{shown}，与{expected_as}相符。"
    elif abs(difference) <= tolerance or advisory:
        status = WARNING
        why = "仅作提示" if advisory and abs(difference) > tolerance else f"在{terms}项四舍五入误差以内"
        message = f"{shown}，{expected_as}为{_fmt(expected)}，相差{_fmt(difference)}{unit}，{why}。"
    else:
        status = FAILED
        message = (
            f"{shown}，{expected_as}为{_fmt(expected)}，相差{_fmt(difference)}{unit}，超出四舍五入误差。"
        )
    return CheckResult(
        check=check,
        status=status,
        table=table,
        row=row,
        column=column,
        expected=expected,
        actual=actual,
        difference=difference,
        unit=unit,
        page=page,
        message=message,
        tolerance=tolerance,
    )


def not_applicable(
    check: str, reason: str, *, table: str = "", row: str = "", column: str = ""
) -> CheckResult:
    """A check that could not run, with the reason (a missing table is not a pass)."""
    return CheckResult(
        check=check, status=NOT_APPLICABLE, table=table, row=row, column=column, message=reason
    )


def _missing(check: str, kind: str) -> CheckResult:
    return not_applicable(check, f"文件中没有{kind}，无法核对。", table=kind)


def _fmt(value: Decimal) -> str:
    return f"{value:,.2f}"


# ---------------------------------------------------------------------------------------------
# Reading tables


@dataclass(frozen=True)
class Column:
    """An amount column: its leaf header and the headers above it (本年收入 › 财政拨款收入).

    ``name`` is the column as the parser named it (Amount.column, the ``column`` of
    lines.csv): the leaf, or ``parent/leaf`` where the leaf repeats (合计/预算数).
    """

    leaf: str
    path: tuple[str, ...] = ()
    name: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        return "".join((*self.path, self.leaf))


def _norm(text: str) -> str:
    return _SPACES.sub("", text or "")


def _column_of(cell: Amount) -> Column:
    name = _norm(cell.column)
    leaf = name.rsplit("/", 1)[-1]
    path = tuple(_norm(part) for part in cell.column_path)
    # column_path may or may not end with the leaf itself.
    if path and path[-1] == leaf:
        path = path[:-1]
    if not path and "/" in name:
        path = (name.rsplit("/", 1)[0],)
    return Column(leaf, path, name)


def _columns(table: Table, rows: Iterable[Row]) -> list[Column]:
    """The amount columns of these rows, in the table's printed order.

    In one-sided tables the printed headers with no amount under them are columns too (an
    empty 公用经费 is a 0, not an unknown). Their header path is unknown: next to a grouped
    小计 (本年收入 › 小计) every such column but the carry-overs belongs to that group.
    """
    seen: dict[Column, None] = {}
    for row in rows:
        for cell in row.amounts:
            seen.setdefault(_column_of(cell))
    if not any(row.side for row in table.rows):
        names = {column.name for column in seen}
        group = next((column.path for column in seen if column.leaf == "小计" and column.path), ())
        for name in map(_norm, table.columns):
            if name and name not in names:
                names.add(name)
                column = _column_of(Amount(column=name, value=Decimal(0)))
                if not column.path and not _CARRY.search(name):
                    column = Column(column.leaf, group, name)
                seen.setdefault(column)
    order: dict[str, int] = {}
    for index, name in enumerate(table.columns):
        order.setdefault(_norm(name), index)
    return sorted(seen, key=lambda column: order.get(column.name, len(order)))


def _column_name(column: Column) -> str:
    """The column as results name it: the parser's name, with the category before 预算数/决算数."""
    path = column.path
    if (
        "/" in column.name
        or column.leaf not in _MEASURES
        or not path
        or path[-1] in (INCOME_SIDE, EXPENSE_SIDE)
    ):
        return column.name or column.leaf
    return f"{path[-1]}（{column.leaf}）"


def _cell(row: Row, column: Column) -> Decimal | None:
    for cell in row.amounts:
        if _column_of(cell) == column:
            return cell.value
    return None


def _value(row: Row, column: Column) -> Decimal:
    value = _cell(row, column)
    return Decimal(0) if value is None else value


def _printed(values: Iterable[Decimal | None]) -> int:
    return sum(1 for value in values if value is not None)


def _row_label(row: Row) -> str:
    return f"{row.code} {row.item}" if row.code else row.item


def _code_level(code: str) -> int:
    """3, 5 or 7 for classification codes (类/款/项); 0 for anything else (unit codes, none)."""
    return len(code) if code.isdigit() and len(code) in (3, 5, 7) else 0


def _total_row(table: Table) -> Row | None:
    """The uncoded 合计/总计 row of a coded table, or a table's only row (JS 支出预算总表)."""
    total = next((row for row in table.rows if not row.code and _norm(row.item) in ("合计", "总计")), None)
    if total is None and len(table.rows) == 1 and not table.rows[0].code and not table.rows[0].side:
        return table.rows[0]
    return total


@dataclass
class Figure:
    """One printed figure located in a table, ready to compare with another table's."""

    table: Table
    row: Row
    column: Column

    @property
    def value(self) -> Decimal:
        return _value(self.row, self.column)

    @property
    def printed(self) -> bool:
        return _cell(self.row, self.column) is not None

    @property
    def where(self) -> str:
        row = f"“{_row_label(self.row)}”" if _row_label(self.row) else ""
        return f"{self.table.kind}{row}“{_column_name(self.column)}”"


def _is_total_leaf(leaf: str) -> bool:
    return leaf.endswith("合计") or leaf.endswith("总计")


def _column_sums(kind: str, columns: Sequence[Column]) -> list[tuple[Column, list[Column]]]:
    """Which column is the sum of which: [(合计, [components]), (小计, [income sources]), …].

    Component columns are found by the header structure and keywords, not by exact wording,
    because every province words them its own way. ``其中`` columns are never added.
    """
    columns = [column for column in columns if not column.leaf.startswith("其中")]
    total = next((column for column in columns if _is_total_leaf(column.leaf)), None)
    if total is None and kind in EXPENSE_KINDS and len(columns) > 1:
        # 财政拨款支出 | 基本支出 | 项目支出: the first column is the total under another name.
        first = columns[0]
        if not any(word in first.leaf for word in ("基本", "项目", "人员", "公用")):
            total = first
    if total is None:
        return []
    sums: list[tuple[Column, list[Column]]] = []
    covered: set[Column] = set()
    # A group printing its own 小计 or 金额 (本年收入 › 小计, 事业收入 › 金额) is represented by it.
    for head in columns:
        if head is total or head.leaf not in ("小计", "金额") or not head.path:
            continue
        members = [c for c in columns if c not in (head, total) and c.path[: len(head.path)] == head.path]
        covered.update(members)
        if head.leaf == "小计" and members:
            sums.append((head, members))
    # Without header paths, a 小计 stands for the income sources: everything but the carry-overs.
    flat = next((c for c in columns if c.leaf == "小计" and not c.path and c is not total), None)
    if flat is not None:
        members = [
            c for c in columns if c not in (total, flat) and c not in covered and not _CARRY.search(c.label)
        ]
        covered.update(members)
        if members:
            sums.append((flat, members))
    top = [column for column in columns if column is not total and column not in covered]
    if top:
        sums.insert(0, (total, top))
    return sums


def _sides(table: Table) -> list[tuple[str, list[Row]]]:
    """Rows grouped by side: [("收入", …), ("支出", …)] in two-sided tables, [("", rows)] otherwise."""
    if not any(row.side for row in table.rows):
        return [("", table.rows)]
    return [(side, [row for row in table.rows if row.side == side]) for side in (INCOME_SIDE, EXPENSE_SIDE)]


def _side_rows(table: Table, side: str) -> list[Row]:
    return [row for row in table.rows if row.side == side]


def _side_column(table: Table, rows: Sequence[Row]) -> Column | None:
    """The column holding a side's total: its 合计 column, else its only (first) column."""
    columns = _columns(table, rows)
    sums = _column_sums(table.kind, columns)
    if sums:
        return sums[0][0]
    return columns[0] if columns else None


def _find_row(rows: Sequence[Row], pattern: re.Pattern[str], *, last: bool = False) -> int | None:
    found = [index for index, row in enumerate(rows) if pattern.match(_norm(row.item))]
    if not found:
        return None
    return found[-1] if last else found[0]


@dataclass
class SideTotals:
    """The total rows of one side of a two-sided table and what adds up to them."""

    rows: list[Row]
    current: Row | None  # 本年收入合计 / 本年支出合计
    grand: Row | None  # 收入总计 / 支出总计
    numbered: list[Row]  # 一、… rows above the current total (sources, or function 类)
    carry: list[list[Row]]  # carry-over rows between current and grand: [header, *its breakdown]
    columns: list[Column]

    def total(self, row: Row, column: Column) -> Decimal | None:
        """A total row's amount in a column. Where a side lists two classifications side by side
        (JS: 支出用途 | 功能分类, both 金额), their one printed total stands for both."""
        value = _cell(row, column)
        if value is not None:
            return value
        twins = (c for c in self.columns if c != column and c.leaf == column.leaf)
        return next((value for twin in twins if (value := _cell(row, twin)) is not None), None)


def _side_totals(table: Table, rows: list[Row]) -> SideTotals:
    current_at = _find_row(rows, _CURRENT_TOTAL)
    grand_at = _find_row(rows, _GRAND_TOTAL, last=True)
    body_end = current_at if current_at is not None else grand_at if grand_at is not None else len(rows)
    numbered = [row for row in rows[:body_end] if _CN_NUMBERED.match(_norm(row.item))]
    carry: list[list[Row]] = []
    if grand_at is not None:
        start = current_at + 1 if current_at is not None else _after_last_numbered(rows, grand_at)
        for row in rows[start:grand_at]:
            item = _norm(row.item)
            # A numbered or 其中 row under a carry-over header is its breakdown (一、一般公共预算拨款).
            if (_CN_NUMBERED.match(item) or _SUB_ITEM.match(item)) and carry:
                carry[-1].append(row)
            elif not _SUB_ITEM.match(item):
                carry.append([row])
    return SideTotals(
        rows=rows,
        current=rows[current_at] if current_at is not None else None,
        grand=rows[grand_at] if grand_at is not None else None,
        numbered=numbered,
        carry=carry,
        columns=_columns(table, rows),
    )


def _after_last_numbered(rows: list[Row], end: int) -> int:
    last = max((i for i, row in enumerate(rows[:end]) if _CN_NUMBERED.match(_norm(row.item))), default=-1)
    return last + 1


def _carry_total(side: SideTotals, column: Column | None) -> tuple[Decimal, int]:
    """The carry-over rows' amounts (a header's breakdown when only that is printed) and how
    many were printed."""
    total, terms = Decimal(0), 0
    if column is None:
        return total, terms
    for header, *breakdown in side.carry:
        value = side.total(header, column)
        if value is None and breakdown:
            cells = [_cell(row, column) for row in breakdown]
            total += sum((value or Decimal(0) for value in cells), Decimal(0))
            terms += _printed(cells)
        elif value is not None:
            total += value
            terms += 1
    return total, terms


# ---------------------------------------------------------------------------------------------
# Units: compare across tables in one unit (万元 = 10000 元)


def _common_unit(*units: str) -> str:
    known = {unit for unit in units if unit}
    if len(known) > 1:
        return WAN
    return next(iter(known), "")


def _convert(value: Decimal, unit: str, target: str) -> Decimal:
    """A figure in another unit; 元 → 万元 is rounded to the cent a 万元 table would print."""
    if not unit or not target or unit == target:
        return value
    if unit == YUAN and target == WAN:
        return (value / YUAN_PER_WAN).quantize(ROUNDING, rounding=ROUND_HALF_UP)
    if unit == WAN and target == YUAN:
        return value * YUAN_PER_WAN
    return value


# ---------------------------------------------------------------------------------------------
# 1. Hierarchy


def check_hierarchy(doc: ParsedDisclosure) -> list[CheckResult]:
    """A 类 row equals the sum of its 款 rows, a 款 row the sum of its 项 rows, per column."""
    results = [_missing("hierarchy", kind) for kind in CODED_KINDS if doc.table(kind) is None]
    for table in doc.tables:
        columns = _columns(table, table.rows)
        for index, parent in enumerate(table.rows):
            level = _code_level(parent.code)
            if level not in (3, 5):
                continue
            children = _children(table.rows, index)
            if not children:
                continue
            part = "款" if level == 3 else "项"
            for column in columns:
                cells = [_cell(child, column) for child in children]
                if _cell(parent, column) is None and not _printed(cells):
                    continue
                results.append(
                    compare(
                        "hierarchy",
                        expected=sum((_value(child, column) for child in children), Decimal(0)),
                        actual=_value(parent, column),
                        subject=f"{table.kind}“{_row_label(parent)}”行“{_column_name(column)}”列",
                        expected_as=f"其下{len(children)}个{part}之和",
                        terms=_printed(cells),
                        table=table.kind,
                        row=_row_label(parent),
                        column=_column_name(column),
                        unit=table.unit,
                        page=parent.page,
                    )
                )
    return results


def _children(rows: Sequence[Row], index: int) -> list[Row]:
    """The rows one level below rows[index], read from the contiguous block that follows it.

    Reading the block rather than every row with the prefix keeps tables that list each
    unit's codes separately from mixing one unit's children into another's parent.
    """
    parent = rows[index].code
    children = []
    for row in rows[index + 1 :]:
        if not _code_level(row.code) or not row.code.startswith(parent) or row.code == parent:
            break
        if len(row.code) == len(parent) + 2:
            children.append(row)
    return children


# ---------------------------------------------------------------------------------------------
# 2. Totals


def check_totals(doc: ParsedDisclosure) -> list[CheckResult]:
    """The 合计 row equals the sum of the 类 rows; in two-sided tables the totals add up."""
    results = [
        _missing("totals", kind) for kind in (*TWO_SIDED_KINDS, *CODED_KINDS) if doc.table(kind) is None
    ]
    for table in doc.tables:
        if any(row.side for row in table.rows):
            results.extend(_two_sided_totals(table))
        else:
            results.extend(_coded_totals(table))
    return results


def _coded_totals(table: Table) -> list[CheckResult]:
    total = _total_row(table)
    codes = {row.code for row in table.rows if _code_level(row.code)}
    # Top-level rows are those whose parent codes are not printed: the 类 rows when present.
    tops = [
        row
        for row in table.rows
        if _code_level(row.code) and not any(row.code[:n] in codes for n in range(3, len(row.code), 2))
    ]
    if total is None or not tops:
        return []
    level = "类" if all(len(row.code) == 3 for row in tops) else "顶层科目"
    results = []
    for column in _columns(table, table.rows):
        cells = [_cell(row, column) for row in tops]
        if _cell(total, column) is None and not _printed(cells):
            continue
        results.append(
            compare(
                "totals",
                expected=sum((_value(row, column) for row in tops), Decimal(0)),
                actual=_value(total, column),
                subject=f"{table.kind}“{total.item}”行“{_column_name(column)}”列",
                expected_as=f"{len(tops)}个{level}之和",
                terms=_printed(cells),
                table=table.kind,
                row=total.item,
                column=_column_name(column),
                unit=table.unit,
                page=total.page,
            )
        )
    return results


def _two_sided_totals(table: Table) -> list[CheckResult]:
    """本年收入合计 = Σ the numbered rows above it; 收入总计 = 本年收入合计 + carry-overs (each side)."""
    results = []
    for side_name, rows in _sides(table):
        side = _side_totals(table, rows)
        for column in side.columns:
            results.extend(_current_total(table, side_name, side, column))
            results.extend(_grand_total(table, side_name, side, column))
    return results


def _current_total(table: Table, side_name: str, side: SideTotals, column: Column) -> list[CheckResult]:
    if side.current is None or not side.numbered:
        return []
    cells = [_cell(row, column) for row in side.numbered]
    printed = side.total(side.current, column)
    if printed is None and not _printed(cells):
        return []
    return [
        compare(
            "totals",
            expected=sum((cell or Decimal(0) for cell in cells), Decimal(0)),
            actual=printed or Decimal(0),
            subject=f"{table.kind}{side_name}栏“{side.current.item}”“{_column_name(column)}”",
            expected_as=f"上方{len(side.numbered)}个{side_name}项目之和",
            terms=_printed(cells),
            table=table.kind,
            row=side.current.item,
            column=_column_name(column),
            unit=table.unit,
            page=side.current.page,
        )
    ]


def _grand_total(table: Table, side_name: str, side: SideTotals, column: Column) -> list[CheckResult]:
    if side.grand is None or (side.current is None and not side.numbered):
        return []
    if side.current is not None:
        cell = side.total(side.current, column)
        base, base_terms, base_as = cell or Decimal(0), _printed([cell]), side.current.item
    else:
        cells = [_cell(row, column) for row in side.numbered]
        base = sum((cell or Decimal(0) for cell in cells), Decimal(0))
        base_terms, base_as = _printed(cells), f"{len(side.numbered)}个{side_name}项目"
    carry, carry_terms = _carry_total(side, column)
    printed = side.total(side.grand, column)
    if printed is None and not base_terms and not carry_terms:
        return []
    carry_names = "、".join(group[0].item for group in side.carry)
    return [
        compare(
            "totals",
            expected=base + carry,
            actual=printed or Decimal(0),
            subject=f"{table.kind}{side_name}栏“{side.grand.item}”“{_column_name(column)}”",
            expected_as=f"{base_as}加{carry_names}" if carry_names else base_as,
            terms=base_terms + carry_terms,
            table=table.kind,
            row=side.grand.item,
            column=_column_name(column),
            unit=table.unit,
            page=side.grand.page,
        )
    ]


# ---------------------------------------------------------------------------------------------
# 3. Columns


def check_columns(doc: ParsedDisclosure) -> list[CheckResult]:
    """In every row, the 合计 column equals the sum of its component columns."""
    results = [_missing("columns", kind) for kind in COLUMN_KINDS if doc.table(kind) is None]
    for table in doc.tables:
        # Other tables (政府采购, 机关运行经费 …) have columns that do not add up by design.
        if table.kind not in COLUMN_KINDS or table.kind == INCOME_EXPENSE_SUMMARY:
            continue
        if table.kind == THREE_PUBLIC and _three_public_layout(table) == "columns":
            continue  # categories as columns: check_three_public_table covers them
        for side_name, rows in _sides(table):
            for total, members in _column_sums(table.kind, _columns(table, rows)):
                for row in rows:
                    cells = [_cell(row, member) for member in members]
                    if _cell(row, total) is None and not _printed(cells):
                        continue
                    names = "、".join(_column_name(member) for member in members)
                    results.append(
                        compare(
                            "columns",
                            expected=sum((_value(row, member) for member in members), Decimal(0)),
                            actual=_value(row, total),
                            subject=f"{table.kind}{side_name}“{_row_label(row)}”行“{_column_name(total)}”",
                            expected_as=f"{names}之和",
                            terms=_printed(cells),
                            table=table.kind,
                            row=_row_label(row),
                            column=_column_name(total),
                            unit=table.unit,
                            page=row.page,
                        )
                    )
    return results


# ---------------------------------------------------------------------------------------------
# 3b. Inside the 三公 table

TOTAL = "total"
OVERSEAS = "overseas"
VEHICLES = "vehicles"
PURCHASE = "vehicle_purchase"
OPERATION = "vehicle_operation"
RECEPTION = "reception"
THREE_PUBLIC_NAMES = {
    TOTAL: "合计",
    OVERSEAS: "因公出国（境）费",
    VEHICLES: "公务用车购置及运行维护费",
    PURCHASE: "公务用车购置费",
    OPERATION: "公务用车运行维护费",
    RECEPTION: "公务接待费",
}


def _three_public_part(text: str) -> str | None:
    if "机关运行" in text or "会议" in text or "培训" in text:
        return None  # printed beside 三公 in some templates, not part of it
    if "出国" in text:
        return OVERSEAS
    if "接待" in text:
        return RECEPTION
    purchase = "购置" in text
    operation = "运行" in text or "运维" in text
    if purchase and operation:
        return VEHICLES
    if purchase:
        return PURCHASE
    if operation:
        return OPERATION
    if "公务用车" in text:
        return VEHICLES
    if "三公" in text or text in ("合计", "总计"):
        return TOTAL
    return None


def three_public_category(parts: Sequence[str]) -> str | None:
    """The 三公 category of a row item or a column's headers (read from the leaf upwards)."""
    parts = [_norm(part) for part in parts]
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if part in _MEASURES:
            continue
        if part == "小计":
            # 小计 under 公务用车购置及运行维护费 is that category; under "三公"经费 it is the total.
            above = next((c for p in reversed(parts[:index]) if (c := _three_public_part(p))), None)
            return VEHICLES if above == VEHICLES else TOTAL
        category = _three_public_part(part)
        if category is not None:
            return category
    return None


def _three_public_layout(table: Table) -> str:
    """ "rows" when the categories are rows (the seed's layout), "columns" for the cross layout."""
    if any(three_public_category([row.item]) not in (None, TOTAL) for row in table.rows):
        return "rows"
    columns = _columns(table, table.rows)
    if any(three_public_category((*c.path, c.leaf)) not in (None, TOTAL) for c in columns):
        return "columns"
    return "rows"


def check_three_public_table(doc: ParsedDisclosure) -> list[CheckResult]:
    """Inside the 三公 table: 合计 = 出国 + 公务用车 + 接待, and 公务用车 = 购置费 + 运行维护费."""
    table = doc.table(THREE_PUBLIC)
    if table is None:
        return [_missing("three_public.total", THREE_PUBLIC)]
    results = []
    for figures in _three_public_figures(table):
        results.extend(_three_public_sums(figures))
    return results


def _three_public_figures(table: Table) -> list[dict[str, Figure]]:
    """Each set of 三公 figures printed in the table, by category.

    Row layout (the seed's): one set per amount column (合计, 一般公共预算财政拨款 …). Cross
    layout: one set per row, and per 预算数/决算数 when a 决算 table prints both.
    """
    if _three_public_layout(table) == "rows":
        rows: dict[str, Row] = {}
        for row in table.rows:
            category = three_public_category([row.item])
            if category is not None:
                rows.setdefault(category, row)
        columns = _columns(table, table.rows)
        return [
            {category: Figure(table, row, column) for category, row in rows.items()} for column in columns
        ]
    sets = []
    for row in table.rows:
        by_measure: dict[str, dict[str, Figure]] = {}
        for column in _columns(table, [row]):
            category = three_public_category((*column.path, column.leaf))
            if category is None:
                continue
            figures = by_measure.setdefault(column.leaf if column.leaf in _MEASURES else "", {})
            # Prefer the total printed under "三公" over a grand 合计 that adds 会议费/培训费.
            if category == TOTAL and TOTAL in figures and "三公" not in column.label:
                continue
            figures[category] = Figure(table, row, column)
        sets.extend(by_measure.values())
    return sets


def _three_public_sums(figures: dict[str, Figure]) -> list[CheckResult]:
    """合计 = 出国 + 公务用车 (or 购置 + 运行) + 接待; 公务用车 = 购置 + 运行, where printed."""
    vehicle_parts = [c for c in (PURCHASE, OPERATION) if c in figures]
    total_parts = [c for c in (OVERSEAS, RECEPTION) if c in figures]
    total_parts += [VEHICLES] if VEHICLES in figures else vehicle_parts
    rules = []
    if TOTAL in figures and total_parts:
        rules.append(("three_public.total", TOTAL, total_parts))
    if VEHICLES in figures and vehicle_parts:
        rules.append(("three_public.vehicles", VEHICLES, vehicle_parts))
    results = []
    for check, head, parts in rules:
        figure = figures[head]
        terms = [figures[part] for part in parts]
        if not figure.printed and not any(term.printed for term in terms):
            continue
        results.append(
            compare(
                check,
                expected=sum((term.value for term in terms), Decimal(0)),
                actual=figure.value,
                subject=figure.where,
                expected_as="、".join(THREE_PUBLIC_NAMES[part] for part in parts) + "之和",
                terms=sum(1 for term in terms if term.printed),
                table=figure.table.kind,
                row=_row_label(figure.row) or THREE_PUBLIC_NAMES[head],
                column=_column_name(figure.column),
                unit=figure.table.unit,
                page=figure.row.page,
            )
        )
    return results


# ---------------------------------------------------------------------------------------------
# 4. Balance


def check_balance(doc: ParsedDisclosure) -> list[CheckResult]:
    """收入总计 = 支出总计 (and 本年收入合计 = 本年支出合计) in 收支总表 and 财政拨款收支总表."""
    results = []
    for kind in TWO_SIDED_KINDS:
        table = doc.table(kind)
        if table is None:
            results.append(_missing("balance", kind))
            continue
        income = _side_totals(table, _side_rows(table, INCOME_SIDE))
        expense = _side_totals(table, _side_rows(table, EXPENSE_SIDE))
        income_column = _side_column(table, income.rows)
        expense_column = _side_column(table, expense.rows)
        if income_column is None or expense_column is None:
            results.append(not_applicable("balance", f"{kind}中没有印出收支金额。", table=kind))
            continue
        pairs = [("总计", income.grand, expense.grand)]
        # With money carried in or out (上年结转, 结转下年), this year's totals differ by design.
        carried = _carry_total(income, income_column)[1] or _carry_total(expense, expense_column)[1]
        if not carried:
            pairs.append(("本年合计", income.current, expense.current))
        for what, income_row, expense_row in pairs:
            if income_row is None or expense_row is None:
                if what == "总计":
                    results.append(
                        not_applicable("balance", f"{kind}中找不到收入、支出{what}行。", table=kind)
                    )
                continue
            left, right = income.total(income_row, income_column), expense.total(expense_row, expense_column)
            if left is None and right is None:
                continue
            results.append(
                compare(
                    "balance",
                    expected=left or Decimal(0),
                    actual=right or Decimal(0),
                    subject=f"{kind}“{expense_row.item}”",
                    expected_as=f"“{income_row.item}”",
                    table=kind,
                    row=f"{income_row.item}/{expense_row.item}",
                    column=_column_name(expense_column),
                    unit=table.unit,
                    page=expense_row.page,
                )
            )
    return results


# ---------------------------------------------------------------------------------------------
# 5. Across tables


def _compare_figures(
    check: str,
    actual: Figure,
    expected: Decimal,
    expected_unit: str,
    expected_as: str,
    *,
    terms: int = 1,
    advisory: bool = False,
) -> CheckResult:
    """Compare a table's figure with a figure from elsewhere, both in one unit."""
    unit = _common_unit(actual.table.unit, expected_unit)
    subject = actual.where
    if actual.table.unit and actual.table.unit != unit:
        subject += f"（{_fmt(actual.value)}{actual.table.unit}）折合{unit}"
    return compare(
        check,
        expected=_convert(expected, expected_unit, unit),
        actual=_convert(actual.value, actual.table.unit, unit),
        subject=subject,
        expected_as=expected_as,
        terms=terms,
        table=actual.table.kind,
        row=_row_label(actual.row),
        column=_column_name(actual.column),
        unit=unit,
        page=actual.row.page,
        advisory=advisory,
    )


def _total_figure(table: Table | None, *keywords: str) -> Figure | None:
    """The 合计 row's figure in the total column, or in the first column whose header has a keyword."""
    if table is None:
        return None
    row = _total_row(table)
    if row is None:
        return None
    columns = _columns(table, table.rows)
    if keywords:
        column = next((c for c in columns if any(word in c.leaf for word in keywords)), None)
    else:
        sums = _column_sums(table.kind, columns)
        column = sums[0][0] if sums else (columns[0] if columns else None)
    return Figure(table, row, column) if column is not None else None


def _side_figure(table: Table | None, side: str, which: str) -> Figure | None:
    """收支总表's 收入总计 (which="grand") or 本年收入合计 (which="current"), on one side."""
    if table is None:
        return None
    rows = _side_rows(table, side)
    totals = _side_totals(table, rows)
    row = totals.grand if which == "grand" else totals.current
    column = _side_column(table, rows)
    if row is None or column is None:
        return None
    # The total may be printed under a twin column (JS: 支出用途 | 功能分类).
    printed_in = (c for c in totals.columns if c.leaf == column.leaf and _cell(row, c) is not None)
    return Figure(table, row, column if _cell(row, column) is not None else next(printed_in, column))


def check_cross_tables(doc: ParsedDisclosure) -> list[CheckResult]:
    """Figures that appear in two tables agree (收支总表, 收入总表, 支出总表, 基本支出表, 三公)."""
    return [
        *_income_total(doc),
        *_expense_total(doc),
        *_income_expense(doc),
        *_function_classes(doc, INCOME_EXPENSE_SUMMARY, (), EXPENSE),
        *_function_classes(doc, FISCAL_SUMMARY, ("一般公共预算",), GENERAL_BUDGET_EXPENSE),
        *_function_classes(doc, FISCAL_SUMMARY, ("政府性基金",), GOV_FUND_EXPENSE),
        *_function_classes(doc, FISCAL_SUMMARY, ("国有资本",), STATE_CAPITAL_EXPENSE),
        *_basic_expense(doc),
        *_three_public_prose(doc),
    ]


def _needs(check: str, doc: ParsedDisclosure, *kinds: str) -> list[CheckResult]:
    return [_missing(check, kind) for kind in kinds if doc.table(kind) is None]


def _income_total(doc: ParsedDisclosure) -> list[CheckResult]:
    """收支总表's 收入 = 收入总表's 合计 (收入总计 when 收入总表 includes carry-overs)."""
    check = "cross_table.income_total"
    if missing := _needs(check, doc, INCOME_EXPENSE_SUMMARY, INCOME):
        return missing
    summary, income = doc.table(INCOME_EXPENSE_SUMMARY), doc.table(INCOME)
    income_columns = _columns(income, income.rows)
    total = _total_figure(income)
    has_carry = any(_CARRY.search(column.label) for column in income_columns)
    grand = _side_figure(summary, INCOME_SIDE, "grand")
    current = _side_figure(summary, INCOME_SIDE, "current")
    reference = grand if has_carry or current is None else current
    if total is None or reference is None:
        return [not_applicable(check, "收入总表或收支总表中找不到收入合计。", table=INCOME)]
    results = [
        _compare_figures(check, total, reference.value, summary.unit, f"{summary.kind}“{reference.row.item}”")
    ]
    subtotal = next((c for c in income_columns if c.leaf == "小计"), None)
    if subtotal is not None and current is not None:
        figure = Figure(income, total.row, subtotal)
        results.append(
            _compare_figures(
                check, figure, current.value, summary.unit, f"{summary.kind}“{current.row.item}”"
            )
        )
    return results


def _expense_total(doc: ParsedDisclosure) -> list[CheckResult]:
    """支出总表's 合计 = 收支总表's 本年支出合计."""
    check = "cross_table.expense_total"
    if missing := _needs(check, doc, INCOME_EXPENSE_SUMMARY, EXPENSE):
        return missing
    summary = doc.table(INCOME_EXPENSE_SUMMARY)
    total = _total_figure(doc.table(EXPENSE))
    reference = _side_figure(summary, EXPENSE_SIDE, "current") or _side_figure(summary, EXPENSE_SIDE, "grand")
    if total is None or reference is None:
        return [not_applicable(check, "支出总表或收支总表中找不到支出合计。", table=EXPENSE)]
    return [
        _compare_figures(check, total, reference.value, summary.unit, f"{summary.kind}“{reference.row.item}”")
    ]


def _income_expense(doc: ParsedDisclosure) -> list[CheckResult]:
    """收入总表's 合计 = 支出总表's 合计, allowing for the carry-overs printed in 收支总表."""
    check = "cross_table.income_expense"
    if missing := _needs(check, doc, INCOME, EXPENSE):
        return missing
    income_table, expense_table = doc.table(INCOME), doc.table(EXPENSE)
    income, expense = _total_figure(income_table), _total_figure(expense_table)
    if income is None or expense is None:
        return [not_applicable(check, "收入总表或支出总表中找不到合计行。", table=EXPENSE)]
    expected, terms, what = income.value, 1, f"{INCOME}合计"
    summary = doc.table(INCOME_EXPENSE_SUMMARY)
    if summary is not None:
        # Income that excludes the carry-in (本年收入合计 only) gets it from 收支总表; the money
        # carried into next year (年终结转结余) is income not spent this year.
        carries_in = any(_CARRY.search(c.label) for c in _columns(income_table, income_table.rows))
        for side, sign, needed in ((INCOME_SIDE, 1, not carries_in), (EXPENSE_SIDE, -1, True)):
            rows = _side_rows(summary, side)
            totals = _side_totals(summary, rows)
            carry, carry_terms = _carry_total(totals, _side_column(summary, rows))
            if needed and carry_terms:
                expected += sign * _convert(carry, summary.unit, income_table.unit or summary.unit)
                terms += carry_terms
                what += f"{'加' if sign > 0 else '减'}{summary.kind}{side}结转结余"
    return [_compare_figures(check, expense, expected, income_table.unit, what, terms=terms)]


def _class_name(item: str) -> str:
    return _CLASS_SUFFIX.sub("", _NUMBERING.sub("", _norm(item)))


def _function_classes(
    doc: ParsedDisclosure, summary_kind: str, keywords: tuple[str, ...], coded_kind: str
) -> list[CheckResult]:
    """Each 支出 function 类 in a two-sided table = that 类 (3-digit code) in a coded table.

    The two-sided tables print 类 by name only (八、社会保障和就业支出), so they are matched by
    name; ``keywords`` pick the two-sided table's column (一般公共预算 …), none its total.
    """
    check = "cross_table.function_class"
    summary, coded = doc.table(summary_kind), doc.table(coded_kind)
    if summary is None:
        return [_missing(check, summary_kind)]
    rows = _side_rows(summary, EXPENSE_SIDE)
    classes = _side_totals(summary, rows).numbered
    if keywords:
        column = next((c for c in _columns(summary, rows) if any(word in c.leaf for word in keywords)), None)
    else:
        column = _side_column(summary, rows)
    printed = [row for row in classes if column is not None and _cell(row, column) is not None]
    if coded is None:
        # Nothing to compare with when the two-sided table prints nothing for this fund either.
        return [_missing(check, coded_kind)] if printed else []
    coded_total = _total_figure(coded)
    coded_classes = {
        _class_name(row.item): Figure(coded, row, coded_total.column)
        for row in coded.rows
        if coded_total is not None and _code_level(row.code) == 3
    }
    if not printed and not any(figure.printed for figure in coded_classes.values()):
        return []
    if column is None or coded_total is None:
        return [not_applicable(check, f"{summary_kind}或{coded_kind}中找不到对应的列。", table=coded_kind)]
    by_name = {_class_name(row.item): row for row in classes}
    if not set(by_name) & set(coded_classes):
        return [
            not_applicable(check, f"{summary_kind}支出栏的类名称与{coded_kind}的类对不上。", table=coded_kind)
        ]
    results = []
    for name, figure in coded_classes.items():
        reference = by_name.get(name)
        if reference is not None and (figure.printed or _cell(reference, column) is not None):
            expected_as = f"{summary_kind}“{reference.item}”（{_column_name(column)}）"
            results.append(
                _compare_figures(check, figure, _value(reference, column), summary.unit, expected_as)
            )
        elif reference is None and figure.printed:
            results.append(
                _compare_figures(check, figure, Decimal(0), summary.unit, f"{summary_kind}（未列此类）")
            )
    # A class printed in the two-sided table but missing from the coded one.
    for row in printed:
        if _class_name(row.item) not in coded_classes:
            results.append(
                compare(
                    check,
                    expected=_value(row, column),
                    actual=Decimal(0),
                    subject=f"{coded_kind}中的“{_class_name(row.item)}”（未列此类）",
                    expected_as=f"{summary_kind}所列",
                    table=coded_kind,
                    row=row.item,
                    column=_column_name(coded_total.column),
                    unit=summary.unit,
                    page=row.page,
                )
            )
    return results


def _basic_expense(doc: ParsedDisclosure) -> list[CheckResult]:
    """一般公共预算财政拨款支出表's 基本支出 = 基本支出表's 合计."""
    check = "cross_table.basic_expense"
    if missing := _needs(check, doc, GENERAL_BUDGET_EXPENSE, GENERAL_BUDGET_BASIC):
        return missing
    general = _total_figure(doc.table(GENERAL_BUDGET_EXPENSE), "基本")
    basic = _total_figure(doc.table(GENERAL_BUDGET_BASIC))
    if general is None or basic is None:
        return [not_applicable(check, "找不到一般公共预算基本支出的合计。", table=GENERAL_BUDGET_BASIC)]
    if not general.printed and not basic.printed:
        return []
    return [_compare_figures(check, basic, general.value, general.table.unit, general.where)]


def _three_public_prose(doc: ParsedDisclosure) -> list[CheckResult]:
    """The 三公 figures in the table equal those in the prose (section 四), per category.

    The table's figures are the parser's summary, completed from the table itself where the
    summary leaves a category out; a table printed empty (空表列示) holds zeros.
    """
    check = "cross_table.three_public"
    disclosed = doc.three_public
    table = doc.table(THREE_PUBLIC)
    if disclosed is None or disclosed.prose is None:
        return [not_applicable(check, "情况说明中没有找到“三公”经费的数字。", table=THREE_PUBLIC)]
    summary, own = disclosed.table, _three_public_from_table(table)
    empty = disclosed.table_disclosed_empty or (
        table is not None and table.is_empty and bool(table.empty_note)
    )
    if summary is None and own is None and not empty:
        return [not_applicable(check, "没有找到“三公”经费表的数字。", table=THREE_PUBLIC)]
    prose = disclosed.prose
    results = []
    for category, name in THREE_PUBLIC_NAMES.items():
        stated = getattr(prose, category)
        in_table, table_unit = _three_public_figure(category, summary, own, empty)
        if stated is None or in_table is None:
            continue
        table_unit = table_unit or (table.unit if table else "") or prose.unit
        unit = _common_unit(table_unit, prose.unit)
        results.append(
            compare(
                check,
                expected=_convert(in_table, table_unit, unit),
                actual=_convert(stated, prose.unit, unit),
                subject=f"情况说明中的“三公”经费{name}",
                expected_as=f"{THREE_PUBLIC}所列" + ("（空表）" if empty else ""),
                table=THREE_PUBLIC,
                row=name,
                column="合计",
                unit=unit,
                page=prose.page or disclosed.page,
            )
        )
    return results


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


def _three_public_from_table(table: Table | None) -> ThreePublicFigures | None:
    """The 三公 table's own figures when the parser did not summarise them: its 合计 column (row
    layout) or its one row (cross layout); None when it prints several sets (预算数 | 决算数)."""
    if table is None or table.is_empty:
        return None
    sets = _three_public_figures(table)
    if not sets or (_three_public_layout(table) == "columns" and len(sets) > 1):
        return None
    values = {category: figure.value for category, figure in sets[0].items()}
    return ThreePublicFigures(unit=table.unit, page=table.pages[0] if table.pages else None, **values)


# ---------------------------------------------------------------------------------------------
# 6. Projects


def check_projects(doc: ParsedDisclosure) -> list[CheckResult]:
    """Σ project budgets vs 支出总表's 项目支出 (advisory: not every project need be disclosed)."""
    check = "projects"
    if doc.table(EXPENSE) is None:
        return [_missing(check, EXPENSE)]
    figure = _total_figure(doc.table(EXPENSE), "项目")
    budgets = [project for project in doc.projects if project.budget is not None]
    if figure is None:
        return [not_applicable(check, "支出总表中找不到项目支出合计。", table=EXPENSE)]
    if not budgets:
        return [not_applicable(check, "文件没有列出项目预算。", table=EXPENSE, row=_row_label(figure.row))]
    unit = _common_unit(figure.table.unit, *(project.unit for project in budgets))
    total = sum((_convert(p.budget, p.unit or unit, unit) for p in budgets), Decimal(0))
    return [
        _compare_figures(
            check, figure, total, unit, f"{len(budgets)}个项目的预算数之和", terms=len(budgets), advisory=True
        )
    ]


# ---------------------------------------------------------------------------------------------
# 7. Prose


def _figure_by_item(table: Table | None, side: str, word: str) -> Figure | None:
    """The first row of a side whose item mentions a word (一、一般公共预算拨款收入)."""
    if table is None:
        return None
    rows = _side_rows(table, side) or table.rows
    row = next((row for row in rows if word in _norm(row.item)), None)
    column = _side_column(table, rows)
    return Figure(table, row, column) if row is not None and column is not None else None


def _prose_references(doc: ParsedDisclosure, key: str) -> list[Figure]:
    """Where each prose figure is printed in the tables: the first is the one to report against."""
    summary, expense = doc.table(INCOME_EXPENSE_SUMMARY), doc.table(EXPENSE)
    basic, general = doc.table(GENERAL_BUDGET_BASIC), doc.table(GENERAL_BUDGET_EXPENSE)
    candidates = {
        "income_total": [
            _side_figure(summary, INCOME_SIDE, "grand"),
            _side_figure(summary, INCOME_SIDE, "current"),
            _total_figure(doc.table(INCOME)),
        ],
        "expense_total": [
            _total_figure(expense),
            _side_figure(summary, EXPENSE_SIDE, "current"),
            _side_figure(summary, EXPENSE_SIDE, "grand"),
        ],
        "expense_basic": [_total_figure(expense, "基本"), _total_figure(general, "基本")],
        "expense_project": [_total_figure(expense, "项目"), _total_figure(general, "项目")],
        "personnel": [_total_figure(basic, "人员")],
        "public_funds": [_total_figure(basic, "公用")],
        "general_budget_income": [
            _figure_by_item(summary, INCOME_SIDE, "一般公共预算"),
            _figure_by_item(doc.table(FISCAL_SUMMARY), INCOME_SIDE, "一般公共预算"),
        ],
    }
    return [figure for figure in candidates.get(key, []) if figure is not None]


PROSE_KEYS = (
    "income_total",
    "expense_total",
    "expense_basic",
    "expense_project",
    "personnel",
    "public_funds",
    "general_budget_income",
)
PROSE_TABLES = {
    "income_total": INCOME_EXPENSE_SUMMARY,
    "expense_total": EXPENSE,
    "expense_basic": EXPENSE,
    "expense_project": EXPENSE,
    "personnel": GENERAL_BUDGET_BASIC,
    "public_funds": GENERAL_BUDGET_BASIC,
    "general_budget_income": INCOME_EXPENSE_SUMMARY,
}


def check_prose(doc: ParsedDisclosure) -> list[CheckResult]:
    """The figures in 收入说明/支出说明 equal the tables; the year-on-year changes add up."""
    results = []
    for key in PROSE_KEYS:
        check = f"prose.{key}"
        facts = [fact for fact in doc.facts if fact.key == key]
        if not facts:
            results.append(not_applicable(check, f"情况说明中没有找到这一数字（{key}）。"))
            continue
        references = _prose_references(doc, key)
        if not references:
            kind = PROSE_TABLES[key]
            reason = (
                f"{kind}中找不到这一数字，无法核对。" if doc.table(kind) else f"文件中没有{kind}，无法核对。"
            )
            results.append(not_applicable(check, reason, table=kind))
            continue
        results.extend(_prose_fact(check, fact, references) for fact in facts)
    results.extend(_prose_change(doc))
    return results


def _prose_fact(check: str, fact: Fact, references: list[Figure]) -> CheckResult:
    """A prose figure against the tables: it holds if it equals any place the figure is printed
    (收入 may be stated with or without carry-overs); otherwise it is reported against the first."""
    results = []
    for figure in references:
        unit = _common_unit(figure.table.unit, fact.unit)
        results.append(
            compare(
                check,
                expected=_convert(figure.value, figure.table.unit, unit),
                actual=_convert(fact.value, fact.unit, unit),
                subject=f"情况说明中的“{fact.label}”",
                expected_as=figure.where,
                table=figure.table.kind,
                row=_row_label(figure.row),
                column=_column_name(figure.column),
                unit=unit,
                page=fact.page,
            )
        )
    return next((result for result in results if result.status == OK), results[0])


def _prose_change(doc: ParsedDisclosure) -> list[CheckResult]:
    """比上年增减: the changes of 基本支出 and 项目支出 add up to the total change."""
    check = "prose.change"
    facts = {
        key: next((f for f in doc.facts if f.key == key), None)
        for key in ("change_total", "change_basic", "change_project")
    }
    total, basic, project = facts["change_total"], facts["change_basic"], facts["change_project"]
    if total is None or basic is None or project is None:
        return [not_applicable(check, "情况说明中没有同时写出总增减、基本支出增减和项目支出增减。")]
    if others := _other_expenses(doc.table(EXPENSE)):
        # JS: 单位预留机动经费 changes too, so 基本 + 项目 need not add up to the total change.
        reason = f"支出总表另列{'、'.join(others)}，基本支出和项目支出的增减之和不必等于总增减。"
        return [not_applicable(check, reason, row=total.label)]
    unit = total.unit
    return [
        compare(
            check,
            expected=_signed(basic, unit) + _signed(project, unit),
            actual=_signed(total, unit),
            subject=f"情况说明中的比上年增减“{total.label}”",
            expected_as=f"“{basic.label}”与“{project.label}”之和",
            terms=2,
            row=total.label,
            column="比上年增减",
            unit=unit,
            page=total.page,
        )
    ]


def _signed(fact: Fact, unit: str) -> Decimal:
    """A change as a signed figure: a decrease stated as a positive amount (减少25.52万元) counts
    as negative, so that an increase and a decrease can add up to the total change."""
    value = _convert(fact.value, fact.unit, unit)
    return -value if value > 0 and "减少" in fact.label else value


def _other_expenses(table: Table | None) -> list[str]:
    """Components of 支出总表's 合计 other than 基本支出 and 项目支出 that hold money."""
    total = _total_figure(table)
    if table is None or total is None:
        return []
    sums = _column_sums(table.kind, _columns(table, table.rows))
    components = sums[0][1] if sums else []
    return [
        _column_name(column)
        for column in components
        if not any(word in column.leaf for word in ("基本", "项目")) and _value(total.row, column) != 0
    ]
