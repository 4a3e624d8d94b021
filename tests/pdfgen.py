"""Variants of the seed's rendering: a registry of named, composable knobs, one place each.

A variant is either a change to the document before it is printed (amounts in 元, codes split
into 类 | 款 | 项 columns, a 决算, a filled 三公 table, deliberate errors, project tables broken
over other pages; and the layout variations: header lines, spaced headers, numbering rows, codes
in the name or absent, no 合计 row, rows per page, blanks, titles, redacted amounts) or an option
of ``seedpdf.render_document`` (landscape, rotated pages, a table of contents, tables without
ruling lines or with horizontal rules only, footers, several tables per page, turned or landscape
tables inside a portrait document, overprinted titles, an embedded font, the tables' text size,
characters written out of reading order). Each is registered once, below, with its
command-line flags; ``render_disclosure(path, doc, **variants)`` combines any of them on the seed or
any other document (tests/budgets.py draws random ones), the document changes in registry order.
The seed itself and its renderer are the ``seedpdf`` package (outside tests/, as the demo renders
its sample with it).

Command line (``--help`` lists every variant)::

    python -m tests.pdfgen OUT.pdf [--landscape] [--rotated] [--toc] [--unruled] [--yuan]
        [--split-codes] [--final-accounts]
        [--three-public overseas=2.00,vehicle_purchase=0,vehicle_operation=3.50,reception=1.20]
        [--cell 收入总表:20805:合计=537.45] [--unit 三公=元] [--prose 870.37万元=870.38万元]
        [--project-breaks 2:3,7] [--horizontal-rules] [--header-lines 3] [--numbering '**']
        [--codes in_name] [--no-total-row] [--tables-per-page 3] [--rotated-table 支出总表] …
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from seedpdf import SEED, Rendered, SeedDocument, render_document
from seedpdf.document import Block, Grid, Header, ProjectTable, Row, StatementTable, TablePage, Text
from tests.seed_edits import (
    THREE_PUBLIC_ITEMS,
    amount_columns,
    column_index,
    column_paths,
    find_table,
    indicator_rows,
    map_text,
    paginate,
    row_position,
    split_code,
    with_band,
    without_column,
)

SEED_AMOUNT = re.compile(r"^-?\d+\.\d{2}$")  # amounts as the seed prints them (万元, no separators)

_THREE_PUBLIC_KIND = "财政拨款“三公”经费支出表"
_THREE_PUBLIC_PROSE_START = "我部门财政拨款“三公”经费预算安排"

Overrides = Mapping[tuple, str]
ProjectBreaks = Mapping[int, Sequence[int | tuple[int, int]]]


# ---------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class Option:
    """A command-line flag of a variant: a switch giving ``value``, or, with ``read``, a flag that
    may repeat, each use read into entries of the variant's mapping."""

    flag: str
    read: Callable[[str], dict] | None = None
    value: object = True
    metavar: str | None = None
    # A flag taking one value, read by ``convert`` (int); with ``repeat`` it may repeat, the
    # values collected in a tuple.
    convert: Callable[[str], object] | None = None
    repeat: bool = False

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


@dataclass(frozen=True)
class Variant:
    """One way of printing the seed otherwise: a named knob, composable with the others.

    ``change(doc, value)`` rewrites the document; a variant without one is passed on to
    ``seedpdf.render_document`` as the keyword of its name (page geometry, ruling, contents),
    value as given. A document change given None or False is left out.
    """

    name: str
    help: str
    options: tuple[Option, ...]
    change: Callable[[SeedDocument, Any], SeedDocument] | None = None


VARIANTS: dict[str, Variant] = {}
"""Every variant by name, document changes in the order they are applied."""


def layout_option(name: str, help: str, *options: Option) -> None:
    """Register a keyword of ``seedpdf.render_document`` as a variant."""
    VARIANTS[name] = Variant(name, help, options)


def variant(name: str, *options: Option):
    """Register the decorated ``change(doc, value)`` as a variant; its docstring is its help."""

    def register(change: Callable[[SeedDocument, Any], SeedDocument]):
        help = (change.__doc__ or "").strip().split("\n\n")[0]
        VARIANTS[name] = Variant(name, " ".join(help.split()), options, change)
        return change

    return register


def build_document(doc: SeedDocument = SEED, **variants) -> SeedDocument:
    """The document with the document-changing variants applied, as data (render it with
    ``seedpdf.render_document``). Layout options are refused here: they change no data."""
    _check_names(variants)
    for variant in VARIANTS.values():
        value = variants.get(variant.name)
        if value is None or value is False:
            continue
        if variant.change is None:
            raise TypeError(f"{variant.name} is a layout option: give it to render_disclosure")
        doc = variant.change(doc, value)
    return doc


def render_disclosure(path: str | Path, doc: SeedDocument = SEED, **variants) -> Rendered:
    """Render ``doc`` (the seed by default) with the variants asked for (see ``VARIANTS``), and
    write it to ``path``. ``Rendered.document`` is the document as printed, variants applied."""
    _check_names(variants)
    layout = {name: value for name, value in variants.items() if VARIANTS[name].change is None}
    changes = {name: value for name, value in variants.items() if name not in layout}
    return render_document(path, build_document(doc, **changes), **layout)


def _check_names(variants: Mapping[str, object]) -> None:
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        raise TypeError(f"unknown variants {unknown}; the variants are {list(VARIANTS)}")


# ---------------------------------------------------------------------------------------------
# Reading the variants' flags


def _parse_pairs(text: str) -> dict[str, str]:
    """``overseas=2,reception=1.2`` → {"overseas": "2", "reception": "1.2"}."""
    pairs = {}
    for item in filter(None, text.split(",")):
        key, _, value = item.partition("=")
        pairs[key.strip()] = value.strip()
    return pairs


def _cell_override(text: str) -> dict[tuple, str]:
    where, _, value = text.partition("=")
    table, row, column = where.split(":", 2)
    return {(table, row, int(column) if column.isdigit() else column): value}


def _unit_override(text: str) -> dict[tuple, str]:
    table, _, unit = text.partition("=")
    return {(table, "unit"): unit}


def _prose_override(text: str) -> dict[tuple, str]:
    old, _, new = text.partition("=")
    return {("prose", old): new}


def _breaks(text: str) -> dict[int, list[int | tuple[int, int]]]:
    """``2:3,7/4`` → {2: [3, (7, 4)]}: project 2 breaks after 3 rows and inside row 8."""
    number, _, items = text.partition(":")
    return {
        int(number): [
            tuple(int(x) for x in item.split("/")) if "/" in item else int(item)  # type: ignore[misc]
            for item in filter(None, items.split(","))
        ]
    }


# ---------------------------------------------------------------------------------------------
# Layout options (seedpdf.render_document's keywords)

layout_option("landscape", "print every page landscape", Option("--landscape"))
layout_option(
    "rotated",
    "landscape pages stored as portrait ones with /Rotate 90, as some exports do",
    Option("--rotated"),
)
layout_option(
    "toc",
    "add the table of contents as an unnumbered first page (every page number one more than printed)",
    Option("--toc"),
)
layout_option(
    "ruled",
    "ruled=False: the nine tables without grid lines, only a rule above and below each; "
    'ruled="horizontal": a rule under every row, none between columns (Word/WPS exports)',
    Option("--unruled", value=False),
    Option("--horizontal-rules", value="horizontal"),
)
layout_option("footers", "第 N 页 printed at the foot of every page", Option("--footers"))
layout_option(
    "tables_per_page",
    "up to N consecutive one-page tables printed on one page, one under the other",
    Option("--tables-per-page", convert=int, metavar="N"),
)
layout_option(
    "rotated_tables",
    "these tables' pages turned (/Rotate 90) inside a portrait document",
    Option("--rotated-table", convert=str, repeat=True, metavar="KIND"),
)
layout_option(
    "landscape_tables",
    "these tables' pages landscape inside a portrait document",
    Option("--landscape-table", convert=str, repeat=True, metavar="KIND"),
)
layout_option(
    "project_rules",
    'project tables ruled False (a rule above and below only) or "horizontal" (rules under rows only)',
    Option("--unruled-projects", value=False),
    Option("--horizontal-rules-projects", value="horizontal"),
)
layout_option(
    "unruled_tables",
    "these tables printed unruled while the others are ruled (with --tables-per-page: side by side)",
    Option("--unruled-table", convert=str, repeat=True, metavar="KIND"),
)
layout_option(
    "bold_titles",
    "each table title drawn N times a fraction of a point apart (bold faked by overprinting)",
    Option("--bold-titles", convert=int, metavar="N"),
)

layout_option(
    "font",
    'the font: "STSong-Light" (built in, not embedded) or "embedded" (a TrueType Chinese font '
    "embedded in the file, fonts-wqy-microhei)",
    Option("--font", convert=str, metavar="STSong-Light|embedded"),
)
layout_option(
    "font_size",
    "the statement tables' text size in points (9 by default), rows as tall as it needs",
    Option("--font-size", convert=float, metavar="PT"),
)
layout_option(
    "char_order",
    'char_order="shuffled": each table cell\'s characters written in a shuffled order, each in its '
    "place, as some exporters write their content streams",
    Option("--shuffled-chars", value="shuffled"),
)

# ---------------------------------------------------------------------------------------------
# Document changes, in the order they are applied: so cell overrides name columns as the seed
# prints them (预算数, 科目编码), before final_accounts and split_codes rename them.


@variant("three_public", Option("--three-public", read=_parse_pairs, metavar="K=V,…"))
def _with_three_public(doc: SeedDocument, figures: Mapping[str, object]) -> SeedDocument:
    """A filled 三公 table, and section 四's prose stating the same figures.

    Keys: ``overseas`` (因公出国（境）费), ``vehicle_purchase`` (公务用车购置费),
    ``vehicle_operation`` (公务用车运行维护费), ``reception`` (公务接待费), optionally
    ``vehicles`` and ``total`` (computed when missing), the Chinese row names also accepted;
    values in 万元 (str, int, float or Decimal). A zero prints as an empty cell and as 0 in the
    prose. ``change`` replaces the closing sentence (与2024年持平，无增减变化。).
    """
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


@variant("yuan", Option("--yuan"))
def _in_yuan(doc: SeedDocument, _: bool) -> SeedDocument:
    """Unit 元: amounts ×10000 with thousands separators (8,703,700.00), 单位：元 printed.

    Every amount of the nine tables, the project tables' 预算数 and the explanation's grids is
    converted; the prose keeps its 万元 figures, as real documents do.
    """
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
            return map_text(block, lambda s: s.replace("单位：万元", "单位：元"))
        return block

    explanation = tuple(tuple(convert(block) for block in chunk) for chunk in doc.explanation)
    return replace(doc, tables=tables, explanation=explanation)


@variant(
    "overrides",
    Option("--cell", read=_cell_override, metavar="TABLE:ROW:COLUMN=VALUE"),
    Option("--unit", read=_unit_override, metavar="TABLE=UNIT"),
    Option("--prose", read=_prose_override, metavar="OLD=NEW"),
)
def _with_overrides(doc: SeedDocument, overrides: Overrides) -> SeedDocument:
    """Other text printed in chosen places, to inject errors.

    Keys:

    * ``(table, row, column)`` → the cell's new text, printed as given (no 元 conversion).
      ``table`` is a kind (收入总表) or printed title; ``row`` a 序号 (``"6"``), a code
      (``"20805"``, spaces ignored) or a cell's text (``"收入总计"``); ``column`` a grid column
      index (0 = 序号) or a leaf header (``"合计"``, ``"财政拨款收入"``), with its parent where
      the leaf is ambiguous (``"支出/预算数"``). Spaces in headers are ignored.
    * ``(table, "unit")`` → the unit printed above that table (``"元"``), amounts unchanged;
      ``(table, "title")`` and ``(table, "note")`` likewise.
    * ``("prose", old)`` → ``new``: replace text everywhere in the explanation (paragraphs,
      project tables, grids).

    Each key must match something, or ValueError.
    """
    for key, value in overrides.items():
        if key[0] == "prose":
            old = key[1]
            hits = 0

            def swap(text: str, old: str = old, new: str = value) -> str:
                nonlocal hits
                hits += text.count(old)
                return text.replace(old, new)

            explanation = map_text(doc.explanation, swap)
            if not hits:
                raise ValueError(f"prose override: {old!r} is not in the explanation")
            doc = replace(doc, explanation=explanation)
            continue
        table = find_table(doc, key[0])
        if len(key) == 2:
            attribute = key[1]
            if attribute not in ("unit", "title", "note"):
                raise ValueError(f"override {key!r}: the second item must be unit, title or note")
            new_table = replace(table, **{attribute: value})
        elif len(key) == 3:
            page_index, row_index = row_position(table, key[1])
            column = column_index(table, key[2])
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


REDACTED = "****"


@variant("redacted", Option("--redacted"))
def _with_redactions(doc: SeedDocument, _: bool) -> SeedDocument:
    """Some amounts printed ``****``, as departments redact what they may not publish: in each
    coded table, every third row of the most detailed codes (项, economic 款), from the first,
    has its amounts redacted."""

    def change(table: StatementTable) -> StatementTable:
        cc = table.code_column
        rows = [r for page in table.pages for r in page.rows]
        if cc is None or not rows:
            return table
        leaf = max(len(r[cc].replace(" ", "")) for r in rows)
        leaves = [r for r in rows if leaf > 3 and len(r[cc].replace(" ", "")) == leaf]
        hidden = {id(r) for r in leaves[::3]}
        amounts = set(amount_columns(table))

        def row(cells: Row) -> Row:
            if id(cells) not in hidden:
                return cells
            return tuple(REDACTED if c in amounts and cell else cell for c, cell in enumerate(cells))

        return replace(
            table, pages=tuple(replace(page, rows=tuple(row(r) for r in page.rows)) for page in table.pages)
        )

    return _tables(doc, change)


@variant("final_accounts", Option("--final-accounts"))
def _as_final_accounts(doc: SeedDocument, _: bool) -> SeedDocument:
    """A 决算: titles 部门决算…, 决算年度：2025, 决算数 for 预算数, and 部门决算 in the prose."""

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
    explanation = map_text(doc.explanation, retitle)
    toc = tuple((retitle(text), page) for text, page in doc.toc)
    return replace(doc, stage="决算", tables=tables, explanation=explanation, toc=toc)


@variant("project_breaks", Option("--project-breaks", read=_breaks, metavar="N:B,B/K"))
def _with_project_breaks(doc: SeedDocument, breaks: ProjectBreaks) -> SeedDocument:
    """``{project number: breaks}`` re-breaks a project's indicator rows over pages.

    The seed's breaks are undone (a cell cut by a break is joined again), then each break ``n``
    ends a page after ``n`` indicator rows, and ``(n, k)`` ends it inside row ``n + 1``: its last
    cell keeps ``k`` characters and the rest starts the next page on a row of its own. ``()``
    puts every indicator row on the first page.
    """
    projects = [block for chunk in doc.explanation for block in chunk if isinstance(block, ProjectTable)]
    new: dict[int, ProjectTable] = {}
    for number, project_breaks in breaks.items():
        if not 1 <= number <= len(projects):
            raise ValueError(f"no project {number}; the document has {len(projects)}")
        project = projects[number - 1]
        new[id(project)] = replace(project, pages=paginate(indicator_rows(project), project_breaks))
    explanation = tuple(tuple(new.get(id(block), block) for block in chunk) for chunk in doc.explanation)
    return replace(doc, explanation=explanation)


@variant("no_total_row", Option("--no-total-row"))
def _without_total_row(doc: SeedDocument, _: bool) -> SeedDocument:
    """Coded tables print no 合计 row; the department's own row (its code and name) carries the
    totals, as unit-level exports do. Applied before the codes are split, put in the names or left
    out (split_codes, codes), which print the department's code as they print the others."""

    def change(table: StatementTable) -> StatementTable:
        cc = table.code_column
        if cc is None:
            return table

        def row(cells: Row) -> Row:
            if cells[cc + 1].replace(" ", "") != "合计":
                return cells
            return cells[:cc] + (doc.department_code, doc.department) + cells[cc + 2 :]

        return replace(
            table, pages=tuple(replace(page, rows=tuple(row(r) for r in page.rows)) for page in table.pages)
        )

    return _tables(doc, change)


@variant("split_codes", Option("--split-codes"))
def _with_split_codes(doc: SeedDocument, _: bool) -> SeedDocument:
    """Codes printed as 类 | 款 | 项 columns (208 | 05 | 01; economic codes 类 | 款), as
    Shanghai's template does."""
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
            replace(page, rows=tuple(r[:cc] + split_code(r[cc], parts) + r[cc + 1 :] for r in page.rows))
            for page in table.pages
        )
        tables.append(replace(table, header=Header(rows, tuple(spans)), pages=pages))
    return replace(doc, tables=tuple(tables))


# Layout variations of the statement tables (tests/budgets.py draws them for the property test).
# Applied after the changes above, so they see the headers and codes as finally printed.

_CJK_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,3}$")


def _tables(doc: SeedDocument, change: Callable[[StatementTable], StatementTable]) -> SeedDocument:
    return replace(doc, tables=tuple(change(table) for table in doc.tables))


@variant("header_lines", Option("--header-lines", convert=int, metavar="1-4"))
def _with_header_lines(doc: SeedDocument, lines: int) -> SeedDocument:
    """Column headers on ``lines`` lines (1 to 4) where a table allows it.

    One line: a coded table whose only group is over its code and name (支出总表) prints its leaf
    headers on one line. Three and four: a coded table gets one or two more lines on top, a group
    (本年预算, 部门预算) spanning all its amount columns, the label columns grown up into them.
    Two-sided tables keep their two lines.
    """
    if not 1 <= lines <= 4:
        raise ValueError("header_lines: 1 to 4")

    def change(table: StatementTable) -> StatementTable:
        header = table.header
        amounts = amount_columns(table)
        if table.code_column is None or not amounts or len(header.rows) != 2:
            return table
        if lines == 1:
            grouped = [span for span in header.spans if span[2] > span[0]]
            if any(span[2] >= min(amounts) for span in grouped):
                return table
            leaves = tuple(path[-1] if path else "" for path in column_paths(header))
            return replace(table, header=Header((leaves,)))
        for label in ("本年预算", "部门预算")[: lines - 2]:
            header = with_band(header, amounts, label)
        return replace(table, header=header)

    return _tables(doc, change)


@variant("spaced_headers", Option("--spaced-headers"))
def _with_spaced_headers(doc: SeedDocument, _: bool) -> SeedDocument:
    """Short header cells printed with spaces between their characters (合 计, 小 计, 序 号)."""

    def change(table: StatementTable) -> StatementTable:
        rows = tuple(
            tuple(" ".join(cell) if _CJK_LABEL.match(cell) else cell for cell in row)
            for row in table.header.rows
        )
        return replace(table, header=replace(table.header, rows=rows))

    return _tables(doc, change)


@variant("codes", Option("--codes", convert=str, metavar="in_name|absent"))
def _with_codes(doc: SeedDocument, style: str) -> SeedDocument:
    """Where the classification code is printed: ``in_name`` (no code column; the name cell
    reads ``[2080501]行政单位离退休``) or ``absent`` (no code at all)."""
    if style not in ("in_name", "absent"):
        raise ValueError("codes: in_name or absent")

    def change(table: StatementTable) -> StatementTable:
        cc = table.code_column
        if cc is None:
            return table

        def row(cells: Row) -> Row:
            code = cells[cc].replace(" ", "")
            name = f"[{code}]{cells[cc + 1]}" if style == "in_name" and code else cells[cc + 1]
            return cells[:cc] + (name,) + cells[cc + 2 :]

        pages = tuple(replace(page, rows=tuple(row(r) for r in page.rows)) for page in table.pages)
        return replace(table, header=without_column(table.header, cc), pages=pages, code_column=None)

    return _tables(doc, change)


@variant("numbering", Option("--numbering", convert=str, metavar="栏次|行次|**|none"))
def _with_numbering(doc: SeedDocument, label: str) -> SeedDocument:
    """The column-number row under the header: ``栏次``/``行次``/``档次`` then 1 2 3 …, ``**``
    (``** ** ** 1 2 3 …``: label columns starred), or ``none`` (no numbering row)."""
    label = "" if label == "none" else label

    def change(table: StatementTable) -> StatementTable:
        return replace(table, pages=tuple(replace(page, index_label=label) for page in table.pages))

    return _tables(doc, change)


@variant("rows_per_page", Option("--rows-per-page", convert=int, metavar="N"))
def _with_rows_per_page(doc: SeedDocument, count: int) -> SeedDocument:
    """Every table's rows re-broken into pages of ``count`` rows (the header repeated on each)."""
    if count < 1:
        raise ValueError("rows_per_page: at least 1")

    def change(table: StatementTable) -> StatementTable:
        rows = [r for page in table.pages for r in page.rows]
        if not rows:
            return table
        label = table.pages[0].index_label
        pages = tuple(TablePage(tuple(rows[i : i + count]), label) for i in range(0, len(rows), count))
        return replace(table, pages=pages)

    return _tables(doc, change)


@variant("total_alone", Option("--total-alone"))
def _with_total_alone(doc: SeedDocument, _: bool) -> SeedDocument:
    """The last row of each two-sided table (收入总计 | 支出总计) alone on a spill-over page."""

    def change(table: StatementTable) -> StatementTable:
        if table.code_column is not None or not table.pages[-1].rows or len(table.pages[-1].rows) < 2:
            return table
        last = table.pages[-1]
        if not last.rows[-1][1].replace(" ", "").endswith("总计"):
            return table
        pages = (*table.pages[:-1], replace(last, rows=last.rows[:-1]), replace(last, rows=last.rows[-1:]))
        return replace(table, pages=pages)

    return _tables(doc, change)


@variant("broken_rows", Option("--broken-rows"))
def _with_broken_rows(doc: SeedDocument, _: bool) -> SeedDocument:
    """In coded tables, the row at the foot of each page breaks over the page: the first half of
    its name stays with its amounts, the rest opens the next page on a row of its own (no 序号,
    no code, no amounts), as the seed's 收入总表 prints 财政对其他社会保险基金的 / 补助."""

    def change(table: StatementTable) -> StatementTable:
        cc = table.code_column
        if cc is None or len(table.pages) < 2:
            return table
        pages = list(table.pages)
        for index in range(len(pages) - 1):
            last = pages[index].rows[-1] if pages[index].rows else None
            if not last or len(last[cc + 1]) < 4 or not pages[index + 1].rows:
                continue
            name = last[cc + 1]
            cut = len(name) // 2
            rest: Row = ("",) * (cc + 1) + (name[cut:],) + ("",) * (len(last) - cc - 2)
            pages[index] = replace(
                pages[index], rows=(*pages[index].rows[:-1], last[: cc + 1] + (name[:cut],) + last[cc + 2 :])
            )
            pages[index + 1] = replace(pages[index + 1], rows=(rest, *pages[index + 1].rows))
        return replace(table, pages=tuple(pages))

    return _tables(doc, change)


@variant("blanks", Option("--blanks", convert=str, metavar="-|—|0.00"))
def _with_blanks(doc: SeedDocument, mark: str) -> SeedDocument:
    """An empty amount cell of a coded table printed as ``mark`` (``-``, ``—``, ``0.00``)."""

    def change(table: StatementTable) -> StatementTable:
        if table.code_column is None:
            return table
        amounts = set(amount_columns(table))

        def row(cells: Row) -> Row:
            if not cells[0]:  # the rest of a row broken over a page: its cells are the same cells
                return cells
            return tuple(mark if c in amounts and not cell else cell for c, cell in enumerate(cells))

        return replace(
            table, pages=tuple(replace(page, rows=tuple(row(r) for r in page.rows)) for page in table.pages)
        )

    return _tables(doc, change)


@variant("title_style", Option("--title-style", convert=str, metavar="numbered|department"))
def _with_title_style(doc: SeedDocument, style: str) -> SeedDocument:
    """Table titles ``numbered`` (表3 部门预算支出总表) or naming the ``department`` and year
    (张家口市总工会2025年部门预算支出总表)."""
    if style not in ("numbered", "department"):
        raise ValueError("title_style: numbered or department")
    tables = tuple(
        replace(
            table,
            title=f"表{number} {table.title}"
            if style == "numbered"
            else f"{doc.department}{doc.year}年{table.title}",
        )
        for number, table in enumerate(doc.tables, start=1)
    )
    return replace(doc, tables=tables)


# ---------------------------------------------------------------------------------------------
# Command line


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tests.pdfgen OUT.pdf [variants]``: the flags come from the registry."""
    parser = argparse.ArgumentParser(prog="python -m tests.pdfgen", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="PDF to write")
    for variant in VARIANTS.values():
        for option in variant.options:
            if option.convert is not None:
                action = {"type": option.convert, "metavar": option.metavar}
                if option.repeat:
                    action["action"] = "append"
            elif option.read is None:
                action = {"action": "store_const", "const": option.value}
            else:
                action = {"action": "append", "default": [], "metavar": option.metavar}
            parser.add_argument(option.flag, dest=option.dest, help=variant.help, **action)
    args = parser.parse_args(argv)
    chosen: dict[str, Any] = {}
    for variant in VARIANTS.values():
        for option in variant.options:
            given = getattr(args, option.dest)
            if option.convert is not None and given is not None:
                chosen[variant.name] = tuple(given) if option.repeat else given
            elif option.read is None and given is not None:
                chosen[variant.name] = given
            elif option.read is not None:
                for text in given:
                    chosen.setdefault(variant.name, {}).update(option.read(text))
    rendered = render_disclosure(args.out, **chosen)
    print(f"wrote {rendered.path} ({rendered.pages} pages)")
    for label, pages in rendered.page_map.items():
        print(f"  {label}: {', '.join(map(str, pages))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
