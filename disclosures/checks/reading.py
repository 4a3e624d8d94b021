"""Reading a parsed table for the checks: which columns add up to which, a two-sided table's
totals and carry-overs, and the figure a check compares (a table, a row, a column).

Column headers and row names differ by province, so totals and components are found by what
headers say (合计, 小计, keywords) and by the kinds' data (``kinds.TableKind``), never by exact
wording or position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosures.checks.findings import Finding, Location, compare, not_applicable
from disclosures.parsing import kinds
from disclosures.parsing.columns import (
    MEASURES,
    AmountColumn,
    amount_columns,
    cell,
    is_carry_over,
    norm,
    printed,
    value,
    withheld,
)
from disclosures.parsing.document import ParsedDisclosure, Row, Table
from disclosures.parsing.kinds import EXPENSE_SIDE, INCOME_SIDE

_CN_NUMBERED = re.compile(r"^[一二三四五六七八九十百]+[、.．]")
_SUB_ITEM = re.compile(r"^(其中|\d+[.．、)）]|[（(][一二三四五六七八九十\d]+[）)])")
# A prefix: a parser may glue the next cell to it (本年支出合计结余分配).
_CURRENT_TOTAL = re.compile(r"^(本年|当年)(收入|支出)?(合计|小计)")
_GRAND_TOTAL = re.compile(r"^(收入|支出)?(总计|合计)$")
# A section heading that is the current total: 一、本年收入 (its breakdown follows it).
_SECTION_CURRENT = re.compile(r"^([一二三四五六七八九])[、.．](本年|当年)(收入|支出)$")
_NUMERALS = "一二三四五六七八九"
_DETAIL = re.compile(r"^(其中|\d+[.．、)）])")
# The leaf a column group prints its own total under (基本支出 › 小计).
GROUP_TOTALS = ("小计", "合计", "金额")


def row_label(row: Row) -> str:
    return f"{row.code} {row.item}" if row.code else row.item


def column_name(column: AmountColumn) -> str:
    """The column as results name it: the parser's name, with the category before 预算数/决算数."""
    path = column.path
    if (
        "/" in column.name
        or column.leaf not in MEASURES
        or not path
        or path[-1] in (INCOME_SIDE, EXPENSE_SIDE)
    ):
        return column.name or column.leaf
    return f"{path[-1]}（{column.leaf}）"


def code_level(code: str) -> int:
    """3, 5 or 7 for classification codes (类/款/项); 0 for anything else (unit codes, none)."""
    return len(code) if code.isdigit() and len(code) in (3, 5, 7) else 0


def total_row(table: Table) -> Row | None:
    """The uncoded 合计/总计 row of a coded table, or a table's only row (JS 支出预算总表)."""
    total = next((row for row in table.rows if not row.code and norm(row.item) in ("合计", "总计")), None)
    if total is None and len(table.rows) == 1 and not table.rows[0].code and not table.rows[0].side:
        return table.rows[0]
    return total


@dataclass
class Figure:
    """One printed figure located in a table, ready to compare with another."""

    table: Table
    row: Row
    column: AmountColumn
    row_name: str = ""  # what findings call the row when the table names it nothing (三公's one row)

    @property
    def cell(self) -> Decimal | None:
        return cell(self.row, self.column)

    @property
    def value(self) -> Decimal:
        return value(self.row, self.column)

    @property
    def printed(self) -> bool:
        return self.cell is not None

    @property
    def withheld(self) -> bool:
        """Printed redacted (****): a figure exists, its value is not published."""
        return withheld(self.row, self.column)

    @property
    def where(self) -> str:
        """The figure in words: 支出总表“合计”“基本支出”."""
        row = f"“{row_label(self.row)}”" if row_label(self.row) else ""
        return f"{self.table.kind}{row}“{column_name(self.column)}”"

    @property
    def location(self) -> Location:
        row = row_label(self.row) or self.row_name
        return Location(self.table.kind, row, column_name(self.column), self.row.page)


_CELL = object()


def compare_sum(
    check: str,
    figure: Figure,
    parts: Sequence[Decimal | None],
    subject: str,
    expected_as: str,
    *,
    total: Decimal | None | object = _CELL,
    cells: Sequence[tuple[Row, AmountColumn]] = (),
) -> list[Finding]:
    """A printed total (the figure's cell, or ``total`` printed for it) against the sum of its
    parts, in the table's unit: one finding, none when nothing in it is printed.

    An empty cell means nothing budgeted and counts as 0 inside the sum; each printed part may
    carry a cent of rounding. When the total or a part (``cells``: the row and column each part
    was read from) is printed redacted (****), the sum cannot be checked: it says so.
    """
    if is_numbering_row(figure.row):
        return []
    if figure.withheld or any(withheld(row, column) for row, column in cells):
        return [cannot_check_withheld(check, figure, f"{subject}与{expected_as}")]
    printed_total = figure.cell if total is _CELL else total
    if printed_total is None and not printed(parts):
        return []
    finding = compare(
        check,
        expected=sum((Decimal(0) if part is None else part for part in parts), Decimal(0)),
        actual=Decimal(0) if printed_total is None else printed_total,
        subject=subject,
        expected_as=expected_as,
        terms=printed(parts),
        unit=figure.table.unit,
        at=figure.location,
    )
    finding.parts = tuple(parts)
    return [finding]


def cannot_check_withheld(check: str, figure: Figure, what: str) -> Finding:
    """A comparison one of whose figures is printed redacted (****): it could not run."""
    at = figure.location
    reason = f"{what}：其中有金额印为“****”（未公开），无法核对。"
    return not_applicable(check, reason, table=at.table, row=at.row, column=at.column)


def is_numbering_row(row: Row) -> bool:
    """A row of column numbers (``** ** ** 1 2 3``, 栏次), not figures: its printed amounts are
    1, 2, 3 … in order. Summing it would publish a failure no department printed."""
    values = [amount.value for amount in row.amounts]
    return not row.code and len(values) >= 2 and values == [Decimal(n) for n in range(1, len(values) + 1)]


def _is_total_leaf(leaf: str) -> bool:
    return leaf.endswith("合计") or leaf.endswith("总计")


def column_sums(kind: str, columns: Sequence[AmountColumn]) -> list[tuple[AmountColumn, list[AmountColumn]]]:
    """Which column is the sum of which: [(合计, [components]), (小计, [income sources]), …].

    Component columns are found by the header structure and keywords, not by exact wording,
    because every province words them its own way. ``其中`` columns are never added.
    """
    columns = [column for column in columns if not column.leaf.startswith("其中")]
    total = next((column for column in columns if _is_total_leaf(column.leaf)), None)
    table_kind = kinds.kind_named(kind)
    if (
        total is None
        and table_kind is not None
        and table_kind.total_column == kinds.FIRST
        and len(columns) > 1
    ):
        # 财政拨款支出 | 基本支出 | 项目支出: the first column is the total under another name.
        first = columns[0]
        if not any(word in first.leaf for word in table_kind.components):
            total = first
    if total is None:
        return []
    sums: list[tuple[AmountColumn, list[AmountColumn]]] = []
    covered: set[AmountColumn] = set()
    # A group printing its own 小计 or 金额 (本年收入 › 小计, 事业收入 › 金额) is represented by it.
    heads = [c for c in columns if c is not total and c.leaf in ("小计", "金额") and c.path]
    for head in heads:
        members = [c for c in columns if c not in (head, total) and c.path[: len(head.path)] == head.path]
        # 当年预算 › 小计 adds up 基本支出 › 小计 and 项目支出, not the 人员经费 and 公用经费 that
        # 基本支出 › 小计 already adds up: a member of a deeper group printing its own 小计 is left out.
        inner = [h for h in heads if h in members and len(h.path) > len(head.path)]
        members = [
            c for c in members if not any(c is not h and c.path[: len(h.path)] == h.path for h in inner)
        ]
        covered.update(members)
        if head.leaf == "小计" and members:
            sums.append((head, members))
    # Without header paths, a 小计 stands for the income sources: everything but the carry-overs.
    flat = next((c for c in columns if c.leaf == "小计" and not c.path and c is not total), None)
    if flat is not None:
        members = [
            c for c in columns if c not in (total, flat) and c not in covered and not is_carry_over(c.label)
        ]
        covered.update(members)
        if members:
            sums.append((flat, members))
    top = [column for column in columns if column is not total and column not in covered]
    if top:
        sums.insert(0, (total, top))
    return sums


def total_figure(table: Table | None, *keywords: str) -> Figure | None:
    """The 合计 row's figure in the total column, or in the first column whose header has a keyword."""
    if table is None:
        return None
    row = total_row(table)
    if row is None:
        return None
    columns = amount_columns(table, table.rows)
    if keywords:
        column = next((c for c in columns if any(word in c.leaf for word in keywords)), None)
        # 基本支出 › 小计 | 人员经费 | 公用经费: the group's own 小计 is its figure.
        column = column or next(
            (
                c
                for c in columns
                if c.leaf in GROUP_TOTALS and c.path and any(word in c.path[-1] for word in keywords)
            ),
            None,
        )
    else:
        sums = column_sums(table.kind, columns)
        column = sums[0][0] if sums else (columns[0] if columns else None)
    return Figure(table, row, column) if column is not None else None


# -- two-sided tables ------------------------------------------------------------------------


def sides(table: Table) -> list[tuple[str, list[Row]]]:
    """Rows grouped by side: [("收入", …), ("支出", …)] in two-sided tables, [("", rows)] otherwise."""
    if not any(row.side for row in table.rows):
        return [("", table.rows)]
    return [(side, side_rows(table, side)) for side in (INCOME_SIDE, EXPENSE_SIDE)]


def side_rows(table: Table, side: str) -> list[Row]:
    return [row for row in table.rows if row.side == side]


def side_column(table: Table, rows: Sequence[Row]) -> AmountColumn | None:
    """The column holding a side's total: its 合计 column, else its only (first) column."""
    columns = amount_columns(table, rows)
    sums = column_sums(table.kind, columns)
    if sums:
        return sums[0][0]
    return columns[0] if columns else None


def _find_row(rows: Sequence[Row], pattern: re.Pattern[str], *, last: bool = False) -> int | None:
    found = [index for index, row in enumerate(rows) if pattern.match(norm(row.item))]
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
    columns: list[AmountColumn]

    def total(self, row: Row, column: AmountColumn) -> Decimal | None:
        """A total row's amount in a column. Where a side lists two classifications side by side
        (JS: 支出用途 | 功能分类, both 金额), their one printed total stands for both."""
        found = cell(row, column)
        if found is not None:
            return found
        twins = (c for c in self.columns if c != column and c.leaf == column.leaf)
        return next((found for twin in twins if (found := cell(row, twin)) is not None), None)

    def carry_cells(self, column: AmountColumn | None) -> list[Decimal | None]:
        """The carry-over rows' cells: each header's, or its breakdown's when only that is printed."""
        cells: list[Decimal | None] = []
        if column is None:
            return cells
        for header, *breakdown in self.carry:
            found = self.total(header, column)
            if found is None and breakdown:
                cells.extend(cell(row, column) for row in breakdown)
            elif found is not None:
                cells.append(found)
        return cells


def side_totals(table: Table, rows: list[Row]) -> SideTotals:
    current_at = _find_row(rows, _CURRENT_TOTAL)
    grand_at = _find_row(rows, _GRAND_TOTAL, last=True)
    section_at = _find_row(rows, _SECTION_CURRENT) if current_at is None else None
    if section_at is not None and grand_at is not None and section_at < grand_at:
        return _section_totals(table, rows, section_at, grand_at)
    body_end = current_at if current_at is not None else grand_at if grand_at is not None else len(rows)
    numbered = [row for row in rows[:body_end] if _CN_NUMBERED.match(norm(row.item))]
    carry: list[list[Row]] = []
    if grand_at is not None:
        start = current_at + 1 if current_at is not None else _after_last_numbered(rows, grand_at)
        for row in rows[start:grand_at]:
            item = norm(row.item)
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
        columns=amount_columns(table, rows),
    )


def _section_totals(table: Table, rows: list[Row], at: int, grand_at: int) -> SideTotals:
    """A side printed as sections: 一、本年收入 (the current total) over its breakdown, unnumbered
    or numbered afresh (一、一般公共服务支出 …), then 二、结转下年支出 (a carry-over), then 收入总计."""
    numeral = _SECTION_CURRENT.match(norm(rows[at].item)).group(1)
    following = _NUMERALS[_NUMERALS.index(numeral) + 1] if numeral in _NUMERALS[:-1] else ""
    carry_at = max(
        (
            index
            for index in range(at + 1, grand_at)
            if following
            and norm(rows[index].item).startswith(following)
            and is_carry_over(norm(rows[index].item))
        ),
        default=grand_at,
    )
    between = [(norm(row.item), row) for row in rows[at + 1 : carry_at]]
    # Its breakdown: the rows numbered 一、二、… afresh, else every row but 其中 and 1. 2. details
    # (（一）…（三十）, or lines with no numbers, or 1（一） with a stray mark before it).
    numbered = [row for item, row in between if _CN_NUMBERED.match(item)] or [
        row for item, row in between if not _DETAIL.match(item)
    ]
    carry: list[list[Row]] = []
    for row in rows[carry_at:grand_at]:
        item = norm(row.item)
        if (_CN_NUMBERED.match(item) and not item.startswith(following) or _SUB_ITEM.match(item)) and carry:
            carry[-1].append(row)
        elif not _SUB_ITEM.match(item):
            carry.append([row])
    return SideTotals(
        rows=rows,
        current=rows[at],
        grand=rows[grand_at],
        numbered=numbered,
        carry=carry,
        columns=amount_columns(table, rows),
    )


def _after_last_numbered(rows: list[Row], end: int) -> int:
    last = max((i for i, row in enumerate(rows[:end]) if _CN_NUMBERED.match(norm(row.item))), default=-1)
    return last + 1


def side_figure(table: Table | None, side: str, which: str) -> Figure | None:
    """A two-sided table's 收入总计 (which=GRAND) or 本年收入合计 (which=CURRENT), on one side."""
    if table is None:
        return None
    rows = side_rows(table, side)
    totals = side_totals(table, rows)
    row = totals.grand if which == kinds.GRAND else totals.current
    column = side_column(table, rows)
    if row is None or column is None:
        return None
    # The total may be printed under a twin column (JS: 支出用途 | 功能分类).
    printed_in = (c for c in totals.columns if c.leaf == column.leaf and cell(row, c) is not None)
    return Figure(table, row, column if cell(row, column) is not None else next(printed_in, column))


def figure_by_item(table: Table | None, side: str, word: str) -> Figure | None:
    """The first row of a side whose item mentions a word (一、一般公共预算拨款收入)."""
    if table is None:
        return None
    rows = side_rows(table, side) or table.rows
    row = next((row for row in rows if word in norm(row.item)), None)
    column = side_column(table, rows)
    return Figure(table, row, column) if row is not None and column is not None else None


def figure_at(doc: ParsedDisclosure, place: kinds.Place) -> Figure | None:
    """The figure a table prints at a place (kinds.Place), or None when it prints none there."""
    table = doc.table(place.table)
    if place.figure in (kinds.GRAND, kinds.CURRENT):
        return side_figure(table, place.side, place.figure)
    if place.figure == kinds.ITEM:
        return figure_by_item(table, place.side, place.word)
    return total_figure(table, *([place.word] if place.word else []))
