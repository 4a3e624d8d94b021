"""Project performance-target tables printed without vertical rules (horizontal rules only, or
none at all), read into grids from where their words lie.

pdfplumber finds no table on such a page, and the statement tables' unruled reader
(``grid.grid_from_text``) looks for amounts in columns, which a project table has few of. So the
words are first gathered into cells (the lines of a wrapped cell, one under the other with no gap
between them, are one cell), then into the rows ``projects`` reads from a ruled table:

* above the indicator header, each label at the table's left edge (项目名称, 预算规模及资金用途,
  资金支出计划, 绩效目标 …) opens a row, and the cells beside it (the one nearest in height) join
  it, one row per printed line, as the rows of a ruled table are;
* the indicator header is the line holding 一级指标 and 二级指标 (or 三级指标); under it, each cell
  of the column with the most cells starts an indicator row, and a cell of another column that
  stands for several rows (一级指标 centred over the rows it heads) goes on the first of them,
  so that ``projects`` carries it down as it does a merged cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from disclosures.parsing.page import Cell, Grid
from disclosures.parsing.project_cells import (
    BUDGET_LABELS,
    CODE_LABELS,
    GOAL_LABELS,
    NAME_LABELS,
    is_indicator_header,
    is_label,
)
from disclosures.parsing.text import FOOTER_RE, label_key, squeeze

# A heading or a table title ends a project table's stretch of the page.
HEADING_RE = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
# A numbered goal is a sentence, a numbered heading is not.
SENTENCE_RE = re.compile(r"[，。；;]")
SAME_LINE = 3  # points: words whose tops differ by less are on one line


@dataclass
class _Block:
    """The words of one cell: a word, and the words printed right under it with no gap."""

    x0: float
    x1: float
    top: float
    bottom: float
    lines: list[str] = field(default_factory=list)
    first_bottom: float = 0.0  # the bottom of its first line

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    def cell(self, x0: float | None = None, x1: float | None = None) -> Cell:
        return Cell(
            "\n".join(self.lines),
            self.x0 if x0 is None else x0,
            self.x1 if x1 is None else x1,
            self.top,
            self.bottom,
        )


def project_grids(page, lines: list[dict], boxes=()) -> list[Grid]:
    """The grids of the project tables printed without vertical rules on a page.

    ``lines`` are the page's text lines; ``boxes`` the grids already found on it, whose lines are
    left alone (a ruled project table is read as drawn). A stretch of the page between two
    headings is a project table when it holds an indicator header (一级指标 | 二级指标 …), or a
    项目名称/项目编码 label with a budget or goal label.
    """
    free = [line for line in lines if not any(_holds(box, line) for box in boxes)]
    if not free:
        return []
    # A space printed inside a cell (≥150 人, 计 划) keeps the words one; cells are apart.
    words = page.extract_words(x_tolerance=1.5, y_tolerance=SAME_LINE, keep_blank_chars=True)
    for word in words:
        word["text"] = word["text"].strip()
    stretches: list[list[dict]] = [[]]
    for line in free:
        text = squeeze(line["text"])
        if text.endswith("表") or (HEADING_RE.match(text) and not SENTENCE_RE.search(text)):
            stretches.append([])
        elif not FOOTER_RE.match(text) and not re.search(r"单\s*位\s*[:：]", line["text"]):
            stretches[-1].append(line)
    grids = []
    for stretch in stretches:
        if not stretch:
            continue
        top, bottom = stretch[0]["top"] - 1, stretch[-1]["bottom"] + 1
        if any(box[1] < bottom and box[3] > top for box in boxes):
            continue
        inside = [w for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom]
        grid = _grid(page, inside)
        if grid is not None:
            grids.append(grid)
    return grids


def _grid(page, words: list[dict]) -> Grid | None:
    blocks = _blocks(words)
    if not blocks:
        return None
    header = _indicator_header(blocks)
    keys = {label_key("".join(b.lines)) for b in blocks}
    opens = keys & (NAME_LABELS | CODE_LABELS)
    if header is None and not (opens and keys & (set(BUDGET_LABELS) | GOAL_LABELS)):
        return None
    if header is None:
        rows = _label_rows(blocks)
    else:
        header_top = min(b.top for b in header)
        rows = _label_rows([b for b in blocks if b.bottom <= header_top])
        rows.append([b.cell() for b in header])
        rows += _indicator_rows(header, [b for b in blocks if b.top > max(b.bottom for b in header)])
    rows = [row for row in rows if row]
    if not rows:
        return None
    return Grid(
        page=page.page_number,
        top=min(b.top for b in blocks),
        bottom=max(b.bottom for b in blocks),
        x0=min(b.x0 for b in blocks),
        x1=max(b.x1 for b in blocks),
        rows=rows,
        full_rows=rows,
        unruled=True,
    )


def _blocks(words: list[dict]) -> list[_Block]:
    """The words gathered into cells: a word right under another (overlapping it across, with
    less than half a line between them) continues its cell."""
    blocks: list[_Block] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        height = word["bottom"] - word["top"]
        above = [
            b
            for b in blocks
            if -SAME_LINE < word["top"] - b.bottom < 0.5 * height
            and word["top"] - b.top > SAME_LINE
            and min(b.x1, word["x1"]) - max(b.x0, word["x0"]) > 0
        ]
        if above:
            block = max(above, key=lambda b: min(b.x1, word["x1"]) - max(b.x0, word["x0"]))
            block.lines.append(word["text"])
            block.x0, block.x1 = min(block.x0, word["x0"]), max(block.x1, word["x1"])
            block.bottom = max(block.bottom, word["bottom"])
        else:
            blocks.append(
                _Block(word["x0"], word["x1"], word["top"], word["bottom"], [word["text"]], word["bottom"])
            )
    return blocks


def _key(block: _Block) -> str:
    return label_key("".join(block.lines))


def _indicator_header(blocks: list[_Block]) -> list[_Block] | None:
    """The cells of the indicator header row, left to right, or None."""
    for block in blocks:
        if not _key(block).startswith("一级指标"):
            continue
        row = sorted((b for b in blocks if b.top < block.bottom and b.bottom > block.top), key=lambda b: b.x0)
        if is_indicator_header([b.cell() for b in row]):
            return row
    return None


def _label_rows(blocks: list[_Block]) -> list[list[Cell]]:
    """Rows of the label part: one per label at the left edge, with the cells beside it."""
    if not blocks:
        return []
    left = min(b.x0 for b in blocks)
    width = max(b.x1 for b in blocks) - left
    anchors = [b for b in blocks if b.x0 <= left + 0.05 * width and is_label(_key(b))]
    if not anchors:
        return _by_line(blocks)
    groups: dict[int, list[_Block]] = {id(a): [a] for a in anchors}
    before: list[_Block] = []
    for block in blocks:
        if id(block) in groups:
            continue
        same_line = [a for a in anchors if abs(a.top - block.top) < SAME_LINE]
        if same_line:
            groups[id(same_line[0])].append(block)
        elif block.bottom < min(a.top for a in anchors):
            before.append(block)
        else:
            groups[id(min(anchors, key=lambda a: abs(a.middle - block.middle)))].append(block)
    rows = _by_line(before)
    for anchor in sorted(anchors, key=lambda a: a.top):
        # Beside the label's first line (a wrapped value centred on it too), then line by line.
        beside = [b for b in groups[id(anchor)] if b.top < anchor.first_bottom and b.bottom > anchor.top]
        rest = [b for b in groups[id(anchor)] if b not in beside]
        rows.append([b.cell() for b in sorted(beside, key=lambda b: b.x0)])
        rows += _by_line(rest)
    return rows


def _by_line(blocks: list[_Block]) -> list[list[Cell]]:
    """Blocks as rows, one per printed line (by the top of each), left to right."""
    rows: list[list[_Block]] = []
    for block in sorted(blocks, key=lambda b: (b.top, b.x0)):
        if rows and block.top - rows[-1][0].top < SAME_LINE:
            rows[-1].append(block)
        else:
            rows.append([block])
    return [[b.cell() for b in sorted(row, key=lambda b: b.x0)] for row in rows]


def _indicator_rows(header: list[_Block], blocks: list[_Block]) -> list[list[Cell]]:
    """Indicator rows under the header: each cell placed in the header column it lies under."""
    columns: list[list[_Block]] = [[] for _ in header]
    for block in blocks:
        overlaps = [min(h.x1, block.x1) - max(h.x0, block.x0) for h in header]
        best = max(range(len(header)), key=lambda i: overlaps[i])
        if overlaps[best] <= 0:
            best = min(
                range(len(header)),
                key=lambda i: abs((header[i].x0 + header[i].x1) / 2 - (block.x0 + block.x1) / 2),
            )
        columns[best].append(block)
    level3 = [i for i, h in enumerate(header) if _key(h).startswith("三级指标")]
    anchor = level3[0] if level3 else max(range(len(header)), key=lambda i: len(columns[i]))
    if not columns[anchor]:
        return []
    first_top = min(b.top for b in columns[anchor])
    # The rest of a row cut by the page break, printed above the first row of this page.
    leading = [b for column in columns for b in column if b.bottom < first_top - SAME_LINE]
    for column in columns:
        column[:] = sorted((b for b in column if b not in leading), key=lambda b: b.middle)
    middles = [b.middle for b in columns[anchor]]
    rows: list[dict[int, _Block]] = [{} for _ in middles]
    for index, column in enumerate(columns):
        pointer = 0
        for n, block in enumerate(column):
            last = max(len(middles) - (len(column) - n), pointer)  # a row for each cell still to place
            start, end = _span(middles, pointer, min(last, len(middles) - 1), block.middle)
            if index in rows[start]:  # two cells of one column on one row: one cell
                rows[start][index].lines += block.lines
            else:
                rows[start][index] = block
            pointer = min(end + 1, len(middles) - 1)
    lead = [[b.cell() for b in sorted(leading, key=lambda b: b.x0)]] if leading else []
    return lead + [[row[i].cell(header[i].x0, header[i].x1) for i in sorted(row)] for row in rows]


def _span(middles: list[float], first: int, last: int, middle: float) -> tuple[int, int]:
    """The rows a cell stands for: those it is printed in the middle of (a merged cell is
    centred over its rows), starting as early as that allows."""
    spans = [(s, e) for s in range(first, last + 1) for e in range(s, last + 1)] or [(first, first)]
    cost = {span: abs((middles[span[0]] + middles[span[1]]) / 2 - middle) for span in spans}
    best = min(cost.values())
    return min((span for span in spans if cost[span] <= best + SAME_LINE), key=lambda sp: (sp[0], cost[sp]))


def _holds(box, line: dict) -> bool:
    middle = (line["top"] + line["bottom"]) / 2
    return box[1] - 1 <= middle <= box[3] + 1 and line["x0"] < box[2] and line["x1"] > box[0]
