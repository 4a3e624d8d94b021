"""The page layer read by PDFium (``disclosures.parsing.pdfium``) reads what pdfminer reads, and
text drawn oddly reads as printed.

Some exporters make text bold by drawing each character several times a fraction of a point
apart (a title then extracts as ``表表表表11112222年年年年…``), and some place the characters of
a line out of reading order. The documents here are drawn by tests/placement_pdfs.py with a
canvas that does exactly that; every expected value is what the page prints.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pdfplumber
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from disclosures.parsing import document as m
from disclosures.parsing import parse_pdf
from disclosures.parsing.pdf import layout_page, open_pdf, reading_pages, visible
from disclosures.parsing.pdfium import PdfiumPage, pdfium_pages
from seedpdf import layout
from tests import placement_pdfs
from tests.placement_pdfs import DrawnPage, DrawnTable

HEADER = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
WIDTHS = [70, 190, 80, 80, 80]
ROWS = [
    ["", "合计", "1,150.00", "1,100.00", "50.00"],
    ["201", "一般公共服务支出", "1,150.00", "1,100.00", "50.00"],
    ["20126", "档案事务", "1,150.00", "1,100.00", "50.00"],
    ["2012601", "行政运行", "1,150.00", "1,100.00", "50.00"],
]
TITLE = "测试市档案局2025年部门预算"
TABLE_TITLE = "2025年部门预算支出总表"


class BoldCanvas(Canvas):
    """Draws every character four times, 0.3 pt apart, one after the other (fake bold)."""

    def drawString(self, x, y, text, *args, **kwargs):  # noqa: N802 (reportlab's name)
        for char, left in _placed(self, x, text):
            for dx, dy in ((0, 0), (0.3, 0), (0, 0.3), (0.3, 0.3)):
                super().drawString(left + dx, y + dy, char)

    def drawCentredString(self, x, y, text, *args, **kwargs):  # noqa: N802
        self.drawString(x - self.stringWidth(text) / 2, y, text)

    def drawRightString(self, x, y, text, *args, **kwargs):  # noqa: N802
        self.drawString(x - self.stringWidth(text), y, text)


class ShuffledCanvas(BoldCanvas):
    """Draws every character once, at its place, but in a shuffled order."""

    random = random.Random(12)

    def drawString(self, x, y, text, *args, **kwargs):  # noqa: N802
        placed = _placed(self, x, text)
        self.random.shuffle(placed)
        for char, left in placed:
            Canvas.drawString(self, left, y, char)


def _placed(canvas: Canvas, x: float, text: str) -> list[tuple[str, float]]:
    placed, left = [], x
    for char in text:
        placed.append((char, left))
        left += stringWidth(char, canvas._fontname, canvas._fontsize)
    return placed


def _draw(path, canvas_class, monkeypatch):
    monkeypatch.setattr(placement_pdfs, "Canvas", canvas_class)
    return placement_pdfs.draw_pdf(path, [DrawnPage([TITLE, DrawnTable(TABLE_TITLE, HEADER, ROWS, WIDTHS)])])


@pytest.fixture
def pdfium_layer(monkeypatch):
    monkeypatch.setenv("DISCLOSURE_PDF_LAYER", "pdfium")


@pytest.mark.parametrize("canvas_class", [BoldCanvas, ShuffledCanvas], ids=["bold", "shuffled"])
class TestTextDrawnOddly:
    def test_the_title_reads_as_printed(self, tmp_path, monkeypatch, pdfium_layer, canvas_class):
        path = _draw(tmp_path / "odd.pdf", canvas_class, monkeypatch)
        with open_pdf(path, filename="odd.pdf", max_pages=5) as pdf, reading_pages(pdf, path) as pages:
            text = layout_page(visible(pages[0]), filename="odd.pdf").text
        assert TITLE in text.replace(" ", "")
        assert TABLE_TITLE in text.replace(" ", "")

    def test_the_table_and_its_amounts_read_as_printed(
        self, tmp_path, monkeypatch, pdfium_layer, canvas_class
    ):
        doc = parse_pdf(_draw(tmp_path / "odd.pdf", canvas_class, monkeypatch))
        table = doc.table(m.EXPENSE)
        assert table is not None
        row = next(r for r in table.rows if r.code == "2012601")
        assert row.item == "行政运行"
        assert row.amount("合计") == Decimal("1150.00")
        assert row.amount("基本支出") == Decimal("1100.00")
        assert row.amount("项目支出") == Decimal("50.00")
        assert doc.department == "测试市档案局"


def test_the_same_characters_lines_and_tables_as_pdfminer(tmp_path, monkeypatch):
    """On a page whose fonts PDFium can measure (a Latin standard font), its characters, rules
    and tables are pdfminer's, in the same coordinates, on an upright and on a turned page."""
    path = tmp_path / "latin.pdf"
    canvas = Canvas(str(path))
    for turned in (0, 90):
        canvas.setPageRotation(turned)
        canvas.setFont("Helvetica", 10)
        canvas.drawString(60, 760, "Budget 2025 (total 1,150.00) for RISC-")
        canvas.drawString(60, 748, "V chips")  # a hyphen ending a line is printed as such
        for row in range(4):
            canvas.line(60, 700 - 20 * row, 360, 700 - 20 * row)
        for x in (60, 160, 260, 360):
            canvas.line(x, 700, x, 640)
        for row, (name, amount) in enumerate(
            [("Salaries", "1,100.00"), ("Projects", "50.00"), ("Total", "1,150.00")]
        ):
            canvas.drawString(65, 686 - 20 * row, name)
            canvas.drawRightString(355, 686 - 20 * row, amount)
        canvas.showPage()
    canvas.save()
    with pdfplumber.open(path) as pdf, pdfium_pages(pdf, path) as pages:
        for page, fast in zip(pdf.pages, pages, strict=True):
            assert isinstance(fast, PdfiumPage)
            # The same characters in the same places (PDFium may list them in another order).
            assert len(fast.chars) == len(page.chars)
            unmatched = list(fast.chars)
            for char in page.chars:
                twin = next(c for c in unmatched if _same_place(c, char))
                unmatched.remove(twin)
            assert len(fast.lines) == len(page.lines)
            assert fast.extract_tables() == page.extract_tables()
            assert [line["text"] for line in fast.extract_text_lines()] == [
                line["text"] for line in page.extract_text_lines()
            ]
            assert fast.read_by == "pdfium"


@pytest.mark.parametrize("scale", [1, 0.9, 1.2])
def test_a_space_written_on_its_own_is_read_as_printed(tmp_path, scale):
    """Each character its own text object, in an embedded Chinese font: PDFium leaves the space
    objects out of its text (a generated space in their place); they are read as pdfminer reads
    them, so 合 计 stays one word. Also on a page drawn scaled (a wide table shrunk to fit), where
    PDFium places its space as far after the character before as that character is wide unscaled
    (a point away from where the file writes the space)."""
    if not layout.EMBEDDED_FONT_FILE.exists():
        pytest.skip(f"{layout.EMBEDDED_FONT_FILE} is not installed")
    path = tmp_path / "spaced.pdf"
    canvas = Canvas(str(path))
    canvas.scale(scale, scale)
    with layout.typeface("embedded"):
        canvas.setFont(layout.FONT, 9)
        for char, left in _placed(canvas, 100, "合 计 2025 年 收 入"):
            canvas.drawString(left, 700, char)
    canvas.save()
    with pdfplumber.open(path) as pdf, pdfium_pages(pdf, path) as pages:
        assert pages[0].read_by == "pdfium"

        def words(page):
            found = page.extract_words(x_tolerance=1.5, keep_blank_chars=True)
            return [(word["text"], round(word["x0"], 1), round(word["x1"], 1)) for word in found]

        assert words(pages[0]) == words(pdf.pages[0])
        assert [word[0] for word in words(pages[0])] == ["合 计 2025 年 收 入"]


@pytest.mark.parametrize(
    ("rotation", "turn"),
    [
        (90, lambda canvas: (canvas.translate(595, 0), canvas.rotate(90))),
        (180, lambda canvas: (canvas.translate(595, 842), canvas.rotate(180))),
        (270, lambda canvas: (canvas.translate(0, 842), canvas.rotate(270))),
        (0, lambda canvas: canvas.rotate(90)),  # the text itself turned, on an upright page
    ],
    ids=["rotate-90", "rotate-180", "rotate-270", "turned-text"],
)
def test_a_space_written_on_its_own_on_a_turned_line_is_read_as_printed(tmp_path, rotation, turn):
    """Likewise on a page stored turned (/Rotate, its content drawn turned back) and for text
    drawn turned: PDFium puts no space at all in its text there."""
    if not layout.EMBEDDED_FONT_FILE.exists():
        pytest.skip(f"{layout.EMBEDDED_FONT_FILE} is not installed")
    path = tmp_path / "turned.pdf"
    canvas = Canvas(str(path), pagesize=(595, 842))
    canvas.setPageRotation(rotation)
    turn(canvas)
    with layout.typeface("embedded"):
        canvas.setFont(layout.FONT, 9)
        for char, left in _placed(canvas, 100, "合 计 2025 年"):
            canvas.drawString(left, -200 if rotation == 0 else 200, char)
    canvas.save()
    with pdfplumber.open(path) as pdf, pdfium_pages(pdf, path) as pages:
        assert pages[0].read_by == "pdfium"

        def words(page):
            return [word["text"] for word in page.extract_words(x_tolerance=1.5, keep_blank_chars=True)]

        # pdfplumber reads a turned line (one not upright on the page shown) from its other end.
        assert words(pages[0]) == words(pdf.pages[0]) == ["合 计 2025 年" if rotation else "年 5202 计 合"]


def test_a_table_on_a_page_stored_turned_reads_whole(tmp_path, pdfium_layer):
    """A landscape page stored as a portrait one with /Rotate 90: every column is read, the
    codes and names at its left edge too."""
    path = placement_pdfs.draw_pdf(
        tmp_path / "turned.pdf",
        [DrawnPage([TITLE, DrawnTable(TABLE_TITLE, HEADER, ROWS, WIDTHS)], turned=90)],
    )
    doc = parse_pdf(path)
    table = doc.table(m.EXPENSE)
    assert table is not None
    assert [(r.code, r.item, r.amount("合计")) for r in table.rows] == [
        ("", "合计", Decimal("1150.00")),
        ("201", "一般公共服务支出", Decimal("1150.00")),
        ("20126", "档案事务", Decimal("1150.00")),
        ("2012601", "行政运行", Decimal("1150.00")),
    ]


def _same_place(ours: dict, theirs: dict) -> bool:
    return ours["text"] == theirs["text"] and all(
        abs(ours[key] - theirs[key]) <= 0.5 for key in ("x0", "x1", "top", "bottom")
    )
