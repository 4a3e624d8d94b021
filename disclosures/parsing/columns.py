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
    empty 公用经费 is a 0, not an unknown). Their header path is unknown: next to a grouped
    小计 (本年收入 › 小计) every such column but the carry-overs belongs to that group.
    """
    seen: dict[AmountColumn, None] = {}
    for row in rows:
        for cell in row.amounts:
            seen.setdefault(column_of(cell))
    if not any(row.side for row in table.rows):
        names = {column.name for column in seen}
        group = next((column.path for column in seen if column.leaf == "小计" and column.path), ())
        for name in map(norm, table.columns):
            if name and name not in names:
                names.add(name)
                column = column_of(Amount(column=name, value=Decimal(0)))
                if not column.path and not is_carry_over(name):
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


def value(row: Row, column: AmountColumn) -> Decimal:
    """The amount in a cell, an empty cell counting as 0 (nothing budgeted)."""
    found = cell(row, column)
    return Decimal(0) if found is None else found


def printed(values: Iterable[Decimal | None]) -> int:
    """How many of these cells are printed."""
    return sum(1 for found in values if found is not None)
