"""A page as every reader sees it: its text lines, and its table grids of cells with their
columns and the text printed around them.

These are the shapes ``grid`` builds from what pdfplumber finds (or from text that lines up, on
pages printed without ruling lines) and that the table, project and explanation readers read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from disclosures.parsing.text import label_key, squeeze, tidy


@dataclass
class Cell:
    """A cell as drawn (or a stretch of a grid row with text but no borders drawn around it).

    A merged cell spans several grid rows or columns.
    """

    raw: str  # as extracted, with its line breaks
    x0: float
    x1: float
    top: float
    bottom: float
    text: str = field(init=False)  # squeezed: for matching headers and reading numbers

    def __post_init__(self) -> None:
        self.text = squeeze(self.raw)

    @cached_property
    def tidied(self) -> str:
        """The text as a reader sees it (names, goals, indicator texts)."""
        return tidy(self.raw)

    @cached_property
    def key(self) -> str:
        """The text as a label: trailing colon and unit in brackets removed."""
        return label_key(self.raw)

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    def overlap(self, other: Cell) -> float:
        return min(self.x1, other.x1) - max(self.x0, other.x0)


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
class TextLine:
    """A line of text on a page, as pdfplumber groups its characters."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass
class Grid:
    """One table grid on one page: its rows of cells, the text around it, and its header."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[Cell]]  # the drawn cells of each grid row, left to right
    full_rows: list[list[Cell]]  # the same with the text where no cell was drawn (see _undrawn_cells)
    n_cols: int = 0  # grid columns, counting those covered by merged cells
    first_on_page: bool = False
    last_on_page: bool = False
    above: list[str] = field(default_factory=list)  # text lines between the grid before (or the top) and this
    below: list[str] = field(default_factory=list)  # after the last grid of a page: lines down to the bottom
    preamble: list[str] = field(default_factory=list)  # title/department/unit lines inside the grid
    header_rows: int = 0  # rows after the preamble that form the header
    columns: list[Column] = field(default_factory=list)
    unruled: bool = False  # read from aligned text (grid_from_text): no ruling lines printed
    # The header as printed (each text line squeezed, where it starts), where the grid was read
    # from aligned text: a page that repeats it at its top continues the table (see
    # ``pdf.repeated_header``).
    header_lines: list[tuple[str, float]] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def data_rows(self) -> list[list[Cell]]:
        return self.rows[len(self.preamble) + self.header_rows :]

    @property
    def header_key(self) -> tuple[str, ...]:
        return tuple("/".join(c.path) for c in self.columns)

    def holds(self, line: TextLine) -> bool:
        """Whether a text line is printed inside the grid."""
        middle = (line.top + line.bottom) / 2
        return self.top - 1 <= middle <= self.bottom + 1 and line.x0 < self.x1 and line.x1 > self.x0


@dataclass
class PageLayout:
    """One page as every reader sees it: its grids and its text lines."""

    number: int
    grids: list[Grid]  # top to bottom
    lines: list[TextLine]  # every text line, top to bottom
    outside: list[TextLine] = field(default_factory=list)  # the lines with text not inside any grid
    unruled: bool = False  # the grids were read from aligned text: the page prints no ruling lines

    @cached_property
    def text(self) -> str:
        """The page's whole visible text, line by line."""
        return "\n".join(line.text for line in self.lines)
