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
from dataclasses import dataclass, field, replace

from pdfplumber.utils import extract_text as pdfplumber_text

from disclosures.parsing.page import Cell, Column, Grid, PageLayout, TextLine
from disclosures.parsing.text import is_amount, squeeze

ORDINAL_RE = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）]|其中)")
TOTAL_LABELS = {"合计", "总计", "小计", "收入总计", "支出总计", "收入合计", "支出合计"}
# A row of column numbers under the header: 栏次 1 2 3 … (some exports print 档次, or 行次, or
# star the label columns: ** ** ** 1 2 3 …).
COLUMN_NUMBER_LABELS = {"栏次", "档次"}
NUMBERING_LABELS = {*COLUMN_NUMBER_LABELS, "行次"}
STARS_RE = re.compile(r"^\*+$")
# A line ending in the unit, its colon printed apart (单位 万元).
UNIT_LINE_RE = re.compile(r"单\s*位\s*[:：]?\s*(万\s*)?元\s*$")
# What an amount cell prints for "nothing" (as tables.NOT_A_NUMBER_RE): dashes and slashes.
BLANK_MARK_RE = re.compile(r"^[-—－–/／―]+$")
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
    texts = _texts_by_top(table, page) if _straddles_rules(table, page) else table.extract()
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


def _straddles_rules(table, page) -> bool:
    """Whether the text of the table's rows is printed across the rules between them.

    Some templates print each row's codes and amounts low, across the rule under the row (its
    name sits higher, inside it). pdfplumber places a character by its middle, which then falls
    below the rule: the codes and amounts land in the next row and every name is one row off.
    A fifth of the characters crossing a rule is such a table, not a stray mark.
    """
    rules = [row.bbox[1] for row in table.rows[1:]]
    x0, top, x1, bottom = table.bbox
    chars = [
        c
        for c in page.chars
        if c["text"].strip() and x0 <= c["x0"] and c["x1"] <= x1 and top <= c["top"] and c["bottom"] <= bottom
    ]
    if not rules or not chars:
        return False
    crossing = sum(1 for c in chars if any(c["top"] < y - 1 and c["bottom"] > y + 1 for y in rules))
    return crossing >= 0.2 * len(chars)


def _texts_by_top(table, page) -> list[list[str | None]]:
    """The cells' texts, as ``table.extract()`` gives them, with each character crossing a rule
    between rows (or the table's last rule) placed in the row where its top is (see
    ``_straddles_rules``); the others by their middle, as pdfplumber places them."""
    rules = [row.bbox[1] for row in table.rows[1:]] + [table.bbox[3]]

    def row_point(char) -> float:
        if any(char["top"] < y - 1 and char["bottom"] > y + 1 for y in rules):
            return char["top"] + 1
        return (char["top"] + char["bottom"]) / 2

    chars = [(c, row_point(c), (c["x0"] + c["x1"]) / 2) for c in page.chars]  # unclipped
    texts: list[list[str | None]] = []
    for row in table.rows:
        cells: list[str | None] = []
        for bbox in row.cells:
            if bbox is None:
                cells.append(None)
                continue
            x0, top, x1, bottom = bbox
            cells.append(pdfplumber_text([c for c, y, x in chars if x0 <= x < x1 and top <= y < bottom]))
        texts.append(cells)
    return texts


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
    """Whether a row numbers the columns (栏次 1 2 3 …, 行次 1 2 3 …, ** ** ** 1 2 3 …): never data.

    行次 alone is also the header of a row-number column, so after it the numbers must follow.
    """
    if not texts:
        return False
    if texts[0] in COLUMN_NUMBER_LABELS:
        return True
    numbers = texts[1:] if texts[0] in NUMBERING_LABELS else texts
    numbers = [t for t in numbers if not STARS_RE.match(t)]  # label columns, starred
    return len(numbers) >= 2 and all(t.isdigit() and int(t) <= 40 for t in numbers) and _consecutive(numbers)


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


def header_columns(grid: Grid, header_rows: int) -> list[Column]:
    """The columns the grid's first ``header_rows`` rows after its preamble give, as its header."""
    start = len(grid.preamble)
    return _columns(grid.rows[start : start + header_rows])


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


_REDACTED = re.compile(r"^[*＊]+$")


@dataclass
class _Band:
    """A run of words side by side down an unruled table (``grid_from_text``): a column, or
    part of one. A blank mark (-, —) stands for an amount but says little of where its
    column's figures are."""

    x0: float
    x1: float
    numbered: bool = False  # holds a 栏次 number
    amounts: bool = True  # holds amounts only (or its number)
    data: bool = False  # holds data, not only its number or blank marks
    blanks: bool = False  # holds blank marks only
    lines: set[int] = field(default_factory=set)  # the data lines it has words on
    number: float | None = None  # the middle of its 栏次 number

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    def absorb(self, other: _Band) -> None:
        """Take ``other``'s words in: one band spanning both."""
        self.x0, self.x1 = min(self.x0, other.x0), max(self.x1, other.x1)
        self.numbered = self.numbered or other.numbered
        self.amounts = self.amounts and other.amounts
        self.data = self.data or other.data
        self.blanks = self.blanks and other.blanks
        self.lines |= other.lines
        self.number = self.number if self.number is not None else other.number


def grid_from_text(
    page, region, *, data_top: float | None = None, columns: list[Column] | None = None
) -> Grid | None:
    """Build a Grid from a table printed without ruling lines, inside ``region`` of a page.

    pdfplumber's text strategy finds such a table's rows but not its header: headers wrap
    within narrow columns and merged headers are centred over several, so its columns are
    guessed from where words happen to line up. Here the columns are the bands that the data
    lines (and the 栏次 line, which numbers every column) fill; each header word is a cell
    over the bands it covers the middle of, stacked words of one column being one cell; each
    data line is a grid row with a cell per band. The Grid then goes through the same header
    and column reading as a ruled one. ``data_top``: where the data starts, when known (below
    a header the page repeats from the page before, see ``pdf.repeated_header``); ``columns``:
    that table's columns, where the header is repeated in the same place (``_in_columns``:
    the page's own rows, few or redacted, would place them less well, 栏次 line or not).
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
        start = next((i for i, line in enumerate(lines) if _has_amounts(line)), len(lines))
    if numbers is None and data_top is not None:
        start = next((i for i, line in enumerate(lines) if line[0]["top"] >= data_top - 1), len(lines))
    elif numbers is None:
        start = _first_data_line(lines, start)
    if columns and 0 < start < len(lines):
        return _in_columns(page, region, lines, start, columns)
    header_lines = lines[: numbers if numbers is not None else start]
    data_lines = lines[start:]
    band_words = [w for line in data_lines for w in line]
    if numbers is not None:
        band_words += lines[numbers]
    if not band_words and not header_lines:
        return None
    bands: list[_Band] = []
    numbered = {id(w) for w in lines[numbers]} if numbers is not None else set()
    line_of = {id(w): index for index, line in enumerate(data_lines) for w in line}
    for word in sorted(band_words, key=lambda w: w["x0"]):
        if id(word) not in numbered and _REDACTED.match(squeeze(word["text"])):
            # A redacted figure (****) is often aligned as text, not as the figures of its column:
            # it says nothing of where a column runs, and is placed in one like any cell below.
            # (The ** of a numbering row ** ** ** 1 2 3 do: they number the label columns.)
            continue
        number = id(word) in numbered
        blank = not number and bool(BLANK_MARK_RE.match(squeeze(word["text"])))
        amount = not number and (blank or is_amount(word["text"]))
        on = set() if number else {line_of[id(word)]}
        middle = (word["x0"] + word["x1"]) / 2 if number else None
        band = _Band(
            word["x0"], word["x1"], number, amount or number, not (number or blank), blank, on, middle
        )
        if bands and word["x0"] <= bands[-1].x1 + 1:
            bands[-1].absorb(band)
        else:
            bands.append(band)
    bands = _merge_unnumbered(bands) if numbers is not None else _add_empty_columns(bands, header_lines)
    if not bands:
        return None
    left, top, right, bottom = region
    edges = [left] + [(a.x1 + b.x0) / 2 for a, b in zip(bands, bands[1:], strict=False)] + [right]
    spans = [(edges[i], edges[i + 1]) for i in range(len(bands))]

    def band_of(x: float) -> int:
        return min(
            range(len(bands)),
            key=lambda i: 0 if spans[i][0] <= x <= spans[i][1] else 1 + abs(bands[i].centre - x),
        )

    # Header: words grouped into cells by the bands they cover, stacked lines joined.
    header_words = [w for line in header_lines for w in line]
    following = lines[len(header_lines)] if len(header_lines) < len(lines) else None
    last_bottom = max((w["bottom"] for w in header_words), default=0.0)
    header_bottom = (last_bottom + min(w["top"] for w in following)) / 2 if following else last_bottom
    rules = _rules(cropped)
    labels = {i for i, band in enumerate(bands) if not band.amounts}  # names, codes, 序号
    # The column each redacted figure (****) of the data is placed in (``_placed``); every other
    # word is placed by where its middle lies.
    placed = {
        id(word): band
        for line in data_lines
        for word, band in _placed(line, [band_of((w["x0"] + w["x1"]) / 2) for w in line], len(bands))
        if _REDACTED.match(squeeze(word["text"]))
    }
    # What is printed in each column: its data and its leaf headers (a parent header centred
    # over several columns says nothing of where one of them starts or ends).
    printed = band_words + [w for w in header_words if not any(_over(w, o) for o in header_words)]

    extents = []
    for band, (x0, x1) in enumerate(spans):
        inside = [
            w
            for w in printed
            if (placed[id(w)] == band if id(w) in placed else x0 <= (w["x0"] + w["x1"]) / 2 <= x1)
        ]
        extents.append((min([w["x0"] for w in inside] or [x0]), max([w["x1"] for w in inside] or [x1])))
    groups: list[tuple[tuple[int, ...], list[dict]]] = []
    for line in header_lines:
        for index, word in enumerate(line):
            width = word["x1"] - word["x0"]
            covered = tuple(
                i
                for i, (x0, x1) in enumerate(extents)
                if min(x1, word["x1"]) - max(x0, word["x0"]) >= 0.25 * width
            ) or (band_of((word["x0"] + word["x1"]) / 2),)
            covered = _span(
                covered, word, line, index, spans, extents, header_words, rules, header_bottom, labels
            )
            open_group = next(
                (g for g in reversed(groups) if g[0] == covered and _one_cell(g[1][-1], word, rules)),
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
            band = placed[id(word)] if id(word) in placed else band_of((word["x0"] + word["x1"]) / 2)
            by_band.setdefault(band, []).append(word)
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
    if numbers is None and header and len(grid.preamble) == 0 and grid.header_rows > 1:
        # The header is the first row; a line with no amount under it (the rest of a row broken
        # over the page) is data, as _first_data_line found.
        grid.header_rows = 1
        grid.columns = _columns(grid.rows[:1])
    return grid


def _placed(line: list[dict], where: list[int], count: int) -> list[tuple[dict, int]]:
    """The words of a data line (left to right) with the column each is placed in, ``where``
    (by where its middle lies) but for a redacted figure (****) that falls in the column of the
    word before it: aligned left as text in its cell, it starts where its cell starts and
    reaches into the column before, while the figures are aligned right. It goes to the next
    column, when nothing else of the line is placed there."""
    placed = list(where)
    others = {
        band for word, band in zip(line, where, strict=True) if not _REDACTED.match(squeeze(word["text"]))
    }
    for index in range(1, len(line)):
        target = placed[index - 1] + 1
        if (
            placed[index] < target < count
            and _REDACTED.match(squeeze(line[index]["text"]))
            and target not in others
        ):
            placed[index] = target
    return list(zip(line, placed, strict=True))


def _in_columns(page, region, lines: list[list[dict]], start: int, columns: list[Column]) -> Grid:
    """A page that goes on with a table below its header repeated in the same place, read into
    that table's columns: a page of few rows (a total row alone) shows too little of where its
    columns lie to place them by itself. Each word goes to the column it lies in, else the
    nearest."""

    def column_of(word: dict) -> int:
        middle = (word["x0"] + word["x1"]) / 2
        return min(
            range(len(columns)),
            key=lambda i: max(columns[i].x0 - middle, middle - columns[i].x1, 0),
        )

    header_bottom = max(w["bottom"] for line in lines[:start] for w in line)
    header = [Cell(col.leaf, col.x0, col.x1, lines[0][0]["top"], header_bottom) for col in columns]
    rows = [header]
    for line in lines[start:]:
        by_column: dict[int, list[dict]] = {}
        for word, index in _placed(line, [column_of(w) for w in line], len(columns)):
            by_column.setdefault(index, []).append(word)
        row = []
        for i, ws in sorted(by_column.items()):
            # Two figures under one column stay two cells (see tables._settle_collisions).
            groups = [[w] for w in ws] if any(is_amount(w["text"]) for w in ws) else [ws]
            row += [
                Cell(
                    " ".join(w["text"] for w in group),
                    columns[i].x0,
                    columns[i].x1,
                    min(w["top"] for w in group),
                    max(w["bottom"] for w in group),
                )
                for group in groups
            ]
        rows.append(row)
    return Grid(
        page=page.page_number,
        top=lines[0][0]["top"],
        bottom=max(w["bottom"] for w in lines[-1]),
        x0=region[0],
        x1=region[2],
        rows=rows,
        full_rows=rows,
        n_cols=len(columns),
        header_rows=1,
        columns=[Column(path=col.path, x0=col.x0, x1=col.x1) for col in columns],
        unruled=True,
    )


def _has_amounts(line: list[dict]) -> bool:
    """Whether a line is a row of amounts, whatever their form: an amount with decimals, or a
    whole one printed after a name (合计 121 23; a number first, 224 某单位, is a code or a 序号)."""
    named = False
    for word in line:
        amount = is_amount(word["text"])
        if amount and ("." in word["text"] or named):
            return True
        named = named or not amount
    return False


def _first_data_line(lines: list[list[dict]], start: int) -> int:
    """With no 栏次 line, the data starts at the first line of amounts, or above it at the rest
    of a row broken over the page (补助 under a repeated header): lines printed at the row pitch
    right above it, with no amount, each word starting where a name or code of the data below
    starts (names are aligned left; headers are centred)."""
    data = [  # names and codes: not amounts, nor the blank marks printed in their columns
        w
        for line in lines[start:]
        for w in line
        if not is_amount(w["text"]) and not BLANK_MARK_RE.match(squeeze(w["text"]))
    ]
    starts = sorted({round(w["x0"], 1) for w in data})
    tops = [line[0]["top"] for line in lines[start:]]
    pitches = sorted(b - a for a, b in zip(tops, tops[1:], strict=False) if b > a)
    if not pitches:
        return start
    pitch = pitches[len(pitches) // 2]
    while start > 1:
        line = lines[start - 1]
        if lines[start][0]["top"] - line[0]["top"] > 1.2 * pitch:
            break
        if any(is_amount(w["text"]) for w in line):
            break
        if not all(any(abs(w["x0"] - x) <= 1.5 for x in starts) for w in line):
            break
        start -= 1
    return start


def _one_cell(above: dict, word: dict, rules: list[tuple[float, float, float]]) -> bool:
    """Whether a header word continues the one above it over the same columns (a header wrapped
    within its cell) rather than starting a header line of its own (部门预算 over 本年预算):
    the lines of a cell follow at the font's leading, with no rule drawn between them."""
    gap = word["top"] - above["bottom"]
    if gap >= 0.6 * (word["bottom"] - word["top"]):
        return False
    middle = (word["x0"] + word["x1"]) / 2
    return not any(above["bottom"] - 1 <= y <= word["top"] + 1 and x0 <= middle <= x1 for y, x0, x1 in rules)


def _rules(cropped) -> list[tuple[float, float, float]]:
    """The horizontal rules printed in a region, as (y, x0, x1): lines, and rectangles thin
    enough to be drawn as rules. Collinear pieces that touch are one rule."""
    pieces = [(ln["top"], ln["x0"], ln["x1"]) for ln in cropped.lines if abs(ln["top"] - ln["bottom"]) < 1]
    pieces += [(r["top"], r["x0"], r["x1"]) for r in cropped.rects if r["height"] < 2 and r["width"] > 5]
    rules: list[list[float]] = []
    for y, x0, x1 in sorted(pieces):
        if rules and abs(rules[-1][0] - y) < 1 and x0 <= rules[-1][2] + 1:
            rules[-1][2] = max(rules[-1][2], x1)
        else:
            rules.append([y, x0, x1])
    return [(y, x0, x1) for y, x0, x1 in rules]


def _span(
    covered, word, line, index, spans, extents, header_words, rules, header_bottom, labels=frozenset()
) -> tuple[int, ...]:
    """The columns a header word spans: a parent header spans its children.

    A merged header (本年收入 over 小计 | 财政拨款收入 | 事业收入) is printed centred over its
    columns, so it may cover the middle of only one of them. The columns it spans are those
    beside it whose headers all lie below it and start below it: a header merged down from its
    own line (合计 printed once over two header lines) sits lower than the word but starts on
    its line, which shows in its text being centred between the word's line and the header's
    bottom. Of those, where a rule is drawn under the word (tables with horizontal rules only),
    the rule says how far the word's cell reaches; else the word is centred over its columns.
    Words beside it on its own line bound it halfway; but a word over the name and code columns
    (功能分类科目 beside 本年预算, printed centred over all the amounts) bounds a group of amount
    columns only where those columns end: the amount columns between are the group's.
    """
    middle = (word["x0"] + word["x1"]) / 2
    left = _boundary(line[index - 1], word, extents) if index else float("-inf")
    right = _boundary(word, line[index + 1], extents) if index + 1 < len(line) else float("inf")
    if labels and not labels & set(covered):
        if index:
            left = min(left, _label_edge(line[index - 1], covered, spans, extents, labels, +1, left))
        if index + 1 < len(line):
            right = max(right, _label_edge(line[index + 1], covered, spans, extents, labels, -1, right))
    # Where the word's own cell ends. A word with no header above it starts at the header's
    # top, and its text is centred in its cell: merged down over several header lines
    # (功能分类科目 beside 部门预算 › 本年预算), the cell ends lower than its text.
    over = [w for w in header_words if _over(w, word)]
    top = min(w["top"] for w in header_words)
    cell_bottom = word["bottom"] if over else max(word["bottom"], word["top"] + word["bottom"] - top)

    def under(band: int) -> bool:
        x0, x1 = spans[band]
        inside = sorted(
            (
                w
                for w in header_words
                if w is not word and x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and w["bottom"] > word["top"] + 1
            ),
            key=lambda w: w["top"],
        )
        if not inside or inside[0]["top"] < word["bottom"] - 1:
            return False  # nothing under it, or a header on its own line
        stack = [inside[0]]
        for other in inside[1:]:
            if other["top"] - stack[-1]["bottom"] > 0.6 * (other["bottom"] - other["top"]):
                return True  # a header of its own line, with more below it: it starts there
            stack.append(other)
        # The lowest header of its column reaches the header's bottom: its text is centred
        # between where its cell starts and that bottom.
        centre = (stack[0]["top"] + stack[-1]["bottom"]) / 2
        return 2 * centre - header_bottom > cell_bottom - 1.5

    if not any(under(band) for band in covered):
        return covered  # nothing under it: a leaf
    first, last = covered[0], covered[-1]
    while first > 0 and sum(extents[first - 1]) / 2 >= left and under(first - 1):
        first -= 1
    while last + 1 < len(spans) and sum(extents[last + 1]) / 2 <= right and under(last + 1):
        last += 1
    below = [w for w in header_words if w["top"] >= word["bottom"] - 1]
    limit = min((w["top"] for w in below), default=header_bottom)
    rule = next(
        (
            r
            for r in sorted(rules)
            if word["bottom"] - 1 <= r[0] <= limit + 1 and r[1] - 1 <= middle <= r[2] + 1
        ),
        None,
    )
    if rule is not None:
        inside = [b for b in range(first, last + 1) if rule[1] - 1 <= sum(extents[b]) / 2 <= rule[2] + 1]
        if inside and inside[0] <= covered[0] and inside[-1] >= covered[-1]:
            return tuple(range(inside[0], inside[-1] + 1))
    return _centred(first, last, covered, middle, extents)


def _boundary(left: dict, right: dict, extents) -> float:
    """Where the cells of two header words printed beside each other on one line meet: at an
    edge between columns such that each word is centred over its own side (收入 over 项目 | 金额
    beside 支出 over 项目 | 合计 | …: the sides are not equally wide, so halfway between the
    two words is not where they meet). Halfway where no edge between columns lies between."""
    a = (left["x0"] + left["x1"]) / 2
    b = (right["x0"] + right["x1"]) / 2
    edges = [(extents[k][1] + extents[k + 1][0]) / 2 for k in range(len(extents) - 1)]
    edges = [x for x in edges if a < x < b]
    if not edges:
        return (left["x1"] + right["x0"]) / 2

    def error(x: float) -> float:
        # A word centred at ``a`` whose cell ends at ``x`` starts at 2a - x, where a column starts.
        return min(abs(2 * a - x - e[0]) for e in extents) + min(abs(2 * b - x - e[1]) for e in extents)

    return min(edges, key=error)


def _label_edge(beside, covered, spans, extents, labels, step, bound) -> float:
    """Where the label columns under a word ``beside`` a group end towards the group (``step``
    +1: the word is left of it); ``bound`` when the word is over no label column, or when
    another label column lies between (the other side of a two-sided table)."""
    middle = (beside["x0"] + beside["x1"]) / 2
    band = next((i for i, (x0, x1) in enumerate(spans) if x0 <= middle <= x1), None)
    if band not in labels:
        return bound
    edge = covered[0] if step > 0 else covered[-1]
    while band + step in labels and (band + step - edge) * step < 0:
        band += step
    if labels & set(range(band + step, edge, step)):
        return bound
    return extents[band][1] if step > 0 else extents[band][0]


def _centred(first, last, covered, middle, extents) -> tuple[int, ...]:
    """The widest run of columns from ``first`` to ``last`` holding ``covered`` whose middle is
    the word's middle (a centred header), within half a column. Columns are measured
    by what is printed in them (the data bands reach halfway to the next column)."""
    best = covered
    for start in range(first, covered[0] + 1):
        for end in range(covered[-1], last + 1):
            centre = (extents[start][0] + extents[end][1]) / 2
            width = (extents[end][1] - extents[start][0]) / (end - start + 1)
            if abs(centre - middle) <= width / 2 and end - start > best[-1] - best[0]:
                best = tuple(range(start, end + 1))
    return best


def _add_empty_columns(bands: list[_Band], header_lines: list[list[dict]]) -> list[_Band]:
    """With no 栏次 line, a column with nothing printed under it on this page (公用经费 whose
    rows all fall on the next page, an empty 经营支出) shows only in its header.

    Each leaf header (a header word with no header under it; the characters of a header printed
    spaced out, 合 计, counted once) belongs to the data band nearest to it. A band claimed by several leaf
    headers keeps the nearest; each other is a column of its own, with no data on this page.
    """
    words = [w for line in header_lines for w in line]
    # The column headers proper: not a 单位/部门 line (单位名称 … 单位：万元) above them.
    headers = [
        w
        for line in header_lines
        if not (PREAMBLE_RE.search(text := " ".join(w["text"] for w in line)) or UNIT_LINE_RE.search(text))
        for w in line
    ]
    middle = (
        min((w["top"] for w in headers), default=0.0) + max((w["bottom"] for w in headers), default=0.0)
    ) / 2
    # Half the typical distance between the middles of neighbouring columns (their data bands).
    centres = [band.centre for band in bands]
    steps = sorted(b - a for a, b in zip(centres, centres[1:], strict=False))
    pitch = steps[len(steps) // 2] / 2 if steps else 0.0
    leaves = [
        w
        for w in words
        if not any(_over(w, o) for o in words)
        and not (w in headers and _heads_columns(w, headers, middle, pitch))
    ]
    pieces: list[dict] = []
    for word in sorted(leaves, key=lambda w: (w["top"], w["x0"])):
        last = pieces[-1] if pieces else None
        height = word["bottom"] - word["top"]
        single = len(word["text"].strip()) == 1 and last is not None and last["single"]
        if single and abs(last["top"] - word["top"]) < 1 and -1 < word["x0"] - last["x1"] < 1.5 * height:
            last["x1"] = word["x1"]
        else:
            pieces.append(
                {
                    "x0": word["x0"],
                    "x1": word["x1"],
                    "top": word["top"],
                    "single": len(word["text"].strip()) == 1,
                }
            )

    def distance(piece: dict, band: _Band) -> float:
        return max(band.x0 - piece["x1"], piece["x0"] - band.x1, 0.0)

    claims: dict[int, list[dict]] = {}
    for piece in pieces:
        if bands:
            nearest = min(range(len(bands)), key=lambda i: distance(piece, bands[i]))
            claims.setdefault(nearest, []).append(piece)
        else:
            claims.setdefault(-1 - len(claims), []).append(piece)
    added = _join_split_columns(bands, claims, distance)
    for index, claimants in claims.items():
        keep = min(claimants, key=lambda p: distance(p, bands[index])) if index >= 0 else None
        for piece in claimants:
            if piece is not keep:
                added.append(_Band(piece["x0"], piece["x1"]))  # a column with no data here
    return sorted(added, key=lambda band: band.x0)


def _join_split_columns(bands: list[_Band], claims: dict[int, list[dict]], distance) -> list[_Band]:
    """The bands, each band of amounts that no header claims joined to the column beside it
    whose cells it is (see ``_add_empty_columns``): a column's figures may be aligned unlike its
    other amounts (whole figures at the left of their cell, the 0.00 printed for nothing at its
    right), so its cells print as two bands, and its header claims only one of them.

    The other is that column's where the two are never on one line and the column is then
    centred under its header better than the claimed band alone (within a quarter of its
    width). Columns side by side are centred under a header each: joined, the two are centred
    between their headers, half a column from either.
    """
    joins: dict[int, int] = {}
    for index, band in enumerate(bands):
        if index in claims or not band.amounts or band.blanks or not band.lines:
            continue
        best = None
        for other in (index - 1, index + 1):
            if not 0 <= other < len(bands) or len(claims.get(other, [])) != 1:
                continue
            target = bands[other]
            if not target.amounts or target.blanks or target.lines & band.lines:
                continue
            header = claims[other][0]
            centre = (header["x0"] + header["x1"]) / 2
            x0, x1 = min(band.x0, target.x0), max(band.x1, target.x1)
            error = abs((x0 + x1) / 2 - centre)
            alone = abs(target.centre - centre)
            if error < alone and error <= (x1 - x0) / 4 and (best is None or error < best[0]):
                best = (error, other)
        if best is not None:
            joins[index] = best[1]
    joined = [replace(band, lines=set(band.lines)) for band in bands]
    for index, other in joins.items():
        joined[other].absorb(bands[index])
    return [band for index, band in enumerate(joined) if index not in joins]


def _over(upper: dict, lower: dict) -> bool:
    """Whether a header word is printed over another: above it (within a point), overlapping it
    across."""
    return upper["bottom"] <= lower["top"] + 1 and upper["x0"] < lower["x1"] and upper["x1"] > lower["x0"]


def _heads_columns(word: dict, words: list[dict], middle: float, pitch: float = 0.0) -> bool:
    """Whether a header word with no header under it is a parent header all the same. Its
    text may wrap over lines (经营 / 支出, a fraction of a line apart): its cell starts at the
    header's top, or below the header over its first line (部门预算 over 本年预算, a line or
    more apart). A cell merged down to the header's bottom has its text centred between those
    two, so text printed well above that middle ends higher, over the lines under it: it heads
    them (收入 centred over 项目 | 金额, in the gap between their words)."""
    height = word["bottom"] - word["top"]

    first = word
    while wrapped := [w for w in words if _over(w, first) and first["top"] - w["bottom"] < height / 2]:
        first = max(wrapped, key=lambda w: w["bottom"])
    above = [w for w in words if _over(w, first)]
    if above:
        header_bottom = 2 * middle - min(w["top"] for w in words)
        middle = (max(w["bottom"] for w in above) + header_bottom) / 2
    if (first["top"] + word["bottom"]) / 2 >= middle - height / 2:
        return False
    # It heads headers printed under it on both sides, the nearer of them close beside it (a
    # word standing apart over a 单位 line, a title's year, heads nothing): within three times
    # its height, or within ``pitch`` (half a column's pitch) when the text is small beside the
    # columns (7-point text on a wide page leaves wide gaps between the words of a header).
    centre = (word["x0"] + word["x1"]) / 2
    lower = [w for w in words if w["top"] >= word["bottom"] - 1]
    left = [word["x0"] - w["x1"] for w in lower if w["x1"] <= centre]
    right = [w["x0"] - word["x1"] for w in lower if w["x0"] >= centre]
    return bool(left and right) and min(min(left), min(right)) <= max(3 * height, pitch)


def _merge_unnumbered(bands: list[_Band]) -> list[_Band]:
    """Where a 栏次 line numbers every column, a band of data with no number is part of the
    column beside it whose number stands apart from its data: a short amount printed beside its
    column's centred number (right of it when amounts are aligned right, left of it when aligned
    left) goes to the nearer number; names (and blank marks, printed at the left of their cell)
    to the left of theirs. Blank marks leave the column open to its figures.

    A column's figures may be aligned unlike its other amounts: whole figures at the left of
    their cell, the 0.00 printed for nothing at its right, the centred number between them. A
    band of amounts also goes to a column of amounts beside it whose figures are never on a line
    of its own (the two are that column's cells, printed apart); of the two beside it, to the
    one whose number is nearer (a column of amounts with no number beside it is the number's
    column, wherever its figures are)."""
    merged = [replace(band, lines=set(band.lines)) for band in bands]
    index = 0
    while index < len(merged):
        band = merged[index]
        if band.numbered:
            index += 1
            continue
        left = merged[index - 1] if index else None
        right = merged[index + 1] if index + 1 < len(merged) else None
        figures = band.amounts and not band.blanks
        order = [left, right] if figures else [right, left]
        if figures:  # amounts: the column whose number is nearest (aligned left or right)
            order.sort(key=lambda b: abs(b.number - band.centre) if b is not None and b.numbered else 0)
        target = next(
            (
                b
                for b in order
                if b is not None
                and b.numbered
                and (band.blanks or not b.data or (figures and b.amounts and not b.lines & band.lines))
            ),
            None,
        )
        if target is None:
            index += 1
            continue
        target.absorb(band)
        merged.pop(index)
    return merged
