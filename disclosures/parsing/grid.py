"""Building a page's geometry (``page.PageLayout``): its ruled table grids, their cells, and the
text lines around them.

``lay_out`` lays a page out once for every reader. pdfplumber finds the grids and the text
of each cell; a grid drawn inside another (a boxed note in a cell) is not a table of its own.
Each grid knows the text lines printed above and below it and whether it is the first or last
on its page; each cell its squeezed, tidied and raw text.

The table parser reads a grid's drawn cells (``rows``), split here into a header (the column
headers, possibly several rows deep, with merged cells) and data rows, each column with a
role: 序号, code, item (row name) or amount. Nothing here knows which of the nine tables this
is; that is decided from the title in ``tables.py``. The project and explanation parsers read
``full_rows``, which add the text printed in a row where no cell was drawn.
"""

from __future__ import annotations

import re

from disclosures.parsing.page import Cell, Column, Grid, PageLayout, TextLine
from disclosures.parsing.text import is_amount, squeeze

ORDINAL_RE = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）]|其中)")
TOTAL_LABELS = {"合计", "总计", "小计", "收入总计", "支出总计", "收入合计", "支出合计"}
# A row of column numbers under the header: 栏次 1 2 3 … (some exports print 档次).
COLUMN_NUMBER_LABELS = {"栏次", "档次"}
# Rows above the header that belong to the page, not the table: 部门：… 单位：万元.
PREAMBLE_RE = re.compile(
    r"(单\s*位\s*[:：]|部\s*门\s*[:：]|部门名称|编制部门|单位名称\s*[:：]|表\s*([（(][^）)]*[)）])?\s*$)"
)


def lay_out(page, tables, lines: list[dict], extra: list[Grid] | None = None) -> PageLayout:
    """Lay out a page from the tables pdfplumber found on it and its text lines.

    Grids drawn inside another grid are dropped: a box inside a multi-row grid is a note in
    one of its cells (a boxed 执行率/分值 note); a one-row frame around a whole table does not
    swallow the table inside it.
    """
    boxes = [t.bbox for t in tables]
    grids = [
        grid_from_table(table, page)
        for index, table in enumerate(tables)
        if not any(
            other != index and len(tables[other].rows) > 1 and _inside(table.bbox, boxes[other])
            for other in range(len(tables))
        )
    ]
    grids += extra or []
    grids.sort(key=lambda g: (g.top, g.x0))
    if grids:
        grids[0].first_on_page = True
        grids[-1].last_on_page = True
    text_lines = [TextLine(ln["text"], ln["top"], ln["bottom"], ln["x0"], ln["x1"]) for ln in lines]
    outside = [line for line in text_lines if line.text.strip() and not any(g.holds(line) for g in grids)]
    for line in outside:
        middle = (line.top + line.bottom) / 2
        following = next((g for g in grids if g.top >= middle), None)
        if following is not None:
            following.above.append(line.text)
        elif grids:
            grids[-1].below.append(line.text)
    return PageLayout(number=page.page_number, grids=grids, lines=text_lines, outside=outside)


def _inside(inner, outer) -> bool:
    return (
        inner != outer
        and inner[0] >= outer[0] - 1
        and inner[1] >= outer[1] - 1
        and inner[2] <= outer[2] + 1
        and inner[3] <= outer[3] + 1
    )


def grid_from_table(table, page) -> Grid:
    """Build a Grid from a pdfplumber Table found on a page."""
    texts = table.extract()
    rows: list[list[Cell]] = []
    for row, row_texts in zip(table.rows, texts, strict=True):
        cells = []
        for bbox, text in zip(row.cells, row_texts, strict=True):
            if bbox is None:  # covered by a merged cell to the left or above
                continue
            x0, top, x1, bottom = bbox
            cells.append(Cell(text or "", x0, x1, top, bottom))
        rows.append(cells)
    x0, top, x1, bottom = table.bbox
    drawn = [cell for cells in rows for cell in cells]
    full_rows = [
        sorted([*cells, *_undrawn_cells(page, row.bbox, drawn, x0, x1)], key=lambda c: c.x0)
        for row, cells in zip(table.rows, rows, strict=True)
    ]
    n_cols = max((len(r.cells) for r in table.rows), default=0)
    grid = Grid(
        page=page.page_number,
        top=top,
        bottom=bottom,
        x0=x0,
        x1=x1,
        rows=rows,
        full_rows=full_rows,
        n_cols=n_cols,
    )
    _split_header(grid)
    return grid


def _undrawn_cells(page, band, cells: list[Cell], left: float, right: float) -> list[Cell]:
    """Text inside the grid on this row where no cell was drawn.

    Some exports leave out a cell's borders, so pdfplumber finds no cell there even though a
    label is printed in it: the universities' vertical 年度总体目标 beside the goals, once a
    project breaks over a page. Stretches of the row that no cell of any row covers are read
    as cells of their own.
    """
    _, top, _, bottom = band
    covering = sorted((c.x0, c.x1) for c in cells if c.top < bottom - 1 and c.bottom > top + 1)
    gaps, cursor = [], left
    for x0, x1 in covering:
        if x0 > cursor + 5:
            gaps.append((cursor, x0))
        cursor = max(cursor, x1)
    if right > cursor + 5:
        gaps.append((cursor, right))
    found = []
    for x0, x1 in gaps:
        text = page.crop((x0, top, x1, bottom), strict=False).extract_text()
        if text.strip():
            found.append(Cell(text, x0, x1, top, bottom))
    return found


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


def grid_from_text(page, region) -> Grid | None:
    """Build a Grid from a table printed without ruling lines, inside ``region`` of a page.

    pdfplumber's text strategy finds such a table's rows but not its header: headers wrap
    within narrow columns and merged headers are centred over several, so its columns are
    guessed from where words happen to line up. Here the columns are the bands that the data
    lines (and the 栏次 line, which numbers every column) fill; each header word is a cell
    over the bands it covers the middle of, stacked words of one column being one cell; each
    data line is a grid row with a cell per band. The Grid then goes through the same header
    and column reading as a ruled one.
    """
    cropped = page.crop(region, strict=False)
    # A space printed inside a cell (210110 1, 合 计) keeps the words one; cells are apart.
    words = cropped.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=True)
    if not words:
        return None
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and word["top"] - lines[-1][0]["top"] <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    numbers = next(
        (i for i, line in enumerate(lines) if _is_column_numbers([squeeze(w["text"]) for w in line])), None
    )
    if numbers is not None:
        start = numbers + 1
    else:
        start = next(
            (
                i
                for i, line in enumerate(lines)
                if any(is_amount(w["text"]) and "." in w["text"] for w in line)
            ),
            len(lines),
        )
    header_lines = lines[: numbers if numbers is not None else start]
    data_lines = lines[start:]
    band_words = [w for line in data_lines for w in line]
    if numbers is not None:
        band_words += lines[numbers]
    if not band_words:
        return None
    bands: list[list] = []  # [x0, x1, holds a 栏次 number, holds amounts only, holds data]
    numbered = {id(w) for w in lines[numbers]} if numbers is not None else set()
    for word in sorted(band_words, key=lambda w: w["x0"]):
        number, amount = id(word) in numbered, id(word) not in numbered and is_amount(word["text"])
        if bands and word["x0"] <= bands[-1][1] + 1:
            band = bands[-1]
            band[1] = max(band[1], word["x1"])
            band[2] = band[2] or number
            band[3] = band[3] and (amount or number)
            band[4] = band[4] or not number
        else:
            bands.append([word["x0"], word["x1"], number, amount or number, not number])
    if numbers is not None:
        bands = _merge_unnumbered(bands)
    left, top, right, bottom = region
    edges = [left] + [(a[1] + b[0]) / 2 for a, b in zip(bands, bands[1:], strict=False)] + [right]
    spans = [(edges[i], edges[i + 1]) for i in range(len(bands))]

    def band_of(x: float) -> int:
        return min(
            range(len(bands)),
            key=lambda i: (
                0 if spans[i][0] <= x <= spans[i][1] else 1 + abs((bands[i][0] + bands[i][1]) / 2 - x)
            ),
        )

    # Header: words grouped into cells by the bands they cover, stacked lines joined.
    header_words = [w for line in header_lines for w in line]
    groups: list[tuple[tuple[int, ...], list[dict]]] = []
    for line in header_lines:
        for index, word in enumerate(line):
            width = word["x1"] - word["x0"]
            covered = tuple(
                i
                for i, (x0, x1) in enumerate(spans)
                if min(x1, word["x1"]) - max(x0, word["x0"]) >= 0.25 * width
            ) or (band_of((word["x0"] + word["x1"]) / 2),)
            if line is header_lines[0]:
                covered = _spread(covered, word, line, index, spans, header_words)
            open_group = next(
                (g for g in reversed(groups) if g[0] == covered and word["top"] - g[1][-1]["bottom"] < 8),
                None,
            )
            if open_group is None:
                groups.append((covered, [word]))
            else:
                open_group[1].append(word)
    header: list[Cell] = []
    for covered, group in groups:
        text = "\n".join(w["text"] for w in group)
        header.append(
            Cell(
                text,
                spans[covered[0]][0],
                spans[covered[-1]][1],
                min(w["top"] for w in group),
                max(w["bottom"] for w in group),
            )
        )
    rows: list[list[Cell]] = []
    if header:
        rows.append(sorted(header, key=lambda c: c.x0))
    for line in ([lines[numbers]] if numbers is not None else []) + data_lines:
        by_band: dict[int, list[dict]] = {}
        for word in line:
            by_band.setdefault(band_of((word["x0"] + word["x1"]) / 2), []).append(word)
        rows.append(
            [
                Cell(
                    " ".join(w["text"] for w in ws),
                    spans[i][0],
                    spans[i][1],
                    min(w["top"] for w in ws),
                    max(w["bottom"] for w in ws),
                )
                for i, ws in sorted(by_band.items())
            ]
        )
    grid = Grid(
        page=page.page_number,
        top=lines[0][0]["top"],
        bottom=max(w["bottom"] for w in lines[-1]),
        x0=left,
        x1=right,
        rows=rows,
        full_rows=rows,
        n_cols=len(bands),
        unruled=True,
    )
    _split_header(grid)
    return grid


def _spread(covered, word, line, index, spans, header_words) -> tuple[int, ...]:
    """A merged header on the header's top line (收入 over 项目 and 预算数) is printed centred
    over its columns, so it may cover the middle of only one of them: it also spans the
    neighbouring columns on its side of the midpoints to the words beside it on its line,
    whose headers all lie below it."""
    left = (line[index - 1]["x1"] + word["x0"]) / 2 if index else float("-inf")
    right = (word["x1"] + line[index + 1]["x0"]) / 2 if index + 1 < len(line) else float("inf")
    if index == 0 and index + 1 == len(line):
        return covered

    def free(band: int) -> bool:
        x0, x1 = spans[band]
        inside = [w for w in header_words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1]
        return bool(inside) and all(w["top"] > word["bottom"] for w in inside)

    first, last = covered[0], covered[-1]
    while first > 0 and sum(spans[first - 1]) / 2 >= left and free(first - 1):
        first -= 1
    while last + 1 < len(spans) and sum(spans[last + 1]) / 2 <= right and free(last + 1):
        last += 1
    return tuple(range(first, last + 1))


def _merge_unnumbered(bands: list[list]) -> list[list]:
    """Where a 栏次 line numbers every column, a band of data with no number is part of the
    column beside it whose number stands apart from its data: amounts printed to the right of
    their column's centred number, names to the left of theirs."""
    merged = [band[:] for band in bands]
    index = 0
    while index < len(merged):
        band = merged[index]
        if band[2]:
            index += 1
            continue
        left = merged[index - 1] if index else None
        right = merged[index + 1] if index + 1 < len(merged) else None
        order = [left, right] if band[3] else [right, left]
        target = next((b for b in order if b is not None and b[2] and not b[4]), None)
        if target is None:
            index += 1
            continue
        target[0], target[1] = min(target[0], band[0]), max(target[1], band[1])
        target[4] = True
        merged.pop(index)
    return merged
