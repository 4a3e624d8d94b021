"""The geometry of one ruled table on one page.

pdfplumber finds the grid and the text of each cell. Here the grid's cells become a header
(the column headers, possibly several rows deep, with merged cells) and data rows, and each
column gets a role: 序号, code, item (row name) or amount. Nothing here knows which of the
nine tables this is; that is decided from the title in ``tables.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

AMOUNT_RE = re.compile(r"^[-−–]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
CODE_RE = re.compile(r"^\d{3}(\d{2}){0,2}$")
ORDINAL_RE = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）]|其中)")
TOTAL_LABELS = {"合计", "总计", "小计", "收入总计", "支出总计", "收入合计", "支出合计"}
# A row of column numbers under the header: 栏次 1 2 3 … (some exports print 档次).
COLUMN_NUMBER_LABELS = {"栏次", "档次"}
# Rows above the header that belong to the page, not the table: 部门：… 单位：万元.
PREAMBLE_RE = re.compile(
    r"(单\s*位\s*[:：]|部\s*门\s*[:：]|部门名称|编制部门|单位名称\s*[:：]|表\s*([（(][^）)]*[)）])?\s*$)"
)


def squeeze(text: str | None) -> str:
    """Cell text with line breaks and inner spaces removed (项 目 → 项目)."""
    return re.sub(r"\s+", "", text or "")


def is_amount(text: str) -> bool:
    return bool(AMOUNT_RE.match(text.replace(" ", "")))


def is_code(text: str) -> bool:
    return bool(CODE_RE.match(text.replace(" ", "")))


@dataclass
class Cell:
    """A cell as drawn: its text and where it is; a merged cell spans several grid rows or columns."""

    text: str  # squeezed
    x0: float
    x1: float
    top: float
    bottom: float
    row: int  # index of the grid row it starts in
    raw: str = ""  # the text with its line breaks, for titles printed inside the grid

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Column:
    """A leaf column of the header, with every header above it."""

    path: tuple[str, ...]
    x0: float
    x1: float
    role: str = "amount"  # row_no / code / item / amount
    name: str = ""  # what the column is called in the data: the leaf, or more where leaves repeat

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""

    def overlap(self, cell: Cell) -> float:
        return min(self.x1, cell.x1) - max(self.x0, cell.x0)


@dataclass
class Grid:
    """One table grid on one page, split into preamble, header and data rows."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[Cell]]  # cells with text, grouped by grid row, left to right
    preamble: list[str] = field(default_factory=list)  # title/department/unit lines inside the grid
    header_rows: int = 0  # rows after the preamble that form the header
    columns: list[Column] = field(default_factory=list)

    @property
    def data_rows(self) -> list[list[Cell]]:
        return self.rows[len(self.preamble) + self.header_rows :]

    @property
    def header_key(self) -> tuple[str, ...]:
        return tuple("/".join(c.path) for c in self.columns)


def grid_from_table(table, page_number: int) -> Grid:
    """Build a Grid from a pdfplumber Table found on a page."""
    texts = table.extract()
    rows: list[list[Cell]] = []
    for r, (row, row_texts) in enumerate(zip(table.rows, texts, strict=True)):
        cells = []
        for bbox, text in zip(row.cells, row_texts, strict=True):
            if bbox is None:
                continue
            x0, top, x1, bottom = bbox
            cells.append(Cell(squeeze(text), x0, x1, top, bottom, r, raw=text or ""))
        rows.append(cells)
    x0, top, x1, bottom = table.bbox
    grid = Grid(page=page_number, top=top, bottom=bottom, x0=x0, x1=x1, rows=rows)
    _split_header(grid)
    return grid


def _row_texts(cells: list[Cell]) -> list[str]:
    return [c.text for c in cells if c.text]


def _is_column_numbers(texts: list[str]) -> bool:
    if not texts:
        return False
    if texts[0] in COLUMN_NUMBER_LABELS:
        return True
    return len(texts) >= 2 and all(t.isdigit() and int(t) <= 40 for t in texts) and _consecutive(texts)


def _consecutive(texts: list[str]) -> bool:
    numbers = [int(t) for t in texts]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_data(texts: list[str]) -> bool:
    if not texts:
        return False
    if _is_column_numbers(texts):
        return False
    if texts[0] in TOTAL_LABELS and all(is_amount(t) for t in texts[1:]):
        return True  # a 合计 row with nothing in it yet (a header 合计 has other headers beside it)
    return any(is_amount(t) for t in texts) or bool(ORDINAL_RE.match(texts[0]))


def _split_header(grid: Grid) -> None:
    """Find the preamble rows, the header rows (up to and including a 栏次 row) and the columns."""
    index = 0
    while index < len(grid.rows):
        texts = _row_texts(grid.rows[index])
        if texts and all(PREAMBLE_RE.search(t) for t in texts) and not _is_data(texts):
            grid.preamble.append("\n".join(c.raw for c in grid.rows[index] if c.text))
            index += 1
            continue
        if not texts and index == len(grid.preamble) and index + 1 < len(grid.rows):
            # An empty spacer row at the very top of the grid (drawn as part of the frame).
            grid.preamble.append("")
            index += 1
            continue
        break
    start = index
    while index < len(grid.rows):
        texts = _row_texts(grid.rows[index])
        if _is_data(texts):
            break
        index += 1
        if _is_column_numbers(texts):
            break
    grid.header_rows = index - start
    header = grid.rows[start:index]
    if header and _is_column_numbers(_row_texts(header[-1])):
        header = header[:-1]
    grid.columns = _columns(header)


def _columns(header: list[list[Cell]]) -> list[Column]:
    """The leaf columns of a header: cells with no header cell under them, with their paths."""
    cells = [c for row in header for c in row if c.text]
    leaves = []
    for cell in cells:
        below = [
            other
            for other in cells
            if other.top >= cell.bottom - 1 and other.x0 < cell.x1 - 1 and other.x1 > cell.x0 + 1
        ]
        if not below:
            leaves.append(cell)
    columns = []
    for leaf in sorted(leaves, key=lambda c: c.x0):
        above = sorted(
            (c for c in cells if c.bottom <= leaf.top + 1 and c.x0 - 1 <= leaf.center <= c.x1 + 1),
            key=lambda c: c.top,
        )
        path = tuple(c.text for c in above) + (leaf.text,)
        columns.append(Column(path=path, x0=leaf.x0, x1=leaf.x1))
    return columns


def column_for(cell: Cell, columns: list[Column]) -> Column | None:
    """The column a data cell sits under: the one it overlaps most, else the nearest."""
    if not columns:
        return None
    best = max(columns, key=lambda col: col.overlap(cell))
    if best.overlap(cell) > 0:
        return best
    return min(columns, key=lambda col: abs((col.x0 + col.x1) / 2 - cell.center))
