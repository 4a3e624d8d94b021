"""Small disclosures drawn cell by cell, for how tables are placed on pages.

The seed's renderer (``seedpdf``) prints one table per page, every page the same way. Real
documents put several tables on one page, turn one page landscape inside a portrait document,
push a lone 合计 row onto a page of its own, print codes inside the name cell or not at all, and
redact cells. ``draw_pdf`` draws such pages from plain data, so that a test states the document
it reads and its expected values side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
ROW_HEIGHT = 18.0
MARGIN = 40.0


@dataclass
class DrawnTable:
    """A ruled table: a title line, a 单位 line, header rows and data rows (strings per cell).

    ``widths`` are the columns' widths in points; a header cell printed as "" under a merged
    parent is drawn without the rule between them (``spans``: (row, first column, last column)).
    """

    title: str
    header: list[list[str]]
    rows: list[list[str]]
    widths: list[float]
    unit: str = "单位：万元"
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    note: str = ""  # printed under the table (注：…)


@dataclass
class DrawnPage:
    """A page and what it prints, top to bottom. ``turned``: a landscape page stored as a
    portrait one with /Rotate 90 (as some exports do); ``wide``: a landscape page as such."""

    items: list[DrawnTable | str]
    wide: bool = False
    turned: bool = False


def draw_pdf(path: str | Path, pages: list[DrawnPage]) -> Path:
    """Draw the pages into a PDF at ``path``."""
    path = Path(path)
    canvas = Canvas(str(path), pagesize=A4)
    for page in pages:
        width, height = landscape(A4) if page.wide or page.turned else A4
        if page.turned:
            canvas.setPageSize((height, width))
            canvas.setPageRotation(90)
            canvas.translate(height, 0)
            canvas.rotate(90)
        else:
            canvas.setPageSize((width, height))
            canvas.setPageRotation(0)
        y = height - MARGIN
        for item in page.items:
            if isinstance(item, str):
                canvas.setFont(FONT, 11)
                canvas.drawString(MARGIN, y - 12, item)
                y -= 24
            else:
                y = _draw_table(canvas, item, y) - 14
        canvas.showPage()
    canvas.save()
    return path


def _draw_table(canvas: Canvas, table: DrawnTable, y: float) -> float:
    """Draw the table with its top at ``y``; return the y of its bottom (and note)."""
    if table.title:
        canvas.setFont(FONT, 13)
        canvas.drawCentredString(MARGIN + sum(table.widths) / 2, y - 14, table.title)
        y -= 26
    if table.unit:
        canvas.setFont(FONT, 9)
        canvas.drawRightString(MARGIN + sum(table.widths), y - 10, table.unit)
        y -= 16
    lines = [*table.header, *table.rows]
    top = y
    bottom = top - ROW_HEIGHT * len(lines)
    left = MARGIN
    right = MARGIN + sum(table.widths)
    edges = [left]
    for width in table.widths:
        edges.append(edges[-1] + width)
    canvas.setLineWidth(0.6)
    for index in range(len(lines) + 1):
        row_y = top - ROW_HEIGHT * index
        canvas.line(left, row_y, right, row_y)
    for index, edge in enumerate(edges):
        for row in range(len(lines)):
            inside_span = any(
                span_row == row and first < index <= last for span_row, first, last in table.spans
            )
            if not inside_span:
                row_y = top - ROW_HEIGHT * row
                canvas.line(edge, row_y, edge, row_y - ROW_HEIGHT)
    canvas.setFont(FONT, 8)
    for row, line in enumerate(lines):
        baseline = top - ROW_HEIGHT * row - 12
        for column, text in enumerate(line):
            if not text:
                continue
            span = next((s for s in table.spans if s[0] == row and s[1] == column), None)
            x0 = edges[column]
            x1 = edges[span[2] + 1] if span else edges[column + 1]
            if row >= len(table.header) and _numeric(text):
                canvas.drawRightString(x1 - 3, baseline, text)
            elif row < len(table.header):
                canvas.drawCentredString((x0 + x1) / 2, baseline, text)
            else:
                canvas.drawString(x0 + 3, baseline, text)
    y = bottom
    if table.note:
        canvas.setFont(FONT, 9)
        canvas.drawString(MARGIN, y - 12, table.note)
        y -= 18
    return y


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("-", "").isdigit()
