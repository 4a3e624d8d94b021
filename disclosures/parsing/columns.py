"""The amount columns of a parsed table, read back from its cells: what the checks and the 三公
reader compare cell by cell.

A parsed Amount names its column as the parser did (``Amount.column``: the leaf header, or
``parent/leaf`` where the leaf repeats) and carries the headers above it. An ``AmountColumn``
is that column as a value: two cells are in one column when their leaf and headers agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from disclosures.parsing.document import Amount, Row, Table

_SPACES = re.compile(r"\s+")
_CARRY = re.compile(r"结转|结余")
# A cell printed with stars only (****): a figure that exists but is not published (redacted).
_WITHHELD = re.compile(r"^[*＊]+$")
# Column headers that only say which figure sits under a category (SH 决算: 预算数 | 决算数).
MEASURES = {"预算数", "决算数", "金额", "预算", "决算"}


def norm(text: str) -> str:
    """Text without spaces, as headers and items are compared."""
    return _SPACES.sub("", text or "")


def is_carry_over(text: str) -> bool:
    """Whether a header or row names money carried over (上年结转, 结转下年, 使用非财政拨款结余)."""
    return bool(_CARRY.search(text))


@dataclass(frozen=True)
class AmountColumn:
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

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header of the column, the leaf last."""
        return (*self.path, self.leaf)


def column_of(cell: Amount) -> AmountColumn:
    name = norm(cell.column)
    leaf = name.rsplit("/", 1)[-1]
    path = tuple(norm(part) for part in cell.column_path)
    # column_path may or may not end with the leaf itself.
    if path and path[-1] == leaf:
        path = path[:-1]
    if not path and "/" in name:
        path = (name.rsplit("/", 1)[0],)
    return AmountColumn(leaf, path, name)


def amount_columns(table: Table, rows: Iterable[Row]) -> list[AmountColumn]:
    """The amount columns of these rows, in the table's printed order.

    In one-sided tables the printed headers with no amount under them are columns too (an
    empty 公用经费 is a 0, not an unknown). Their header path is the one the parser read
    (``Table.column_paths``, where the table carries it); a table read before it did, or
    stored without it, has none: then next to a grouped 小计 (本年收入 › 小计) every such column
    but the carry-overs belongs to that group.
    """
    seen: dict[AmountColumn, None] = {}
    for row in rows:
        for cell in row.amounts:
            seen.setdefault(column_of(cell))
    if not any(row.side for row in table.rows):
        names = {column.name for column in seen}
        group = next((column.path for column in seen if column.leaf == "小计" and column.path), ())
        read = {
            norm(name): tuple(path) for name, path in (getattr(table, "column_paths", None) or {}).items()
        }
        for name in map(norm, table.columns):
            if name and name not in names:
                names.add(name)
                column = column_of(Amount(column=name, value=Decimal(0), column_path=read.get(name, ())))
                if name not in read and not column.path and not is_carry_over(name):
                    column = AmountColumn(column.leaf, group, name)
                seen.setdefault(column)
    order: dict[str, int] = {}
    for index, name in enumerate(table.columns):
        order.setdefault(norm(name), index)
    return sorted(seen, key=lambda column: order.get(column.name, len(order)))


def cell(row: Row, column: AmountColumn) -> Decimal | None:
    """The amount printed in a row under a column; None when that cell is empty."""
    for amount in row.amounts:
        if column_of(amount) == column:
            return amount.value
    return None


def withheld(row: Row, column: AmountColumn) -> bool:
    """Whether the row's cell under ``column`` may be redacted (****): unlike an empty cell, not
    "nothing budgeted" but a figure not published, which no sum can take in.

    A cell printed ``****`` is; so is an empty cell of a row that prints ``****`` elsewhere: which
    column a ``****`` stands in is not sure (exports align it as text, not as a figure, and an
    unruled table places a cell by where its text lies), so such a row's empty cells are not
    taken for 0 either.
    """
    stars = [norm(name) for name, text in row.not_numbers.items() if _WITHHELD.match(norm(text))]
    return column.name in stars or bool(stars) and cell(row, column) is None


def value(row: Row, column: AmountColumn) -> Decimal:
    """The amount in a cell, an empty cell counting as 0 (nothing budgeted)."""
    found = cell(row, column)
    return Decimal(0) if found is None else found


def printed(values: Iterable[Decimal | None]) -> int:
    """How many of these cells are printed."""
    return sum(1 for found in values if found is not None)


# -- which columns add up to which, confirmed by the figures ----------------------------------

Sums = list[tuple[AmountColumn, list[AmountColumn]]]
CENT = Decimal("0.01")


def is_numbering_row(row: Row) -> bool:
    """A row of column numbers (``** ** ** 1 2 3``, 栏次), not figures: its amounts are 1, 2, 3 …"""
    values = [amount.value for amount in row.amounts]
    return not row.code and len(values) >= 2 and values == [Decimal(n) for n in range(1, len(values) + 1)]


def agreement(rows: Iterable[Row], total: AmountColumn, parts: list[AmountColumn]) -> tuple[int, int]:
    """On how many rows the total column equals the sum of the parts (a cent of rounding per
    printed part), out of the rows printing any of them."""
    held = evaluated = 0
    for row in rows:
        cells = [cell(row, part) for part in parts]
        printed_total = cell(row, total)
        if (printed_total is None and not printed(cells)) or is_numbering_row(row):
            continue
        evaluated += 1
        difference = abs((printed_total or 0) - sum((c or 0 for c in cells), Decimal(0)))
        held += difference <= CENT * max(printed(cells), 1)
    return held, evaluated


def confirmed_sums(sums: Sums, rows: Iterable[Row], columns: Iterable[AmountColumn] = ()) -> Sums:
    """The column sums the header tree proposes, checked against the figures.

    The header says which column is the total of which (a parent spans its children), but a
    header read flat loses the nesting: a ``小计`` read as a sibling of the sources it adds up,
    a ``支出总计`` summed with its own subtotal. A relation that fails on most rows is such a
    misreading, not a department's error (a misprint fails on a row or two). Where one of its
    parts is, on most rows, the sum of a run of the parts printed beside it, that part is their
    subtotal: the total takes it in their place, and it gets a sum of its own. A total whose
    header does not say it is one (the first column taken as the total, 财政拨款支出 | 基本支出 |
    项目支出) is kept only where the figures confirm it. Any other relation the figures do not
    confirm is kept as the header says, so that the checks report its table as misread
    (结构存疑) instead of silently dropping it.

    The alternatives, each kept only where the figures confirm it: the parts under the
    total's own header (a 总计 under 2026年预算数 adds up what is under 2026年预算数, not the
    2025年预算数 printed beside it); with the columns under that header that no sum takes in
    (``columns``: 其中：基本支出 | 项目支出 beside their 小计); with a subtotal among the parts
    standing for the parts it adds up.
    """
    rows = list(rows)
    columns = list(columns)
    used = {column for total, parts in sums for column in (total, *parts)}
    confirmed: Sums = []
    for total, parts in sums:
        found = _reread(rows, total, parts, columns, used)
        if found is not None:
            confirmed += [pair for pair in found if pair not in confirmed]
        elif _says_total(total):
            confirmed.append((total, parts))
    return confirmed


def _reread(rows, total, parts, columns, used) -> Sums | None:
    """The first reading of a sum that the figures confirm, or None."""
    if _mostly_holds(rows, total, parts):
        return [(total, parts)]
    scoped = [p for p in parts if p.path[: len(total.path)] == total.path]
    siblings = [c for c in columns if c.path == total.path and c not in used and c != total]
    candidates = [scoped] if total.path and scoped and scoped != parts else []
    candidates += [_in_order([*siblings, *base], columns) for base in (parts, scoped) if siblings and base]
    for candidate in candidates:
        # One part is an equality, which a column beside the total may satisfy by chance.
        if len(candidate) >= 2 and _mostly_holds_strictly(rows, total, candidate):
            return [(total, candidate)]
    for base in (parts, scoped):
        nested = _nest(rows, total, base) if len(base) > 2 else None
        if nested is not None:
            return nested
    return None


def _in_order(parts: list[AmountColumn], columns: Iterable[AmountColumn]) -> list[AmountColumn]:
    order = {column: index for index, column in enumerate(columns)}
    return sorted(parts, key=lambda column: order.get(column, len(order)))


def _says_total(column: AmountColumn) -> bool:
    return column.leaf.endswith(("合计", "总计", "小计"))


def _mostly_holds(rows: list[Row], total: AmountColumn, parts: list[AmountColumn]) -> bool:
    """Whether a sum holds on more than half the rows it can be compared on (or on none)."""
    held, evaluated = agreement(rows, total, parts)
    return 2 * held > evaluated or evaluated == 0


def _nest(rows: list[Row], total: AmountColumn, parts: list[AmountColumn]) -> Sums | None:
    """The sum re-read with a subtotal among its parts standing for the parts it adds up:
    [(total, parts without them), (subtotal, them)], or None when no subtotal makes it hold."""
    for index, head in enumerate(parts):
        for run in _runs_beside(parts, index):
            if not _mostly_holds_strictly(rows, head, run):
                continue
            rest = [p for p in parts if p not in run]
            if _mostly_holds(rows, total, rest):
                return [(total, rest), (head, run)]
    return None


def _runs_beside(parts: list[AmountColumn], index: int) -> list[list[AmountColumn]]:
    """Runs of two or more parts printed right after (or right before) ``parts[index]``, the
    longest first: where a subtotal's components stand."""
    after = [parts[index + 1 : end] for end in range(len(parts), index + 2, -1)]
    before = [parts[start:index] for start in range(0, index - 1)]
    return [run for run in after + before if len(run) >= 2]


def _mostly_holds_strictly(rows: list[Row], total: AmountColumn, parts: list[AmountColumn]) -> bool:
    """Whether a sum holds on more than half the rows, on at least two rows with a figure."""
    held, evaluated = agreement(rows, total, parts)
    return held >= 2 and 2 * held > evaluated
