"""Render a budget disclosure (the seed by default) to a PDF laid out like the real exports.

The PDF is made with reportlab and its built-in CID font STSong-Light (no font file needed;
pdfplumber reads its text). Every table is a ruled grid with merged header cells drawn as real
spans, so pdfplumber's default ``lines`` strategy finds it. The default rendering of
``tests.seed_document.SEED`` puts each table on the PDF pages the seed's table of contents gives
(收支总表 1-2, 收入总表 3-4, … 三公 15, 情况说明 from 16) and keeps the seed's quirks: a row name
broken over a page, ``210110 1``, ``档次``, spaced headers, empty tables with their 注 line.

Variants (keyword arguments of ``render_disclosure``, combinable) let tests exercise what other
provinces print and inject deliberate errors; see ``build_document`` for each.

Command line::

    python -m tests.pdfgen OUT.pdf [--landscape] [--yuan] [--split-codes] [--final-accounts] [--toc]
        [--three-public overseas=2.00,vehicle_purchase=0,vehicle_operation=3.50,reception=1.20]
        [--cell 收入总表:20805:合计=537.45] [--unit 三公=元] [--prose 870.37万元=870.38万元]
        [--project-breaks 2:3,7]
    python -m tests.pdfgen --sample      # writes sample/711-zhangjiakou-2025-budget.pdf
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tests.seed_document import (
    INDICATOR_HEADER,
    SEED,
    Block,
    Disclosure,
    Grid,
    Header,
    ProjectTable,
    Row,
    StatementTable,
    TablePage,
    Text,
)

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PATH = REPO / "sample" / "711-zhangjiakou-2025-budget.pdf"

MARGIN = 48.0
CELL_PAD = 3.0
GRID_SIZE = 9.0  # font size in table cells; shrunk per table when its columns do not fit
MIN_GRID_SIZE = 5.5
PROSE_SIZE = 10.5
PROSE_LEADING = 18.0

AMOUNT = re.compile(r"^-?[\d,]*\d\.\d+$")
SEED_AMOUNT = re.compile(r"^-?\d+\.\d{2}$")  # amounts as the seed prints them (万元, no separators)

# How a cell's text may break into lines: never inside a run of Latin letters, digits and the
# signs that go with them (2025, ≥150, [2018]38, 13070025P00166310002K), anywhere between
# Chinese characters, and not before closing punctuation or after opening punctuation.
_TOKEN = re.compile(r"[A-Za-z0-9.,:;%/\-+\[\]()≥≤<>=~×·_#]+|\s+|.")
_LAST_TOKEN = re.compile(r"[A-Za-z0-9.,:;%/\-+\[\]()≥≤<>=~×·_#]+$|.$")
_NO_LINE_START = set("。，、；：？！）》」』】”’%．,.;:)")
_NO_LINE_END = set("（《「『【“‘(")

# Keys accepted by ``three_public`` and the row each fills in the 三公 table.
THREE_PUBLIC_ITEMS = (
    ("total", "合计"),
    ("overseas", "因公出国（境）费"),
    ("vehicles", "公务用车购置及运行维护费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
    ("reception", "公务接待费"),
)
_THREE_PUBLIC_KIND = "财政拨款“三公”经费支出表"
_THREE_PUBLIC_PROSE_START = "我部门财政拨款“三公”经费预算安排"

Overrides = Mapping[tuple, str]
ProjectBreaks = Mapping[int, Sequence[int | tuple[int, int]]]


# ---------------------------------------------------------------------------------------------
# Public API


@dataclass
class Rendered:
    """What ``render_disclosure`` wrote: the file, its page count, and where everything landed."""

    path: Path
    pages: int
    # label → 1-based PDF pages: each standard table by kind (收入总表), 情况说明 (where the
    # explanation starts), its numbered headings (一、部门职责及机构设置情况), 项目1 … for the
    # project tables, and 目录 with toc=True.
    page_map: dict[str, list[int]] = field(default_factory=dict)
    document: Disclosure | None = None  # the document as rendered, variants applied


def render_disclosure(
    path: str | Path,
    doc: Disclosure = SEED,
    *,
    landscape: bool = False,
    yuan: bool = False,
    split_codes: bool = False,
    final_accounts: bool = False,
    three_public: Mapping[str, object] | None = None,
    overrides: Overrides | None = None,
    project_breaks: ProjectBreaks | None = None,
    toc: bool = False,
    rotated: bool = False,
    ruled: bool = True,
) -> Rendered:
    """Render ``doc`` (the seed by default) with the variants asked for, and write it to ``path``.

    ``landscape`` prints every page landscape, ``rotated`` stores those landscape pages as
    portrait pages with /Rotate 90, and ``toc`` adds the table of contents as an
    unnumbered first page (then every PDF page number is one more than the printed contents say).
    ``ruled=False`` prints the nine statement tables without grid lines, as some publishers
    do: only a rule above and below each table (the text where the ruled grid puts it).
    The other keywords change the document before rendering; see ``build_document``.
    """
    document = build_document(
        doc,
        yuan=yuan,
        split_codes=split_codes,
        final_accounts=final_accounts,
        three_public=three_public,
        overrides=overrides,
        project_breaks=project_breaks,
    )
    return render_document(path, document, landscape=landscape, toc=toc, rotated=rotated, ruled=ruled)


def build_document(
    doc: Disclosure = SEED,
    *,
    yuan: bool = False,
    split_codes: bool = False,
    final_accounts: bool = False,
    three_public: Mapping[str, object] | None = None,
    overrides: Overrides | None = None,
    project_breaks: ProjectBreaks | None = None,
) -> Disclosure:
    """The document with variants applied, as data (render it with ``render_document``).

    - ``yuan``: unit 元. Every amount of the nine tables, the project tables' 预算数 and the
      explanation's grids is multiplied by 10000 and printed with thousands separators
      (``8,703,700.00``), and ``单位：元`` is printed. The prose keeps its 万元 figures, as real
      documents do.
    - ``split_codes``: the code column is printed as 类 | 款 | 项 (``208 | 05 | 01``; economic
      codes as 类 | 款), as Shanghai's template does.
    - ``final_accounts``: a 决算 document: titles 部门决算…, ``决算年度：2025``, 决算数 for 预算数,
      and 部门决算 in the prose.
    - ``three_public``: a filled 三公 table and section 四's prose stating the same figures.
      Keys: ``overseas`` (因公出国（境）费), ``vehicle_purchase`` (公务用车购置费),
      ``vehicle_operation`` (公务用车运行维护费), ``reception`` (公务接待费), optionally
      ``vehicles`` and ``total`` (computed when missing), the Chinese row names also accepted;
      values in 万元 (str, int, float or Decimal). A zero prints as an empty cell and as 0 in the
      prose. ``change`` replaces the closing sentence (与2024年持平，无增减变化。).
    - ``overrides``: print other text in chosen places, to inject errors. Keys:

      * ``(table, row, column)`` → the cell's new text, printed as given (no 元 conversion).
        ``table`` is a kind (收入总表) or printed title; ``row`` a 序号 (``"6"``), a code
        (``"20805"``, spaces ignored) or a cell's text (``"收入总计"``); ``column`` a grid column
        index (0 = 序号) or a leaf header (``"合计"``, ``"财政拨款收入"``), with its parent where
        the leaf is ambiguous (``"支出/预算数"``). Spaces in headers are ignored.
      * ``(table, "unit")`` → the unit printed above that table (``"元"``), amounts unchanged;
        ``(table, "title")`` and ``(table, "note")`` likewise.
      * ``("prose", old)`` → ``new``: replace text everywhere in the explanation (paragraphs,
        project tables, grids). Each key must match something, or ValueError.
    - ``project_breaks``: ``{project number: breaks}`` re-breaks a project's indicator rows over
      pages. The seed's breaks are undone (a cell cut by a break is joined again), then each break
      ``n`` ends a page after ``n`` indicator rows, and ``(n, k)`` ends it inside row ``n + 1``:
      its last cell keeps ``k`` characters and the rest starts the next page on a row of its own.
      ``()`` puts every indicator row on the first page.

    Order: three_public, yuan, overrides, final_accounts, project_breaks, split_codes; so cell
    overrides name columns as the seed prints them (预算数, 科目编码).
    """
    if three_public is not None:
        doc = _with_three_public(doc, three_public)
    if yuan:
        doc = _in_yuan(doc)
    if overrides:
        doc = _with_overrides(doc, overrides)
    if final_accounts:
        doc = _as_final_accounts(doc)
    if project_breaks:
        doc = _with_project_breaks(doc, project_breaks)
    if split_codes:
        doc = _with_split_codes(doc)
    return doc


def render_document(
    path: str | Path,
    doc: Disclosure,
    *,
    landscape: bool = False,
    toc: bool = False,
    rotated: bool = False,
    ruled: bool = True,
) -> Rendered:
    """Write ``doc`` as it is to ``path``: the nine tables page by page, then the explanation.

    ``rotated`` lays pages out landscape but stores them as portrait pages with /Rotate 90,
    the content drawn turned, as some exports do: a viewer shows them upright.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pagesize = to_landscape(A4) if landscape or rotated else A4
    frame_width = pagesize[0] - 2 * MARGIN
    template = _DocTemplate(
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
        page_template.onPage = _turn_page
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


# ---------------------------------------------------------------------------------------------
# Variants


def _with_three_public(doc: Disclosure, figures: Mapping[str, object]) -> Disclosure:
    names = dict(THREE_PUBLIC_ITEMS)
    by_name = {name: key for key, name in THREE_PUBLIC_ITEMS}
    values: dict[str, Decimal] = {}
    change = "与2024年持平，无增减变化。"
    for key, value in figures.items():
        if key == "change":
            change = str(value)
            continue
        key = by_name.get(key, key)
        if key not in names:
            raise ValueError(f"three_public: unknown item {key!r}; use one of {sorted(names)} or change")
        values[key] = Decimal(str(value))
    for key in ("overseas", "vehicle_purchase", "vehicle_operation", "reception"):
        values.setdefault(key, Decimal(0))
    values.setdefault("vehicles", values["vehicle_purchase"] + values["vehicle_operation"])
    values.setdefault("total", values["overseas"] + values["vehicles"] + values["reception"])

    def cell(key: str) -> str:
        return f"{values[key]:.2f}" if values[key] else ""

    def prose(key: str) -> str:
        return f"{values[key]:.2f}" if values[key] else "0"

    rows = tuple(
        (str(number), name, cell(key), cell(key), "", "")
        for number, (key, name) in enumerate(THREE_PUBLIC_ITEMS, start=1)
    )
    table = doc.table(_THREE_PUBLIC_KIND)
    tables = tuple(
        replace(t, pages=(TablePage(rows, t.pages[0].index_label),), note="") if t is table else t
        for t in doc.tables
    )
    sentence = (
        f"{doc.year}年，{_THREE_PUBLIC_PROSE_START}{prose('total')}万元，其中因公出国（境）费"
        f"{prose('overseas')}万元；公务用车购置及运维费{prose('vehicles')}万元（其中：公务用车购置费为"
        f"{prose('vehicle_purchase')}万元，公务用车运维费{prose('vehicle_operation')}万元）；公务接待费"
        f"{prose('reception')}万元。{change}"
    )
    found = False

    def swap(block: Block) -> Block:
        nonlocal found
        if isinstance(block, Text) and _THREE_PUBLIC_PROSE_START in block.text:
            found = True
            return replace(block, text=sentence)
        return block

    explanation = tuple(tuple(swap(block) for block in chunk) for chunk in doc.explanation)
    if not found:
        raise ValueError("three_public: the document has no 三公 paragraph to restate")
    return replace(doc, tables=tables, explanation=explanation)


def _yuan_amount(text: str) -> str:
    if not SEED_AMOUNT.match(text):
        return text
    return f"{Decimal(text) * 10000:,.2f}"


def _in_yuan(doc: Disclosure) -> Disclosure:
    tables = tuple(
        replace(
            table,
            unit="元",
            pages=tuple(
                replace(page, rows=tuple(tuple(_yuan_amount(c) for c in row) for row in page.rows))
                for page in table.pages
            ),
        )
        for table in doc.tables
    )

    def convert(block: Block) -> Block:
        if isinstance(block, ProjectTable):
            return replace(
                block,
                unit=block.unit.replace("万元", "元"),
                budget=_yuan_amount(block.budget),
                fiscal_funds=_yuan_amount(block.fiscal_funds),
                other_funds=_yuan_amount(block.other_funds),
            )
        if isinstance(block, Grid):
            return _map_text(block, lambda s: s.replace("单位：万元", "单位：元"))
        return block

    explanation = tuple(tuple(convert(block) for block in chunk) for chunk in doc.explanation)
    return replace(doc, tables=tables, explanation=explanation)


def _as_final_accounts(doc: Disclosure) -> Disclosure:
    def retitle(text: str) -> str:
        return text.replace("部门预算", "部门决算")

    tables = tuple(
        replace(
            table,
            title=retitle(table.title),
            note=table.note.replace("预算，空表列示", "决算，空表列示"),
            header=replace(
                table.header,
                rows=tuple(tuple(c.replace("预算数", "决算数") for c in row) for row in table.header.rows),
            ),
        )
        for table in doc.tables
    )
    explanation = _map_text(doc.explanation, retitle)
    toc = tuple((retitle(text), page) for text, page in doc.toc)
    return replace(doc, stage="决算", tables=tables, explanation=explanation, toc=toc)


_NOT_TEXT = {"style", "wide_column", "kind", "plan"}  # str fields that are not printed text


def _map_text(value, fn: Callable[[str], str]):
    """Apply ``fn`` to every printed string inside ``value`` (dataclasses and tuples)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(_map_text(item, fn) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.name == "plan":
                changes[f.name] = tuple((fn(label), span) for label, span in item)
            elif f.name not in _NOT_TEXT:
                changes[f.name] = _map_text(item, fn)
        return replace(value, **changes)
    return value


def _find_table(doc: Disclosure, name: str) -> StatementTable:
    wanted = name.replace(" ", "")
    for table in doc.tables:
        if wanted in (table.kind, table.title.replace(" ", "")):
            return table
    # Else a fragment of one title only (三公).
    matches = [table for table in doc.tables if wanted and wanted in table.title.replace(" ", "")]
    if len(matches) == 1:
        return matches[0]
    raise ValueError(f"no table {name!r}; tables are {[t.kind for t in doc.tables]}")


def column_paths(header: Header) -> list[tuple[str, ...]]:
    """Each grid column's header texts from top to bottom, spaces removed (合计; 本年收入, 小计)."""
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for c0, r0, c1, r1 in header.spans:
        for c in range(c0, c1 + 1):
            for r in range(r0, r1 + 1):
                owner[(c, r)] = (c0, r0)
    paths = []
    for c in range(header.width):
        path: list[str] = []
        for r in range(len(header.rows)):
            oc, orow = owner.get((c, r), (c, r))
            text = header.rows[orow][oc].replace(" ", "")
            if text and (not path or path[-1] != text):
                path.append(text)
        paths.append(tuple(path))
    return paths


def _column_index(table: StatementTable, column: str | int) -> int:
    if isinstance(column, int):
        if not 0 <= column < table.header.width:
            raise ValueError(f"{table.kind} has no column {column}")
        return column
    wanted = tuple(part for part in column.replace(" ", "").split("/") if part)
    paths = column_paths(table.header)
    matches = [i for i, path in enumerate(paths) if path[-len(wanted) :] == wanted]
    if len(matches) != 1:
        known = ["/".join(p) for p in paths]
        problem = "ambiguous" if matches else "unknown"
        raise ValueError(f"{problem} column {column!r} in {table.kind}; columns are {known}")
    return matches[0]


def _row_position(table: StatementTable, row: str | int) -> tuple[int, int]:
    wanted = str(row).replace(" ", "")
    tiers: list[Callable[[Row], bool]] = [lambda r: r[0] == wanted]
    if table.code_column is not None:
        code = table.code_column
        tiers.append(lambda r: r[code].replace(" ", "") == wanted)
    tiers.append(lambda r: any(c.replace(" ", "") == wanted for c in r))
    for test in tiers:
        found = [
            (p, i) for p, page in enumerate(table.pages) for i, cells in enumerate(page.rows) if test(cells)
        ]
        if len(found) > 1:
            raise ValueError(f"row {row!r} is ambiguous in {table.kind}: {len(found)} rows match")
        if found:
            return found[0]
    raise ValueError(f"no row {row!r} in {table.kind}")


def _with_overrides(doc: Disclosure, overrides: Overrides) -> Disclosure:
    for key, value in overrides.items():
        if key[0] == "prose":
            old = key[1]
            hits = 0

            def swap(text: str, old: str = old, new: str = value) -> str:
                nonlocal hits
                hits += text.count(old)
                return text.replace(old, new)

            explanation = _map_text(doc.explanation, swap)
            if not hits:
                raise ValueError(f"prose override: {old!r} is not in the explanation")
            doc = replace(doc, explanation=explanation)
            continue
        table = _find_table(doc, key[0])
        if len(key) == 2:
            attribute = key[1]
            if attribute not in ("unit", "title", "note"):
                raise ValueError(f"override {key!r}: the second item must be unit, title or note")
            new_table = replace(table, **{attribute: value})
        elif len(key) == 3:
            page_index, row_index = _row_position(table, key[1])
            column = _column_index(table, key[2])
            page = table.pages[page_index]
            cells = list(page.rows[row_index])
            cells[column] = value
            rows = page.rows[:row_index] + (tuple(cells),) + page.rows[row_index + 1 :]
            pages = list(table.pages)
            pages[page_index] = replace(page, rows=rows)
            new_table = replace(table, pages=tuple(pages))
        else:
            raise ValueError(
                f"override key {key!r}: use (table, row, column), (table, attribute) or (prose, old)"
            )
        doc = replace(doc, tables=tuple(new_table if t is table else t for t in doc.tables))
    return doc


def indicator_rows(project: ProjectTable) -> list[Row]:
    """A project's indicator rows with the seed's page breaks undone (cut cells joined)."""
    rows: list[Row] = []
    for page_index, page in enumerate(project.pages):
        for row_index, row in enumerate(page):
            # A row that opens a continuation page with 一级/二级/三级 blank and text further right
            # is the rest of the previous page's last row.
            if page_index and not row_index and rows and not any(row[:3]) and any(row[3:]):
                rows[-1] = tuple(a + b for a, b in zip(rows[-1], row, strict=True))
            else:
                rows.append(row)
    return rows


def _paginate(rows: list[Row], breaks: Sequence[int | tuple[int, int]]) -> tuple[tuple[Row, ...], ...]:
    pages: list[tuple[Row, ...]] = []
    current: list[Row] = []
    position = 0
    for item in breaks:
        count, cut = (item, None) if isinstance(item, int) else item
        if not position <= count <= len(rows) or (cut is not None and count == len(rows)):
            raise ValueError(f"project break {item!r} is outside rows {position}..{len(rows)}")
        current.extend(rows[position:count])
        position = count
        if cut is not None:
            row = rows[count]
            current.append(row[:-1] + (row[-1][:cut],))
            pages.append(tuple(current))
            current = [("",) * (len(row) - 1) + (row[-1][cut:],)]
            position = count + 1
        else:
            pages.append(tuple(current))
            current = []
    current.extend(rows[position:])
    pages.append(tuple(current))
    return tuple(pages)


def _with_project_breaks(doc: Disclosure, breaks: ProjectBreaks) -> Disclosure:
    projects = [block for chunk in doc.explanation for block in chunk if isinstance(block, ProjectTable)]
    new: dict[int, ProjectTable] = {}
    for number, project_breaks in breaks.items():
        if not 1 <= number <= len(projects):
            raise ValueError(f"no project {number}; the document has {len(projects)}")
        project = projects[number - 1]
        new[id(project)] = replace(project, pages=_paginate(indicator_rows(project), project_breaks))
    explanation = tuple(tuple(new.get(id(block), block) for block in chunk) for chunk in doc.explanation)
    return replace(doc, explanation=explanation)


def _split_code(code: str, parts: int) -> tuple[str, ...]:
    code = code.replace(" ", "")
    return (code[:3], code[3:5], code[5:7])[:parts]


def _with_split_codes(doc: Disclosure) -> Disclosure:
    tables = []
    for table in doc.tables:
        cc = table.code_column
        if cc is None:
            tables.append(table)
            continue
        group = table.header.rows[0][cc]
        parts = 2 if "经济分类" in group else 3  # economic codes have 类 and 款 only
        extra = parts - 1
        top, second = table.header.rows[0], table.header.rows[1]
        rows = (
            top[: cc + 1] + ("",) * extra + top[cc + 1 :],
            second[:cc] + ("类", "款", "项")[:parts] + second[cc + 1 :],
            *table.header.rows[2:],
        )
        spans = []
        for c0, r0, c1, r1 in table.header.spans:
            if c0 > cc:
                spans.append((c0 + extra, r0, c1 + extra, r1))
            elif c1 >= cc:
                spans.append((c0, r0, c1 + extra, r1))
            else:
                spans.append((c0, r0, c1, r1))
        pages = tuple(
            replace(page, rows=tuple(r[:cc] + _split_code(r[cc], parts) + r[cc + 1 :] for r in page.rows))
            for page in table.pages
        )
        tables.append(replace(table, header=Header(rows, tuple(spans)), pages=pages))
    return replace(doc, tables=tuple(tables))


# ---------------------------------------------------------------------------------------------
# Layout helpers


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap_text(
    text: str, width: float, size: float, first_indent: float = 0.0, prefer_spaces: bool = False
) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points, the way Word breaks Chinese.

    Breaks fall between Chinese characters or at spaces, never inside a number or a Latin word
    (unless it is wider than a line), not before closing or after opening punctuation. With
    ``prefer_spaces`` a line breaks at its last space when it has one, as two-line table headers
    (一般公共预算 / 财政拨款) do. ``\n`` in ``text`` is a forced break.
    """
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        current = ""
        limit = width - first_indent if number == 0 else width
        for token in _TOKEN.findall(paragraph):
            if not current and token.isspace():
                continue
            if _width(current + token, size) <= limit or not current:
                current += token
            else:
                rest = "" if token.isspace() else token
                last = _LAST_TOKEN.search(current)
                if token in _NO_LINE_START and last and last.start() and not current[-1].isspace():
                    # Carry the last word over rather than start a line with punctuation.
                    line, current = current[: last.start()], last.group() + token
                elif prefer_spaces and " " in current.strip():
                    cut = current.rstrip().rfind(" ")
                    line, current = current[:cut], current[cut + 1 :] + rest
                else:
                    line, carried = current, ""
                    while len(line) > 1 and line[-1] in _NO_LINE_END:
                        line, carried = line[:-1], line[-1] + carried
                    current = carried + rest
                lines.append(line.rstrip())
                limit = width
            # Only a Latin run wider than the whole line gets here too wide: cut it.
            while len(current) > 1 and _width(current, size) > limit:
                keep = len(current) - 1
                while keep > 1 and _width(current[:keep], size) > limit:
                    keep -= 1
                lines.append(current[:keep].rstrip())
                current, limit = current[keep:].lstrip(), width
        lines.append(current.rstrip())
    return lines


def _style(size: float, leading: float | None = None, align: int = TA_LEFT, **kwargs) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}-{align}",
        fontName=FONT,
        fontSize=size,
        leading=leading or size * 1.4,
        alignment=align,
        **kwargs,
    )


def _para(
    text: str,
    width: float,
    size: float,
    *,
    align: int = TA_LEFT,
    leading: float | None = None,
    indent: float = 0.0,
    space_before: float = 0.0,
    space_after: float = 0.0,
) -> Paragraph:
    """A paragraph whose line breaks are decided by ``wrap_text`` rather than by reportlab."""
    lines = wrap_text(text, width - 1, size, first_indent=indent)
    markup = "<br/>".join(escape(line) for line in lines)
    style = _style(
        size, leading, align, firstLineIndent=indent, spaceBefore=space_before, spaceAfter=space_after
    )
    return Paragraph(markup, style)


class _Mark(Flowable):
    """Zero-size flowable recording the page it lands on, for ``Rendered.page_map``."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label
        # Travel with what follows: a heading pushed to the next page takes its mark along.
        self.keepWithNext = True

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        pass


def _turn_page(canv, doc) -> None:
    """Store a landscape page as a portrait one with /Rotate 90, its content drawn turned."""
    width, height = doc.pagesize
    canv.setPageSize((height, width))
    canv.translate(height, 0)
    canv.rotate(90)


class _DocTemplate(BaseDocTemplate):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.marks: list[tuple[str, int]] = []

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab's hook name)
        if isinstance(flowable, _Mark):
            self.marks.append((flowable.label, self.page))


def _fit_columns(header: Header, body: Iterable[Row], width: float) -> tuple[list[float], float]:
    """Column widths filling ``width``, and the font size that lets every amount and name fit.

    Data cells must fit on one line, with a little room to spare; header cells may wrap, but get
    up to four characters' width when there is room, as exported tables do. If even the data do
    not fit at the smallest font size, the page is shrunk as a whole (``_Story``).
    """
    body = list(body)
    columns = header.width
    # Header texts of cells one column wide; wider merged cells wrap within their span.
    single: list[list[str]] = [[] for _ in range(columns)]
    origin = {(c0, r0): (c0, r0, c1, r1) for c0, r0, c1, r1 in header.spans}
    covered = {
        (c, r)
        for c0, r0, c1, r1 in header.spans
        for c in range(c0, c1 + 1)
        for r in range(r0, r1 + 1)
        if (c, r) != (c0, r0)
    }
    for r, row in enumerate(header.rows):
        for c, text in enumerate(row):
            span = origin.get((c, r))
            if (c, r) not in covered and (span is None or span[0] == span[2]):
                single[c].append(text)
    size = GRID_SIZE
    while True:
        pad = 2 * CELL_PAD
        hard = []
        soft = []
        for c in range(columns):
            texts = [row[c] for row in body if c < len(row) and row[c]]
            need = max([_width(t, size) + size for t in texts] + [2 * size]) + pad
            want = max([min(_width(t, size), 4 * size) for t in single[c]] + [0]) + pad
            hard.append(need)
            soft.append(max(need, want))
        if sum(hard) <= width or size <= MIN_GRID_SIZE:
            break
        size = max(MIN_GRID_SIZE, size - 0.5)
    if sum(soft) <= width:
        extra = width - sum(soft)
        total = sum(soft)
        return [s + extra * s / total for s in soft], size
    give = width - sum(hard)
    wish = sum(s - h for s, h in zip(soft, hard, strict=True)) or 1.0
    return [h + max(give, 0) * (s - h) / wish for s, h in zip(soft, hard, strict=True)], size


def _grid(
    header_rows: Sequence[Row],
    spans: Sequence[tuple[int, int, int, int]],
    body: Sequence[Row],
    widths: Sequence[float],
    size: float,
    *,
    body_spans: Sequence[tuple[int, int, int, int]] = (),
    body_align: Callable[[int, int, str], str] | None = None,
    ruled: bool = True,
) -> Table:
    """A ruled reportlab Table: header rows centred, body cells aligned by ``body_align``.

    Unruled (``ruled=False``), only a rule above the first row and below the last is drawn.
    """
    leading = size * 1.22
    header_count = len(header_rows)
    all_spans = list(spans) + [
        (c0, r0 + header_count, c1, r1 + header_count) for c0, r0, c1, r1 in body_spans
    ]
    span_width: dict[tuple[int, int], float] = {}
    hidden = set()
    for c0, r0, c1, r1 in all_spans:
        span_width[(c0, r0)] = sum(widths[c0 : c1 + 1])
        for c in range(c0, c1 + 1):
            for r in range(r0, r1 + 1):
                if (c, r) != (c0, r0):
                    hidden.add((c, r))
    data = []
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), FONT, size, leading),
        *(
            [("GRID", (0, 0), (-1, -1), 0.6, colors.black)]
            if ruled
            else [
                ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.black),
            ]
        ),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD),
    ]
    if header_count:
        commands.append(("ALIGN", (0, 0), (-1, header_count - 1), "CENTER"))
    for r, row in enumerate([*header_rows, *body]):
        cells = []
        for c, text in enumerate(row):
            if (c, r) in hidden:
                cells.append("")
                continue
            room = span_width.get((c, r), widths[c]) - 2 * CELL_PAD
            cells.append("\n".join(wrap_text(text, room, size, prefer_spaces=True)) if text else "")
            if r >= header_count:
                align = body_align(r - header_count, c, text) if body_align else "LEFT"
                if align != "LEFT":
                    commands.append(("ALIGN", (c, r), (c, r), align))
        data.append(cells)
    commands += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in all_spans]
    return Table(data, colWidths=list(widths), style=TableStyle(commands), hAlign="LEFT")


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
        self.flowables.append(_Mark(label))
        # A table page must stay one PDF page, as in the seed: shrink it rather than let it spill.
        self.flowables.append(KeepInFrame(0, 0, flowables, mode="shrink"))

    def explanation_page(self, blocks: Sequence[Block], label: str | None = None) -> None:
        if self.flowables:
            self.flowables.append(PageBreak())
        if label:
            self.flowables.append(_Mark(label))
        for block in blocks:
            if isinstance(block, Text):
                if block.style == "heading":
                    self.flowables.append(_Mark(block.text))
                self.flowables.append(_text_flowable(block, self.width))
            elif isinstance(block, Grid):
                self.flowables.append(_grid_flowable(block, self.width))
            else:
                self.project_count += 1
                label = f"项目{self.project_count}"
                for index, fragment in enumerate(_project_fragments(block, self.width)):
                    if index:
                        self.flowables.append(PageBreak())
                    self.flowables.append(_Mark(label))
                    self.flowables.append(KeepInFrame(0, 0, fragment, mode="shrink"))


def _meta_lines(doc: Disclosure, unit: str, width: float) -> list:
    return [
        _para(f"{doc.department_code} {doc.department}", width, 10, leading=15),
        _para(f"{doc.stage}年度：{doc.year}", width, 10, leading=15),
        _para(f"单位：{unit}", width, 10, leading=15, align=TA_RIGHT, space_after=3),
    ]


def _statement_page(
    doc: Disclosure, table: StatementTable, index: int, width: float, *, ruled: bool = True
) -> list:
    page = table.pages[index]
    header = table.header
    index_row = (page.index_label, *(str(i) for i in range(1, header.width)))
    body_all = [row for p in table.pages for row in p.rows]
    widths, size = _fit_columns(header, [*body_all, index_row], width)
    flowables: list = []
    if index == 0:
        flowables.append(_para(table.title, width, 16, align=TA_CENTER, leading=24, space_after=6))
    flowables += _meta_lines(doc, table.unit, width)
    flowables.append(
        _grid(
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
        flowables.append(_para(table.note, width, 10))
    return flowables


def _text_flowable(block: Text, width: float) -> Paragraph:
    if block.style == "title":
        return _para(block.text, width, 15, align=TA_CENTER, leading=24, space_after=10)
    if block.style == "heading":
        return _para(block.text, width, 12, leading=20, space_before=6, space_after=2)
    if block.style in ("subheading", "plain"):
        return _para(block.text, width, PROSE_SIZE, leading=PROSE_LEADING)
    return _para(block.text, width, PROSE_SIZE, leading=PROSE_LEADING, indent=2 * PROSE_SIZE)


def _grid_flowable(grid: Grid, width: float) -> KeepInFrame:
    widths, size = _fit_columns(grid.header, grid.rows, width)
    flowables: list = [_para(grid.title, width, 12, align=TA_CENTER, leading=20, space_before=6)]
    for line in grid.lines:
        align = TA_RIGHT if line.startswith("单位：") else TA_LEFT
        flowables.append(_para(line, width, 10, leading=15, align=align))
    flowables.append(Spacer(1, 3))
    flowables.append(_grid(grid.header.rows, grid.header.spans, grid.rows, widths, size))
    for note in grid.notes:
        flowables.append(_para(note, width, 9.5, leading=15, space_before=3))
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
            table = _grid(
                (), (), top + body, widths, size, body_spans=spans + shifted, body_align=first_align
            )
            fragments.append(
                [
                    _para(project.title, width, PROSE_SIZE, leading=PROSE_LEADING),
                    _para(project.unit, width, 10, leading=15, align=TA_RIGHT),
                    table,
                ]
            )
        else:
            six = widths[:wide] + [widths[wide] + widths[wide + 1]] + widths[wide + 2 :]
            header = [project.continuation_header or INDICATOR_HEADER]
            body_spans = _merge_blank_spans(rows, (0, 1))
            table = _grid(
                header, (), list(rows), six, size, body_spans=body_spans, body_align=continuation_align
            )
            fragments.append([table])
    return fragments


def _toc_flowables(doc: Disclosure, width: float) -> list:
    flowables: list = []
    entries = []
    for text, page in doc.toc:
        if page is None:
            if entries:
                flowables.append(_toc_table(entries, width))
                entries = []
            big = not flowables
            flowables.append(
                _para(
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


# ---------------------------------------------------------------------------------------------
# Command line


def _parse_pairs(text: str) -> dict[str, str]:
    pairs = {}
    for item in filter(None, text.split(",")):
        key, _, value = item.partition("=")
        pairs[key.strip()] = value.strip()
    return pairs


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m tests.pdfgen OUT.pdf [variants]`` or ``--sample``."""
    parser = argparse.ArgumentParser(prog="python -m tests.pdfgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", help="PDF to write")
    parser.add_argument("--sample", action="store_true", help=f"write {SAMPLE_PATH.relative_to(REPO)}")
    parser.add_argument("--landscape", action="store_true")
    parser.add_argument("--yuan", action="store_true", help="amounts in 元 with thousands separators")
    parser.add_argument("--split-codes", action="store_true", help="codes as 类 | 款 | 项 columns")
    parser.add_argument("--final-accounts", action="store_true", help="a 决算 document")
    parser.add_argument("--toc", action="store_true", help="add the table of contents as a first page")
    parser.add_argument(
        "--three-public", metavar="K=V,…", help="filled 三公 table, e.g. overseas=2,reception=1.2"
    )
    parser.add_argument("--cell", action="append", default=[], metavar="TABLE:ROW:COLUMN=VALUE")
    parser.add_argument("--unit", action="append", default=[], metavar="TABLE=UNIT")
    parser.add_argument("--prose", action="append", default=[], metavar="OLD=NEW")
    parser.add_argument(
        "--project-breaks",
        action="append",
        default=[],
        metavar="N:B,B",
        help="re-break project N after B indicator rows (B or B/K to cut inside a row)",
    )
    args = parser.parse_args(argv)
    if args.sample:
        out = SAMPLE_PATH
    elif args.out:
        out = Path(args.out)
    else:
        parser.error("give OUT.pdf or --sample")
    overrides: dict[tuple, str] = {}
    for spec in args.cell:
        where, _, value = spec.partition("=")
        table, row, column = where.split(":", 2)
        overrides[(table, row, int(column) if column.isdigit() else column)] = value
    for spec in args.unit:
        table, _, unit = spec.partition("=")
        overrides[(table, "unit")] = unit
    for spec in args.prose:
        old, _, new = spec.partition("=")
        overrides[("prose", old)] = new
    project_breaks: dict[int, list[int | tuple[int, int]]] = {}
    for spec in args.project_breaks:
        number, _, items = spec.partition(":")
        project_breaks[int(number)] = [
            tuple(int(x) for x in item.split("/")) if "/" in item else int(item)  # type: ignore[misc]
            for item in filter(None, items.split(","))
        ]
    rendered = render_disclosure(
        out,
        landscape=args.landscape,
        yuan=args.yuan,
        split_codes=args.split_codes,
        final_accounts=args.final_accounts,
        three_public=_parse_pairs(args.three_public) if args.three_public else None,
        overrides=overrides or None,
        project_breaks=project_breaks or None,
        toc=args.toc,
    )
    print(f"wrote {rendered.path} ({rendered.pages} pages)")
    for label, pages in rendered.page_map.items():
        print(f"  {label}: {', '.join(map(str, pages))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
