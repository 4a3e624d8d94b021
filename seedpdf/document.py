"""The shapes of a printed disclosure, as data a renderer lays out: the nine standard tables page
by page, the explanation's paragraphs, ruled grids and project tables.

Conventions (the seed, ``seedpdf.seed.SEED``, follows them):

- Every string is copied as printed, quirks included: ``210110 1`` with its stray space, ``档次``
  for ``栏次``, ``项 目`` and ``合 计`` with their spaces, the row of 收入总表 whose name breaks over
  a page (``财政对其他社会保险基金的`` / ``补助``), wrapped-cell spaces such as
  ``指标值确定 依据``. ``""`` is an empty cell; amounts keep their two decimals.
- A merged cell's text sits in its top-left cell; the cells it covers are ``""`` and the merge is
  listed in ``Header.spans``.
- Tables are stored page by page, broken exactly where the printed pages break, so that PDF page
  numbers equal the numbers in the document's table of contents.
- Project tables: on a table's first page one indicator column spans two grid columns;
  indicator rows are stored as six cells and ``ProjectTable.wide_column`` says which one is wide.

Nothing here parses anything; ``seedpdf.render`` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int, int, int]
"""A merged cell: (first column, first row, last column, last row), 0-based, inclusive."""

Row = tuple[str, ...]


@dataclass(frozen=True)
class Header:
    """A grid's column-header rows as printed; a merged cell's text is in its top-left cell."""

    rows: tuple[Row, ...]
    spans: tuple[Span, ...] = ()

    @property
    def width(self) -> int:
        """Number of grid columns."""
        return len(self.rows[0])


@dataclass(frozen=True)
class TablePage:
    """The data rows one PDF page of a standard table prints."""

    rows: tuple[Row, ...]
    # Label of the column-number row under the header: 栏次, and 档次 on some of the seed's pages.
    index_label: str = "栏次"


@dataclass(frozen=True)
class StatementTable:
    """One of the nine standard tables, page by page as printed."""

    kind: str  # the name docs/domain.md gives it, without the 部门预算 prefix (收入总表)
    title: str  # printed on the table's first page only
    header: Header
    pages: tuple[TablePage, ...]
    note: str = ""  # printed under the grid of the last page (注：无…，空表列示。)
    unit: str = "万元"  # printed as 单位：万元 above the grid on every page
    code_column: int | None = None  # the 科目编码 column, where a classification code is printed


@dataclass(frozen=True)
class Text:
    """A paragraph or a line of the explanation."""

    text: str
    # title (the explanation's title, centred) | heading (一、…) | subheading ((一)…, 1、…) |
    # body (a paragraph, first line indented) | plain (a line, not indented)
    style: str = "body"


@dataclass(frozen=True)
class Grid:
    """A ruled table inside the explanation (机构设置, 政府采购, 固定资产), on one page."""

    title: str
    lines: tuple[str, ...]  # printed between the title and the grid (711 张家口市总工会, 单位：万元)
    header: Header
    rows: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()  # printed under the grid


INDICATOR_HEADER: Row = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")


@dataclass(frozen=True)
class ProjectTable:
    """A project's performance-target table (项目绩效目标表), page by page as printed.

    The first page is a seven-column grid: 项目编码/项目名称, 预算规模及资金用途 (预算数, 财政资金,
    其他资金, then the purpose), 资金支出计划 (checkpoints over values), 绩效目标, then the
    indicator header and rows. Every later page repeats only the indicator header (six columns).
    """

    title: str  # the line above the grid (1、…绩效目标表)
    unit: str  # the line 单位：万元
    code: str
    name: str
    budget_label: str  # 预算规模及资金用途, as printed (some wrap: 预算规模及 资金用途)
    budget: str
    fiscal_funds: str
    other_funds: str
    purpose: str  # 资金用途
    plan_label: str  # 资金支出计划（%）
    plan: tuple[tuple[str, int], ...]  # (checkpoint, how many of the six value columns its cell spans)
    plan_values: tuple[str, ...]  # one per checkpoint, "" where none is printed
    goals: tuple[str, ...]  # the lines of the 绩效目标 cell
    indicator_header: Row  # the six labels as printed on the first page
    wide_column: str  # "description" or "basis": the indicator column spanning two grid columns on page 1
    # Indicator rows of six cells (一级, 二级, 三级, 描述, 指标值, 依据) on each PDF page. A blank
    # 一级/二级 cell is merged with the one above. A row whose last cell breaks over a page
    # continues as a row of blanks and the rest of that cell at the top of the next page.
    pages: tuple[tuple[Row, ...], ...]
    continuation_header: Row = INDICATOR_HEADER


Block = Text | Grid | ProjectTable


@dataclass(frozen=True)
class SeedDocument:
    """A whole printed disclosure: the nine tables, then the explanation (情况说明).

    Not ``Disclosure``: that is the Django model of a stored one."""

    department: str
    department_code: str
    year: int
    stage: str  # 预算 or 决算
    toc: tuple[tuple[str, int | None], ...]  # the table of contents: (line, page) or (heading, None)
    tables: tuple[StatementTable, ...]
    # Each entry starts on a new PDF page; a project table in it adds a page for each page it has.
    explanation: tuple[tuple[Block, ...], ...]

    def table(self, kind: str) -> StatementTable:
        """The standard table of a kind (收入总表), or KeyError."""
        for table in self.tables:
            if table.kind == kind:
                return table
        raise KeyError(kind)
