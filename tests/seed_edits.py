"""Finding and rewriting places in a printed document (``seedpdf.document``), for the variants of
tests/pdfgen.py: every printed string, a table by name, a column by its header path, a row by its
序号, code or text, a project's indicator rows and how they break over pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import replace

from seedpdf.document import Header, ProjectTable, Row, SeedDocument, StatementTable

_NOT_TEXT = {"style", "wide_column", "kind", "plan"}  # str fields that are not printed text

# The rows of the 三公 table, by the key a generated document gives each figure (the keys of
# tests.pdfgen's ``three_public`` variant, and the figures tests.budgets draws).
THREE_PUBLIC_ITEMS = (
    ("total", "合计"),
    ("overseas", "因公出国（境）费"),
    ("vehicles", "公务用车购置及运行维护费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
    ("reception", "公务接待费"),
)


def map_text(value, fn: Callable[[str], str]):
    """Apply ``fn`` to every printed string inside ``value`` (dataclasses and tuples)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(map_text(item, fn) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.name == "plan":
                changes[f.name] = tuple((fn(label), span) for label, span in item)
            elif f.name not in _NOT_TEXT:
                changes[f.name] = map_text(item, fn)
        return replace(value, **changes)
    return value


def find_table(doc: SeedDocument, name: str) -> StatementTable:
    """The table of this kind or printed title (spaces ignored), else the one title holding it."""
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


def column_index(table: StatementTable, column: str | int) -> int:
    """A grid column by index, or by its header path's last parts (合计, 支出/预算数); one only."""
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


def row_position(table: StatementTable, row: str | int) -> tuple[int, int]:
    """(page, row) of the one row whose 序号, else code, else any cell is ``row``."""
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


def paginate(rows: list[Row], breaks: Sequence[int | tuple[int, int]]) -> tuple[tuple[Row, ...], ...]:
    """Indicator rows broken into pages: after ``n`` rows, or inside row ``n + 1`` at ``(n, k)``."""
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


def split_code(code: str, parts: int) -> tuple[str, ...]:
    """A classification code as its 类, 款 and 项 (the first ``parts``): 2080501 → 208, 05, 01."""
    code = code.replace(" ", "")
    return (code[:3], code[3:5], code[5:7])[:parts]


# Header leaves of columns that print labels (序号, codes, names), not amounts.
LABEL_LEAVES = {"序号", "科目编码", "科目名称", "类", "款", "项", "项目"}


def amount_columns(table: StatementTable) -> list[int]:
    """The grid columns of a table that hold amounts: every column whose header leaf is no label."""
    return [
        c for c, path in enumerate(column_paths(table.header)) if c and path and path[-1] not in LABEL_LEAVES
    ]


def without_column(header: Header, column: int) -> Header:
    """The header with one grid column removed; spans over it shrink, spans right of it shift."""
    rows = tuple(row[:column] + row[column + 1 :] for row in header.rows)
    spans = []
    for c0, r0, c1, r1 in header.spans:
        if c0 == c1 == column:
            continue
        if c0 > column:
            c0 -= 1
        if c1 >= column:
            c1 -= 1
        if (c0, r0) != (c1, r1):
            spans.append((c0, r0, c1, r1))
    rows = list(rows)
    # A span that began at the removed column keeps its text in its new first cell.
    for c0, r0, c1, _ in header.spans:
        if c0 == column and c1 > column and not rows[r0][column]:
            rows[r0] = rows[r0][:column] + (header.rows[r0][column],) + rows[r0][column + 1 :]
    return Header(tuple(rows), tuple(spans))


def with_band(header: Header, amounts: Sequence[int], label: str) -> Header:
    """The header with one more line on top: ``label`` over the contiguous ``amounts`` columns,
    and every label column's top cell (or span) grown up into the new line."""
    width = header.width
    first, last = min(amounts), max(amounts)
    band = [""] * width
    band[first] = label
    lower = [list(row) for row in header.rows]
    spans = [(c0, r0 + 1, c1, r1 + 1) for c0, r0, c1, r1 in header.spans]
    grown = []
    for index, (c0, r0, c1, r1) in enumerate(spans):
        if r0 == 1 and c1 < first:
            band[c0], lower[0][c0] = lower[0][c0], ""
            spans[index] = (c0, 0, c1, r1)
            grown.extend(range(c0, c1 + 1))
    for c in range(first):
        if c not in grown:
            band[c], lower[0][c] = lower[0][c], ""
            spans.append((c, 0, c, 1))
    if last > first:
        spans.append((first, 0, last, 0))
    return Header((tuple(band), *(tuple(row) for row in lower)), tuple(spans))
