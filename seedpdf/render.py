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
    Flowable,
    Frame,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from seedpdf import layout
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
    GRID_SIZE,
    MarkingDocTemplate,
    PageMark,
    fit_columns,
    grid_table,
    paragraph,
    turn_page,
    typeface,
)
from seedpdf.seed import SEED

MARGIN = 48.0
PROSE_SIZE = 10.5
PROSE_LEADING = 18.0

# Room left between tables printed on one page (tables_per_page).
TABLE_GAP = 18.0

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
    ruled: bool | str = True,
    footers: bool = False,
    tables_per_page: int = 1,
    rotated_tables: Sequence[str] = (),
    landscape_tables: Sequence[str] = (),
    bold_titles: int = 1,
    project_rules: bool | str = True,
    unruled_tables: Sequence[str] = (),
    font: str = "STSong-Light",
    font_size: float | None = None,
    char_order: str = "in_order",
) -> Rendered:
    """Write ``doc`` (the seed by default) as it is to ``path``: the nine tables page by page,
    then the explanation.

    ``landscape`` prints every page landscape; ``rotated`` lays pages out landscape but stores
    them as portrait pages with /Rotate 90, the content drawn turned, as some exports do: a
    viewer shows them upright. ``toc`` adds the table of contents as an unnumbered first page
    (then every PDF page number is one more than the printed contents say). ``ruled=False``
    prints the nine statement tables without grid lines, as some publishers do: only a rule
    above and below each table (the text where the ruled grid puts it); ``ruled="horizontal"``
    a rule under every row and none between columns (Word and WPS exports).

    ``footers`` prints 第 N 页 at the foot of every page. ``tables_per_page`` (2 or more) prints
    that many consecutive short tables on one page, one under the other. ``rotated_tables`` and
    ``landscape_tables`` (table kinds) print those tables' pages turned (/Rotate 90) or landscape
    inside a portrait document. ``bold_titles`` (2 or more) draws each table title that many
    times, a fraction of a point apart, as exports fake bold: the text is there several times.
    ``project_rules`` rules the project tables as ``ruled`` does the statement tables, and
    ``unruled_tables`` (table kinds) prints those tables unruled whatever ``ruled`` says: with
    ``tables_per_page`` an unruled table beside a ruled one on one page.

    ``font`` is the built-in ``STSong-Light`` (not embedded) or ``"embedded"`` (a TrueType
    Chinese font embedded in the file: ``layout.typeface``); ``font_size`` the statement tables'
    text size (9 by default; a wide table's text shrinks to fit, its rows' height follows).
    ``char_order="shuffled"`` writes each table cell's characters in a shuffled order, each in
    its place (``layout.ShuffledTable``), as some exporters write their content streams.
    """
    with typeface(font):
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
        templates = [page_template]
        widths = {"page": frame_width}
        if rotated_tables or landscape_tables:
            templates, widths = _mixed_templates(pagesize)
            first = doc.tables[0].kind if doc.tables and not toc else ""
            if first in rotated_tables or first in landscape_tables:
                wanted = "turned" if first in rotated_tables else "wide"
                templates.sort(key=lambda t: t.id != wanted)
        if footers:
            for page_template in templates:
                page_template.onPageEnd = _footer
        template.addPageTemplates(templates)
        story = _Story(frame_width, mixed=bool(rotated_tables or landscape_tables))
        story.project_rules = project_rules
        story.shuffled = char_order == "shuffled"
        if toc:
            story.page(_toc_flowables(doc, frame_width), "目录")
        shared: list[float] = []  # heights of the one-page tables printed on the page being filled
        frame_height = pagesize[1] - 2 * MARGIN
        for table in doc.tables:
            name = (
                "turned"
                if table.kind in rotated_tables
                else "wide"
                if table.kind in landscape_tables
                else "page"
            )
            width = widths.get(name, frame_width)
            for index in range(len(table.pages)):
                rules = False if table.kind in unruled_tables else ruled
                flowables = _statement_page(
                    doc,
                    table,
                    index,
                    width,
                    ruled=rules,
                    bold=bold_titles,
                    size=font_size or GRID_SIZE,
                    shuffled=char_order == "shuffled",
                )
                # A one-page table shares the page only when it fits there at full size, as exports
                # print short tables: none is shrunk to make room.
                single = len(table.pages) == 1 and tables_per_page > 1 and name == "page"
                height = _height(flowables, width) if single else 0.0
                room = frame_height - sum(shared) - TABLE_GAP * len(shared)
                if single and shared and len(shared) < tables_per_page and height <= room:
                    story.extend(flowables, table.kind)
                    shared.append(height)
                    continue
                story.page(flowables, table.kind, template=name)
                shared = [height] if single else []
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


def _height(flowables: list, width: float) -> float:
    """How tall ``flowables`` print at full size in a frame ``width`` wide."""
    total = 0.0
    for flowable in flowables:
        total += flowable.wrap(width, 10_000)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _mixed_templates(pagesize) -> tuple[list[PageTemplate], dict[str, float]]:
    """Page templates for a portrait document with some landscape or turned pages: ``page``
    (portrait), ``wide`` (landscape) and ``turned`` (laid out landscape, stored portrait with
    /Rotate 90); and each one's frame width."""
    portrait, wide = A4, to_landscape(A4)

    def frame(size) -> Frame:
        return Frame(
            MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, leftPadding=0,
            rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip

    def turn(canv, doc) -> None:
        canv.translate(portrait[0], 0)
        canv.rotate(90)

    page = PageTemplate(id="page", frames=[frame(portrait)], pagesize=portrait)
    landscape = PageTemplate(id="wide", frames=[frame(wide)], pagesize=wide)
    turned = PageTemplate(id="turned", frames=[frame(wide)], pagesize=portrait, onPage=turn)
    turned.rotation = 90
    widths = {"page": portrait[0] - 2 * MARGIN, "wide": wide[0] - 2 * MARGIN, "turned": wide[0] - 2 * MARGIN}
    del pagesize
    return [page, landscape, turned], widths


def _footer(canv, doc) -> None:
    """第 N 页, centred under the frame (drawn after the page's content, so on turned pages too)."""
    canv.saveState()
    canv.setFont(layout.FONT, 9)
    width = canv._pagesize[0]
    if getattr(doc.pageTemplate, "rotation", 0) == 90 and doc.pageTemplate.id == "turned":
        width = canv._pagesize[1]
    canv.drawCentredString(width / 2, MARGIN / 2, f"第 {doc.page} 页")
    canv.restoreState()


class _Story:
    """Collects flowables, one hard page after another."""

    def __init__(self, width: float, *, mixed: bool = False):
        self.width = width
        self.flowables: list = []
        self.project_count = 0
        self.mixed = mixed  # several page templates: say which one each page uses
        self.project_rules: bool | str = True  # how the project tables are ruled
        self.shuffled = False  # the project tables' cells written in a shuffled order

    def _break(self, template: str = "page") -> None:
        started = bool(self.flowables)
        if self.mixed:
            self.flowables.append(NextPageTemplate(template))
        if started:
            self.flowables.append(PageBreak())

    def page(self, flowables: list, label: str, template: str = "page") -> None:
        self._break(template)
        self.flowables.append(PageMark(label))
        # A table page must stay one PDF page, as in the seed: shrink it rather than let it spill.
        self.flowables.append(KeepInFrame(0, 0, flowables, mode="shrink"))

    def extend(self, flowables: list, label: str) -> None:
        """Print more on the current page (the one ``page`` began), shrunk to fit what is left."""
        self.flowables.append(Spacer(1, 18))
        self.flowables.append(PageMark(label))
        self.flowables.append(KeepInFrame(0, 0, flowables, mode="shrink"))

    def explanation_page(self, blocks: Sequence[Block], label: str | None = None) -> None:
        self._break()
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
                for index, fragment in enumerate(
                    _project_fragments(block, self.width, self.project_rules, self.shuffled)
                ):
                    if index:
                        self._break()
                    self.flowables.append(PageMark(label))
                    self.flowables.append(KeepInFrame(0, 0, fragment, mode="shrink"))


def _meta_lines(doc: SeedDocument, unit: str, width: float) -> list:
    return [
        paragraph(f"{doc.department_code} {doc.department}", width, 10, leading=15),
        paragraph(f"{doc.stage}年度：{doc.year}", width, 10, leading=15),
        paragraph(f"单位：{unit}", width, 10, leading=15, align=TA_RIGHT, space_after=3),
    ]


# Header leaves of the columns that hold no amounts: a ``**`` numbering row stars them.
_LABEL_COLUMNS = {"序号", "科目编码", "科目名称", "类", "款", "项", "项目", "科目"}


def _numbering_row(table: StatementTable, label: str) -> tuple[str, ...] | None:
    """The column-number row under the header: ``栏次 1 2 3 …`` (any label in the first cell),
    ``** ** ** 1 2 3 …`` (label ``**``: the label columns starred, the amount columns numbered
    from 1), or None for ``""`` (no numbering row)."""
    width = table.header.width
    if not label:
        return None
    if label != "**":
        return (label, *(str(i) for i in range(1, width)))
    leaves = []
    for c in range(width):
        texts = [row[c].replace(" ", "") for row in table.header.rows if c < len(row) and row[c].strip()]
        leaves.append(texts[-1] if texts else "")
    cells, number = [], 0
    for c, leaf in enumerate(leaves):
        if c == 0 or leaf in _LABEL_COLUMNS or leaf.endswith("科目") or not leaf and c <= 2:
            cells.append("**")
        else:
            number += 1
            cells.append(str(number))
    return tuple(cells)


class _Overprinted(Flowable):
    """A paragraph drawn ``times`` times a fraction of a point apart, as exports fake bold."""

    def __init__(self, inner: Paragraph, times: int):
        super().__init__()
        self.inner = inner
        self.times = times

    def wrap(self, avail_width, avail_height):
        return self.inner.wrap(avail_width, avail_height)

    def getSpaceAfter(self):  # noqa: N802 (reportlab's name)
        return self.inner.getSpaceAfter()

    def draw(self):
        for time in range(self.times):
            self.inner.drawOn(self.canv, 0.25 * time, 0)


def _statement_page(
    doc: SeedDocument,
    table: StatementTable,
    index: int,
    width: float,
    *,
    ruled: bool | str = True,
    bold: int = 1,
    size: float = GRID_SIZE,
    shuffled: bool = False,
) -> list:
    page = table.pages[index]
    header = table.header
    index_row = _numbering_row(table, page.index_label)
    numbering = [index_row] if index_row else []
    body_all = [row for p in table.pages for row in p.rows]
    widths, size = fit_columns(header, [*body_all, *numbering], width, size)
    flowables: list = []
    if index == 0:
        title = paragraph(table.title, width, 16, align=TA_CENTER, leading=24, space_after=6)
        flowables.append(_Overprinted(title, bold) if bold > 1 else title)
    flowables += _meta_lines(doc, table.unit, width)
    flowables.append(
        grid_table(
            [*header.rows, *numbering],
            header.spans,
            page.rows,
            widths,
            size,
            body_align=_statement_align,
            ruled=ruled,
            shuffled=shuffled,
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


def _project_fragments(
    project: ProjectTable, width: float, ruled: bool | str = True, shuffled: bool = False
) -> list[list]:
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
                (),
                (),
                top + body,
                widths,
                size,
                body_spans=spans + shifted,
                body_align=first_align,
                ruled=ruled,
                shuffled=shuffled,
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
                header,
                (),
                list(rows),
                six,
                size,
                body_spans=body_spans,
                body_align=continuation_align,
                ruled=ruled,
                shuffled=shuffled,
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
        [
            ("FONT", (0, 0), (-1, -1), layout.FONT, PROSE_SIZE, PROSE_LEADING),
            ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ]
    )
    return Table([list(entry) for entry in entries], colWidths=[width - 40, 40], style=style, hAlign="LEFT")
