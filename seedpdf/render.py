"""Render a disclosure (the seed by default) to a PDF laid out like the real exports.

Every table is a ruled grid with merged header cells drawn as real spans, so pdfplumber's
default ``lines`` strategy finds it. The seed's tables land on the PDF pages its table of
contents gives (收支总表 1-2, 收入总表 3-4, … 三公 15, 情况说明 from 16).

``render_document`` prints what it is given; the layout options (landscape, rotated, toc,
ruled) are how some publishers print. Other ways of printing the document itself (元, split
codes, 决算, deliberate errors) are tests/pdfgen.py's variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.platypus import (
    Frame,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from seedpdf.document import (
    INDICATOR_HEADER,
    Block,
    Grid,
    ProjectTable,
    Row,
    SeedDocument,
    StatementTable,
    Text,
)
from seedpdf.layout import (
    FONT,
    GRID_SIZE,
    MarkingDocTemplate,
    PageMark,
    fit_columns,
    grid_table,
    paragraph,
    turn_page,
)
from seedpdf.seed import SEED

MARGIN = 48.0
PROSE_SIZE = 10.5
PROSE_LEADING = 18.0

AMOUNT = re.compile(r"^-?[\d,]*\d\.\d+$")


@dataclass
class Rendered:
    """What ``render_disclosure`` wrote: the file, its page count, and where everything landed."""

    path: Path
    pages: int
    # label → 1-based PDF pages: each standard table by kind (收入总表), 情况说明 (where the
    # explanation starts), its numbered headings (一、部门职责及机构设置情况), 项目1 … for the
    # project tables, and 目录 with toc=True.
    page_map: dict[str, list[int]] = field(default_factory=dict)
    document: SeedDocument | None = None  # the document as rendered


def render_document(
    path: str | Path,
    doc: SeedDocument = SEED,
    *,
    landscape: bool = False,
    toc: bool = False,
    rotated: bool = False,
    ruled: bool = True,
) -> Rendered:
    """Write ``doc`` (the seed by default) as it is to ``path``: the nine tables page by page,
    then the explanation.

    ``landscape`` prints every page landscape; ``rotated`` lays pages out landscape but stores
    them as portrait pages with /Rotate 90, the content drawn turned, as some exports do: a
    viewer shows them upright. ``toc`` adds the table of contents as an unnumbered first page
    (then every PDF page number is one more than the printed contents say). ``ruled=False``
    prints the nine statement tables without grid lines, as some publishers do: only a rule
    above and below each table (the text where the ruled grid puts it).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pagesize = to_landscape(A4) if landscape or rotated else A4
    frame_width = pagesize[0] - 2 * MARGIN
    template = MarkingDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        # Fixed document ID and dates, so the same input gives the same bytes.
        invariant=1,
        title=f"{doc.department} {doc.year} 年部门{doc.stage}信息公开",
        author=doc.department,
        # Where this renderer was first written: kept so the committed sample stays byte-for-byte
        # what it was (the creator is part of the file).
        creator="tests/pdfgen.py",
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        frame_width,
        pagesize[1] - 2 * MARGIN,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    page_template = PageTemplate(id="page", frames=[frame])
    if rotated:
        page_template.onPage = turn_page
    page_template.rotation = 90 if rotated else 0  # read by reportlab when it ends each page
    template.addPageTemplates([page_template])
    story = _Story(frame_width)
    if toc:
        story.page(_toc_flowables(doc, frame_width), "目录")
    for table in doc.tables:
        for index in range(len(table.pages)):
            story.page(_statement_page(doc, table, index, frame_width, ruled=ruled), table.kind)
    for number, chunk in enumerate(doc.explanation):
        story.explanation_page(chunk, "情况说明" if number == 0 else None)
    template.build(story.flowables)
    page_map: dict[str, list[int]] = {}
    for label, page in template.marks:
        pages = page_map.setdefault(label, [])
        if page not in pages:
            pages.append(page)
    return Rendered(path=path, pages=template.page, page_map=page_map, document=doc)


def _statement_align(row: int, column: int, text: str) -> str:
    if column == 0:
        return "CENTER"
    return "RIGHT" if AMOUNT.match(text) else "LEFT"


class _Story:
    """Collects flowables, one hard page after another."""

    def __init__(self, width: float):
        self.width = width
        self.flowables: list = []
        self.project_count = 0

    def page(self, flowables: list, label: str) -> None:
        if self.flowables:
            self.flowables.append(PageBreak())
        self.flowables.append(PageMark(label))
        # A table page must stay one PDF page, as in the seed: shrink it rather than let it spill.
        self.flowables.append(KeepInFrame(0, 0, flowables, mode="shrink"))

    def explanation_page(self, blocks: Sequence[Block], label: str | None = None) -> None:
        if self.flowables:
            self.flowables.append(PageBreak())
        if label:
            self.flowables.append(PageMark(label))
        for block in blocks:
            if isinstance(block, Text):
                if block.style == "heading":
                    self.flowables.append(PageMark(block.text))
                self.flowables.append(_text_flowable(block, self.width))
            elif isinstance(block, Grid):
                self.flowables.append(_grid_flowable(block, self.width))
            else:
                self.project_count += 1
                label = f"项目{self.project_count}"
                for index, fragment in enumerate(_project_fragments(block, self.width)):
                    if index:
                        self.flowables.append(PageBreak())
                    self.flowables.append(PageMark(label))
                    self.flowables.append(KeepInFrame(0, 0, fragment, mode="shrink"))


def _meta_lines(doc: SeedDocument, unit: str, width: float) -> list:
    return [
        paragraph(f"{doc.department_code} {doc.department}", width, 10, leading=15),
        paragraph(f"{doc.stage}年度：{doc.year}", width, 10, leading=15),
        paragraph(f"单位：{unit}", width, 10, leading=15, align=TA_RIGHT, space_after=3),
    ]


def _statement_page(
    doc: SeedDocument, table: StatementTable, index: int, width: float, *, ruled: bool = True
) -> list:
    page = table.pages[index]
    header = table.header
    index_row = (page.index_label, *(str(i) for i in range(1, header.width)))
    body_all = [row for p in table.pages for row in p.rows]
    widths, size = fit_columns(header, [*body_all, index_row], width)
    flowables: list = []
    if index == 0:
        flowables.append(paragraph(table.title, width, 16, align=TA_CENTER, leading=24, space_after=6))
    flowables += _meta_lines(doc, table.unit, width)
    flowables.append(
        grid_table(
            [*header.rows, index_row],
            header.spans,
            page.rows,
            widths,
            size,
            body_align=_statement_align,
            ruled=ruled,
        )
    )
    if index == len(table.pages) - 1 and table.note:
        flowables.append(Spacer(1, 6))
        flowables.append(paragraph(table.note, width, 10))
    return flowables


def _text_flowable(block: Text, width: float) -> Paragraph:
    if block.style == "title":
        return paragraph(block.text, width, 15, align=TA_CENTER, leading=24, space_after=10)
    if block.style == "heading":
        return paragraph(block.text, width, 12, leading=20, space_before=6, space_after=2)
    if block.style in ("subheading", "plain"):
        return paragraph(block.text, width, PROSE_SIZE, leading=PROSE_LEADING)
    return paragraph(block.text, width, PROSE_SIZE, leading=PROSE_LEADING, indent=2 * PROSE_SIZE)


def _grid_flowable(grid: Grid, width: float) -> KeepInFrame:
    widths, size = fit_columns(grid.header, grid.rows, width)
    flowables: list = [paragraph(grid.title, width, 12, align=TA_CENTER, leading=20, space_before=6)]
    for line in grid.lines:
        align = TA_RIGHT if line.startswith("单位：") else TA_LEFT
        flowables.append(paragraph(line, width, 10, leading=15, align=align))
    flowables.append(Spacer(1, 3))
    flowables.append(grid_table(grid.header.rows, grid.header.spans, grid.rows, widths, size))
    for note in grid.notes:
        flowables.append(paragraph(note, width, 9.5, leading=15, space_before=3))
    flowables.append(Spacer(1, 6))
    return KeepInFrame(0, 0, flowables, mode="shrink")


# Relative widths of a project table's seven grid columns on its first page.
_PROJECT_COLUMNS = {
    "description": (10, 12, 16, 17, 17, 14, 14),  # 绩效指标描述 spans columns 3-4
    "basis": (10, 12, 16, 30, 14, 9, 9),  # 指标值确定依据 spans columns 5-6
}


def _merge_blank_spans(rows: Sequence[Row], columns: Iterable[int]) -> list[tuple[int, int, int, int]]:
    """Vertical spans for blank 一级/二级 cells: each joins the cell above it on the same page."""
    spans = []
    for c in columns:
        start = 0
        for r in range(1, len(rows) + 1):
            if r < len(rows) and not rows[r][c]:
                continue
            if r - 1 > start:
                spans.append((c, start, c, r - 1))
            start = r
    return spans


def _project_fragments(project: ProjectTable, width: float) -> list[list]:
    """The flowables of each page of a project table: the full grid first, then continuations."""
    size = GRID_SIZE
    weights = _PROJECT_COLUMNS[project.wide_column]
    widths = [width * w / sum(weights) for w in weights]
    wide = 3 if project.wide_column == "description" else 5

    def seven(row: Row) -> Row:  # an indicator row on the seven-column grid
        return row[: wide + 1] + ("",) + row[wide + 1 :]

    top: list[Row] = [
        ("项目编码", project.code, "", "项目名称", project.name, "", ""),
        (
            project.budget_label,
            "预算数",
            project.budget,
            "其中：财政资金",
            project.fiscal_funds,
            "其他资金",
            project.other_funds,
        ),
        ("", project.purpose, "", "", "", "", ""),
    ]
    spans = [(1, 0, 2, 0), (4, 0, 6, 0), (0, 1, 0, 2), (1, 2, 6, 2), (0, 3, 0, 4), (1, 5, 6, 5)]
    plan_header: list[str] = []
    plan_values: list[str] = []
    column = 1
    for (label, span), value in zip(project.plan, project.plan_values, strict=True):
        plan_header += [label] + [""] * (span - 1)
        plan_values += [value] + [""] * (span - 1)
        if span > 1:
            spans += [(column, 3, column + span - 1, 3), (column, 4, column + span - 1, 4)]
        column += span
    if column <= 6:  # the seed's project 1 prints three checkpoints over all six columns
        spans += [(column, 3, 6, 3), (column, 4, 6, 4)]
        plan_header += [""] * (7 - column)
        plan_values += [""] * (7 - column)
    top.append((project.plan_label, *plan_header))
    top.append(("", *plan_values))
    top.append(("绩效目标", "\n".join(project.goals), "", "", "", "", ""))
    top.append(seven(project.indicator_header))
    head_count = len(top)
    spans.append((wide, head_count - 1, wide + 1, head_count - 1))

    def first_align(r: int, c: int, text: str) -> str:
        if r < head_count:
            # The purpose and the goals read as paragraphs; labels and figures are centred.
            return "LEFT" if c and r in (2, 5) else "CENTER"
        return "CENTER" if c < 2 else "LEFT"

    def continuation_align(r: int, c: int, text: str) -> str:
        return "CENTER" if c < 2 else "LEFT"

    fragments: list[list] = []
    for index, rows in enumerate(project.pages):
        if index == 0:
            body = [seven(row) for row in rows]
            body_spans = [(wide, r, wide + 1, r) for r in range(len(body))]
            body_spans += _merge_blank_spans(body, (0, 1))
            shifted = [(c0, r0 + head_count, c1, r1 + head_count) for c0, r0, c1, r1 in body_spans]
            table = grid_table(
                (), (), top + body, widths, size, body_spans=spans + shifted, body_align=first_align
            )
            fragments.append(
                [
                    paragraph(project.title, width, PROSE_SIZE, leading=PROSE_LEADING),
                    paragraph(project.unit, width, 10, leading=15, align=TA_RIGHT),
                    table,
                ]
            )
        else:
            six = widths[:wide] + [widths[wide] + widths[wide + 1]] + widths[wide + 2 :]
            header = [project.continuation_header or INDICATOR_HEADER]
            body_spans = _merge_blank_spans(rows, (0, 1))
            table = grid_table(
                header, (), list(rows), six, size, body_spans=body_spans, body_align=continuation_align
            )
            fragments.append([table])
    return fragments


def _toc_flowables(doc: SeedDocument, width: float) -> list:
    flowables: list = []
    entries = []
    for text, page in doc.toc:
        if page is None:
            if entries:
                flowables.append(_toc_table(entries, width))
                entries = []
            big = not flowables
            flowables.append(
                paragraph(
                    text,
                    width,
                    16 if big else 12,
                    align=TA_CENTER if big else TA_LEFT,
                    leading=26 if big else 20,
                    space_before=0 if big else 8,
                )
            )
        else:
            entries.append((text, str(page)))
    if entries:
        flowables.append(_toc_table(entries, width))
    return flowables


def _toc_table(entries: list[tuple[str, str]], width: float) -> Table:
    # No rules: the contents must not look like a table to pdfplumber.
    style = TableStyle(
        [("FONT", (0, 0), (-1, -1), FONT, PROSE_SIZE, PROSE_LEADING), ("ALIGN", (1, 0), (1, -1), "RIGHT")]
    )
    return Table([list(entry) for entry in entries], colWidths=[width - 40, 40], style=style, hAlign="LEFT")
