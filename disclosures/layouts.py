"""Statement tables laid out for reading, and two disclosures side by side on the code tree.

A table is shown the way its readers know it from the PDF:

- the two-sided tables (收支总表, 财政拨款收支总表): 收入 beside 支出, row by row as printed;
- the coded tables: a 类 › 款 › 项 tree, each row knowing its parent and depth so that the page
  can open and close it (a code's parent is the nearest row above whose code is its prefix);
- any other table: its rows as printed.

Only rows with at least one amount are stored, so printed rows without amounts do not appear.
Nothing here queries the database: tables come with their lines prefetched (and the lines with
their classification, for the code links).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from disclosures.figures import Change, by_table, is_total_item, plain, total_column
from disclosures.models import ClassificationCode, Line, StatementTable
from disclosures.parsing.document import EXPENSE, GENERAL_BUDGET_BASIC, GENERAL_BUDGET_EXPENSE
from disclosures.parsing.kinds import EXPENSE_SIDE


@dataclass
class Row:
    """One printed row (one side of it, in a two-sided table) and its amounts."""

    key: str  # unique on the page, for the tree's open-and-close
    item: str
    page: int
    code: str = ""
    code_url: str = ""
    row_no: str = ""
    side: str = ""
    order: int = 0
    depth: int = 0
    parent: str = ""  # the key of the row above it in the tree
    children: int = 0
    is_total: bool = False
    lines: dict[str, Line] = field(default_factory=dict)  # by column
    cells: list[Line | None] = field(default_factory=list)  # in the layout's column order

    @property
    def rank(self) -> str:
        return ClassificationCode.rank_for(self.code)


@dataclass
class Layout:
    """A table ready to render: ``kind`` is ``two_sided``, ``tree`` or ``flat``."""

    table: StatementTable
    kind: str
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    income_columns: list[str] = field(default_factory=list)
    expense_columns: list[str] = field(default_factory=list)
    pairs: list[tuple[Row | None, Row | None]] = field(default_factory=list)

    @property
    def income_span(self) -> int:
        return 1 + len(self.income_columns)

    @property
    def expense_span(self) -> int:
        return 1 + len(self.expense_columns)

    @property
    def has_children(self) -> bool:
        return any(row.children for row in self.rows)

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.pairs


def rows_of(lines: Iterable[Line], key_prefix: str) -> list[Row]:
    """The table's printed rows with amounts, in order, each with its lines by column."""
    rows: dict[int, Row] = {}
    for line in sorted(lines, key=lambda line: (line.row_order, line.column_order)):
        row = rows.get(line.row_order)
        if row is None:
            row = rows[line.row_order] = Row(
                key=f"{key_prefix}-{line.row_order}",
                item=line.item,
                page=line.page,
                code=line.code,
                code_url=line.classification_url,
                row_no=line.row_no,
                side=line.side,
                order=line.row_order,
            )
        row.lines.setdefault(line.column, line)
    return list(rows.values())


def columns_of(rows: Iterable[Row], declared: Iterable[str] = ()) -> list[str]:
    """The amount columns in the table's order, then any column only the lines name."""
    columns = list(declared)
    seen: dict[str, int] = {}
    for row in rows:
        for column, line in row.lines.items():
            seen.setdefault(column, line.column_order)
    used = [column for column in columns if column in seen]
    extra = sorted((column for column in seen if column not in columns), key=lambda c: seen[c])
    return used + extra


def fill(rows: Iterable[Row], columns: list[str]) -> None:
    for row in rows:
        row.cells = [row.lines.get(column) for column in columns]


def layout(table: StatementTable) -> Layout:
    """The table as it should be read (uses ``table.lines`` as prefetched)."""
    rows = rows_of(table.lines.all(), f"t{table.pk}")
    if any(row.side for row in rows):
        return two_sided(table, rows)
    columns = columns_of(rows, table.columns)
    fill(rows, columns)
    if any(row.code.isdigit() for row in rows):
        build_tree(rows)
        return Layout(table=table, kind="tree", columns=columns, rows=rows)
    return Layout(table=table, kind="flat", columns=columns, rows=rows)


def build_tree(rows: list[Row]) -> None:
    """Set each coded row's parent and depth from the codes above it; a row without a code (the
    合计 row) stands alone at the top level."""
    run: list[Row] = []
    for row in rows:
        if row.code.isdigit():
            run.append(row)
            continue
        row.is_total = is_total_item(row.item)
        nest(run)
        run = []
    nest(run)


def nest(rows: list) -> None:
    """Set parent, depth and children count of coded rows in code order: a code's parent is the
    nearest code above it that it extends (201 › 20101 › 2010101)."""
    stack: list = []
    for row in rows:
        while stack and not (row.code.startswith(stack[-1].code) and len(row.code) > len(stack[-1].code)):
            stack.pop()
        if stack:
            row.parent = stack[-1].key
            row.depth = len(stack)
            stack[-1].children += 1
        stack.append(row)


def two_sided(table: StatementTable, rows: list[Row]) -> Layout:
    """收入 beside 支出. Two sides are one printed row when they share a 序号, or, where no 序号
    is printed, when the 支出 side directly follows the 收入 side in the parser's reading order."""
    income = [row for row in rows if row.side != EXPENSE_SIDE]
    expense = [row for row in rows if row.side == EXPENSE_SIDE]
    income_columns = columns_of(income, table.columns)
    expense_columns = columns_of(expense, table.columns)
    fill(income, income_columns)
    fill(expense, expense_columns)
    for row in rows:
        row.is_total = plain(row.item).endswith(("合计", "总计"))
    pairs: list[tuple[Row | None, Row | None]] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        following = rows[index + 1] if index + 1 < len(rows) else None
        if row.side != EXPENSE_SIDE and following is not None and following.side == EXPENSE_SIDE:
            same = (
                row.row_no == following.row_no
                if row.row_no and following.row_no
                else following.order == row.order + 1
            )
            if same:
                pairs.append((row, following))
                index += 2
                continue
        pairs.append((None, row) if row.side == EXPENSE_SIDE else (row, None))
        index += 1
    return Layout(
        table=table,
        kind="two_sided",
        income_columns=income_columns,
        expense_columns=expense_columns,
        pairs=pairs,
    )


# Two disclosures on the code tree --------------------------------------------------------------

# Which table gives each classification's amounts, in order of preference.
COMPARED_TABLES = {
    ClassificationCode.Kind.FUNCTION: (EXPENSE, GENERAL_BUDGET_EXPENSE),
    ClassificationCode.Kind.ECONOMIC: (GENERAL_BUDGET_BASIC,),
}


def coded_amounts(lines: Iterable[Line], kinds: tuple[str, ...]) -> dict[str, Line]:
    """code → the line in the total column, from the first of ``kinds`` the disclosure has."""
    tables: dict[str, list[Line]] = {}
    for table_lines in by_table(lines).values():
        tables.setdefault(table_lines[0].table.kind, table_lines)
    for kind in kinds:
        table_lines = tables.get(kind)
        if not table_lines:
            continue
        column = plain(total_column(table_lines[0].table.columns or [table_lines[0].column]))
        amounts: dict[str, Line] = {}
        for line in table_lines:
            if line.code.isdigit() and plain(line.column) == column:
                amounts.setdefault(line.code, line)
        if amounts:
            return amounts
    return {}


@dataclass
class CompareRow:
    """One code in two disclosures: their lines, and the change in 万元 from the first."""

    key: str
    code: str
    name: str
    left: Line | None
    right: Line | None
    depth: int = 0
    parent: str = ""
    children: int = 0
    code_url: str = ""

    @property
    def change(self) -> Change:
        return Change(
            self.left.amount_in_wan if self.left else None,
            self.right.amount_in_wan if self.right else None,
        )


def compare_tree(left: dict[str, Line], right: dict[str, Line], prefix: str) -> list[CompareRow]:
    """Every code either disclosure has, in code order, as a tree."""
    rows = []
    for code in sorted(set(left) | set(right)):
        line = left.get(code) or right.get(code)
        classification_url = (left.get(code) and left[code].classification_url) or (
            right.get(code) and right[code].classification_url
        )
        rows.append(
            CompareRow(
                key=f"{prefix}-{code}",
                code=code,
                name=line.item,
                left=left.get(code),
                right=right.get(code),
                code_url=classification_url or "",
            )
        )
    nest(rows)
    return rows
