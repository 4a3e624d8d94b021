"""Laying text out the way exported disclosures do: Chinese line breaking, paragraphs, ruled grids
with merged cells, column widths that fit the amounts, and the page marks ``render`` reports.

reportlab's built-in CID font STSong-Light needs no font file, and pdfplumber reads its text.
``typeface("embedded")`` prints with a TrueType Chinese font embedded in the file instead, as
most exports do (WenQuanYi Micro Hei, Debian's fonts-wqy-microhei).
"""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph, Table, TableStyle

from seedpdf.document import Header, Row

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# The TrueType Chinese font ``typeface("embedded")`` embeds (a subset of it) in the file.
EMBEDDED_FONT = "WenQuanYiMicroHei"
EMBEDDED_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@contextlib.contextmanager
def typeface(name: str) -> Iterator[None]:
    """Print everything laid out inside the block in ``name``: the built-in ``STSong-Light``
    (not embedded) or ``"embedded"`` (EMBEDDED_FONT_FILE, embedded in the file)."""
    global FONT
    if name == "embedded":
        if EMBEDDED_FONT not in pdfmetrics.getRegisteredFontNames():
            if not EMBEDDED_FONT_FILE.exists():
                raise FileNotFoundError(
                    f"the embedded font needs {EMBEDDED_FONT_FILE}: apt-get install fonts-wqy-microhei"
                )
            pdfmetrics.registerFont(TTFont(EMBEDDED_FONT, str(EMBEDDED_FONT_FILE), subfontIndex=0))
        name = EMBEDDED_FONT
    elif name != "STSong-Light":
        raise ValueError(f'font: "STSong-Light" or "embedded", not {name!r}')
    previous, FONT = FONT, name
    try:
        yield
    finally:
        FONT = previous


CELL_PAD = 3.0
GRID_SIZE = 9.0  # font size in table cells; shrunk per table when its columns do not fit
MIN_GRID_SIZE = 5.5

# How a cell's text may break into lines: never inside a run of Latin letters, digits and the
# signs that go with them (2025, ≥150, [2018]38, 13070025P00166310002K), anywhere between
# Chinese characters, and not before closing punctuation or after opening punctuation.
_TOKEN = re.compile(r"[A-Za-z0-9.,:;%/\-+\[\]()≥≤<>=~×·_#]+|\s+|.")
_LAST_TOKEN = re.compile(r"[A-Za-z0-9.,:;%/\-+\[\]()≥≤<>=~×·_#]+$|.$")
_NO_LINE_START = set("。，、；：？！）》」』】”’%．,.;:)")
_NO_LINE_END = set("（《「『【“‘(")


def text_width(text: str, size: float) -> float:
    """How wide ``text`` prints in points."""
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
            if text_width(current + token, size) <= limit or not current:
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
            while len(current) > 1 and text_width(current, size) > limit:
                keep = len(current) - 1
                while keep > 1 and text_width(current[:keep], size) > limit:
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


def paragraph(
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


class PageMark(Flowable):
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


def turn_page(canv, doc) -> None:
    """Store a landscape page as a portrait one with /Rotate 90, its content drawn turned."""
    width, height = doc.pagesize
    canv.setPageSize((height, width))
    canv.translate(height, 0)
    canv.rotate(90)


class MarkingDocTemplate(BaseDocTemplate):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.marks: list[tuple[str, int]] = []

    def afterFlowable(self, flowable):  # noqa: N802 (reportlab's hook name)
        if isinstance(flowable, PageMark):
            self.marks.append((flowable.label, self.page))


def fit_columns(
    header: Header, body: Iterable[Row], width: float, size: float = GRID_SIZE
) -> tuple[list[float], float]:
    """Column widths filling ``width``, and the font size that lets every amount and name fit
    (``size`` at most).

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
    while True:
        pad = 2 * CELL_PAD
        hard = []
        soft = []
        for c in range(columns):
            texts = [row[c] for row in body if c < len(row) and row[c]]
            need = max([text_width(t, size) + size for t in texts] + [2 * size]) + pad
            want = max([min(text_width(t, size), 4 * size) for t in single[c]] + [0]) + pad
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


def _rules(ruled: bool | str) -> list[tuple]:
    """The reportlab commands drawing a grid's rules: all, horizontal only, or above and below."""
    if ruled == "horizontal":
        return [
            ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black),
            ("LINEBELOW", (0, 0), (-1, -1), 0.6, colors.black),
        ]
    if ruled:
        return [("GRID", (0, 0), (-1, -1), 0.6, colors.black)]
    return [
        ("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.black),
    ]


def grid_table(
    header_rows: Sequence[Row],
    spans: Sequence[tuple[int, int, int, int]],
    body: Sequence[Row],
    widths: Sequence[float],
    size: float,
    *,
    body_spans: Sequence[tuple[int, int, int, int]] = (),
    body_align: Callable[[int, int, str], str] | None = None,
    ruled: bool | str = True,
    shuffled: bool = False,
) -> Table:
    """A ruled reportlab Table: header rows centred, body cells aligned by ``body_align``.

    Unruled (``ruled=False``), only a rule above the first row and below the last is drawn;
    ``ruled="horizontal"`` draws a rule under every row and none between columns, as Word and
    WPS exports often print tables. ``shuffled`` draws each cell's characters one at a time in a
    shuffled order, each where it would be anyway (``ShuffledTable``).
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
        *_rules(ruled),
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
    # With three or more header lines, a line may hold no cell of its own (every cell in it part
    # of a taller merged cell); reportlab then gives it no height and drops the rules around it.
    # Give every line at least one line of text's height.
    minimum = [leading + 2 * CELL_PAD] * header_count if header_count > 2 else None
    return (ShuffledTable if shuffled else Table)(
        data, colWidths=list(widths), style=TableStyle(commands), hAlign="LEFT", minRowHeights=minimum
    )


class ShuffledTable(Table):
    """A Table whose cells' text is written character by character in a shuffled order, as some
    exporters write their content streams: each character lands where it would anyway, so the
    page looks the same, but the order of drawing is not the order of reading."""

    def _drawCell(self, cellval, cellstyle, pos, size):  # noqa: N802 (reportlab's name)
        canv = self.canv
        self.canv = _ShuffledCanvas(canv, random.Random(f"{pos}"))
        try:
            super()._drawCell(cellval, cellstyle, pos, size)
        finally:
            self.canv = canv


class _ShuffledCanvas:
    """A canvas whose drawString (left, centred, right) draws one character at a time in a
    shuffled order; everything else passes through."""

    def __init__(self, canv, rng: random.Random):
        self._canv = canv
        self._rng = rng

    def __getattr__(self, name):
        return getattr(self._canv, name)

    def drawString(self, x, y, text, **kwargs):  # noqa: N802 (reportlab's names)
        order = list(range(len(text)))
        self._rng.shuffle(order)
        for index in order:
            self._canv.drawString(x + self._canv.stringWidth(text[:index]), y, text[index])

    def drawCentredString(self, x, y, text, **kwargs):  # noqa: N802
        self.drawString(x - self._canv.stringWidth(text) / 2, y, text)

    def drawRightString(self, x, y, text, **kwargs):  # noqa: N802
        self.drawString(x - self._canv.stringWidth(text), y, text)
