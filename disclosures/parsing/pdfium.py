"""A page's characters and drawings read by PDFium (pypdfium2), in pdfplumber's shapes.

Why: building pdfminer's page objects (``page.chars``, ``page.rects`` …) costs about as much as
pdfplumber's whole table pass, because pdfminer interprets every content stream in Python.
PDFium, the C++ reader pdfplumber already installs (through pypdfium2, for images), reads the
same characters and paths many times faster. ``PdfiumPage`` is a ``pdfplumber.page.Page`` whose
``objects`` come from PDFium, in the dicts and top-left coordinates pdfplumber builds from
pdfminer (``/Rotate`` and the media box applied the same way), so that pdfplumber's table finder,
``extract_text_lines``, ``extract_words``, ``filter`` and ``crop`` work on it unchanged:
pdfplumber keeps doing what it does well (finding ruled grids, clustering characters into words
and lines), and pdfminer is not asked to interpret a content stream.

pdfminer still opens the file (``pdf.open_pdf``): its page tree walk is what refuses hostile
files before any page is built, and each page's boxes and rotation come from it. It also reads
the few pages PDFium cannot be trusted with (``PdfiumPage.read_by`` says which): a lone
character in a Chinese font neither embedded nor installed, which PDFium leaves out of its text;
a form that draws itself, which PDFium expands until memory runs out (``_draws_itself``).

Text drawn several times over to look bold (the same glyph at nearly the same place) is kept
once, so a title reads as printed (``deduplicated``).
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.page import Page

# pdfplumber's default tolerance for characters drawn on top of each other (``dedupe_chars``).
DUPLICATE_TOLERANCE = 1.0
WHITESPACE = {" ", "\r", "\n", "\t", "\x00", "\uffff"}
# PDFium's text for a hyphen it takes for one breaking a word at the end of a line (RISC-/V).
SOFT_HYPHENS = {"\ufffe", "\x02"}


@contextlib.contextmanager
def pdfium_pages(pdf, path: str | Path) -> Iterator[list[Page]]:
    """The pages of ``pdf`` (opened by pdfplumber, see ``pdf.open_pdf``) read by PDFium.

    Where PDFium cannot open the file, or counts its pages differently from pdfminer (a
    damaged page tree each repairs its own way), the pages stay pdfplumber's own.
    """
    try:
        document = pdfium.PdfDocument(str(path))
    except Exception:  # PDFium refuses what pdfminer opened: pdfminer reads it, as before
        document = None
    if document is None or len(document) != len(pdf.pages):
        pages = pdf.pages
    else:
        pages = [
            page if _draws_itself(page) else PdfiumPage(page, document, index)
            for index, page in enumerate(pdf.pages)
        ]
    try:
        yield pages
    finally:
        for page in pages:
            if isinstance(page, PdfiumPage):
                page.close()
        if document is not None:
            document.close()


class PdfiumPage(Page):
    """A pdfplumber page whose characters, lines, rectangles and curves are read by PDFium."""

    def __init__(self, page: Page, document: pdfium.PdfDocument, index: int):
        super().__init__(page.pdf, page.page_obj, page.page_number, page.initial_doctop)
        self.document, self.index = document, index
        self.source: pdfium.PdfPage | None = None
        self.read_by = "pdfium"

    def parse_objects(self) -> dict[str, list[dict[str, Any]]]:
        if self.source is None:
            self.source = self.document[self.index]
        reader = _Reader(self)
        objects: dict[str, list[dict[str, Any]]] = {}
        for kind, obj in reader.drawings():
            objects.setdefault(kind, []).append(obj)
        if reader.unmeasured:
            # PDFium leaves out of its text a text object it cannot measure: a lone character in
            # a font neither embedded nor installed (a Chinese font on a server with none). Such a
            # page is read by pdfminer, which measures by the widths the file gives.
            self.read_by = "pdfminer"
            objects = super().parse_objects()
            objects["char"] = deduplicated(objects.get("char", []))
            return objects
        objects["char"] = deduplicated(reader.chars())
        for kind in ("line", "rect", "curve"):
            objects.setdefault(kind, [])
        return objects

    def close(self) -> None:
        super().close()
        source, self.source = self.source, None
        if source is not None:
            source.close()


def deduplicated(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters with each one drawn again on top of itself (fake bold, shadows) kept once.

    Two characters are one when they have the same text, orientation and font size and their
    corners lie within DUPLICATE_TOLERANCE of each other, as pdfplumber's ``dedupe_chars`` has it;
    unlike it, the first drawn is kept in its place, so the order of the rest is not disturbed.
    Characters are filed in cells twice the tolerance wide: a duplicate lies in the character's
    own cell or the neighbouring one on the side it is nearer to, in each direction.
    """
    kept: list[dict[str, Any]] = []
    seen: dict[tuple, list[dict[str, Any]]] = {}
    cell = 2 * DUPLICATE_TOLERANCE
    for char in chars:
        text, x, y = char["text"], char["x0"], char["top"]
        cx, cy = int(x // cell), int(y // cell)
        nx = cx - 1 if x - cx * cell < DUPLICATE_TOLERANCE else cx + 1
        ny = cy - 1 if y - cy * cell < DUPLICATE_TOLERANCE else cy + 1
        if not any(
            abs(other["x0"] - x) <= DUPLICATE_TOLERANCE
            and abs(other["top"] - y) <= DUPLICATE_TOLERANCE
            and other["upright"] == char["upright"]
            and abs(other["size"] - char["size"]) < 0.1
            for key in ((text, cx, cy), (text, nx, cy), (text, cx, ny), (text, nx, ny))
            for other in seen.get(key, ())
        ):
            seen.setdefault((text, cx, cy), []).append(char)
            kept.append(char)
    return kept


CELL = 16.0  # pt: the side of the squares characters are filed in, to find one's neighbours


class _Reader:
    """Reads one page's objects, turned from PDF space into pdfplumber's coordinates."""

    def __init__(self, page: PdfiumPage):
        self.page = page
        self.number = page.page_number
        self.doctop = page.initial_doctop
        # pdfminer's page matrix (``PDFPageInterpreter.process_page``): the page turned by /Rotate,
        # its media box's lower-left corner at the origin; pdfplumber then flips y and adds the
        # media box's offset back (``Page.process_object``).
        left, bottom, right, top = _raw_mediabox(page)
        rotation = page.rotation
        if rotation == 90:
            self.ctm = (0.0, -1.0, 1.0, 0.0, -bottom, right)
        elif rotation == 180:
            self.ctm = (-1.0, 0.0, 0.0, -1.0, right, top)
        elif rotation == 270:
            self.ctm = (0.0, 1.0, -1.0, 0.0, top, -left)
        else:
            self.ctm = (1.0, 0.0, 0.0, 1.0, -left, -bottom)
        self.height = page.height
        self.mb_x0, self.mb_top = page.mediabox[0], page.mediabox[1]
        self.unmeasured = False  # a text object PDFium leaves out of its text (see parse_objects)
        # Where text objects with nothing to measure start (PDF space), by whole x: a space
        # written on its own (x → [(x, y)]).
        self.blanks: dict[int, list[tuple[float, float]]] = {}
        # Those of them on a turned line (not running along x in PDF space): PDFium puts no space
        # in its text for them, not even a generated one. Each: where it starts (x, y), its
        # matrix's (a, b, c, d), its font and font size.
        self.turned_blanks: list[tuple[float, float, tuple[float, float, float, float], int, float]] = []
        self.fonts: dict[int, str] = {}
        self.simple_fonts: set[str] | None = None
        self.styles: dict[tuple, tuple] = {}
        self.matrix, self.font_size = raw.FS_MATRIX(), ctypes.c_float(0)
        self.bounds = tuple(ctypes.c_float(0) for _ in range(4))

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A PDF-space point as pdfplumber places it: (x, top)."""
        a, b, c, d, e, f = self.ctm
        return (a * x + c * y + e + self.mb_x0, self.height - (b * x + d * y + f) + self.mb_top)

    def placed(self, x0: float, top: float, x1: float, bottom: float) -> dict[str, float]:
        return {
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "y0": self.height - bottom + self.mb_top,
            "y1": self.height - top + self.mb_top,
            "doctop": self.doctop + top,
            "width": x1 - x0,
            "height": bottom - top,
        }

    def chars(self) -> list[dict[str, Any]]:
        textpage = raw.FPDFText_LoadPage(self.page.source.raw)
        try:
            return self._chars(textpage)
        finally:
            raw.FPDFText_ClosePage(textpage)

    def _chars(self, textpage) -> list[dict[str, Any]]:
        count = raw.FPDFText_CountChars(textpage)
        if count <= 0:
            return []
        buffer = ctypes.create_string_buffer((count + 1) * 2)
        raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
        rect = raw.FS_RECTF()
        styles: dict[int, tuple] = {}  # per text object: font name, size, orientation, matrix
        read: list[list] = []  # [text, text object, left, bottom, right, top] in PDF space
        for index in range(count):
            value = text[index] if index < len(text) else ""
            blank = None  # where the file writes the space PDFium generated here, if it does
            if value in WHITESPACE:
                if value in " \r" and raw.FPDFText_IsGenerated(textpage, index):
                    blank = self._blank_at(textpage, index, value)
                    if blank is None:
                        continue
                    value = " "
                elif value != " ":
                    continue
            if value in SOFT_HYPHENS:
                if not raw.FPDFText_IsHyphen(textpage, index):
                    continue
                value = "-"  # as printed: the word is joined (or not) by whoever reads the line
            if not raw.FPDFText_GetLooseCharBox(textpage, index, rect):
                continue
            obj = _text_object(textpage, index)
            if obj not in styles:
                styles[obj] = self._style(textpage, index, obj)
            if blank is not None:
                read.append([value, obj, blank, rect.bottom, blank, rect.bottom])
            else:
                read.append([value, obj, rect.left, rect.bottom, rect.right, rect.top])
        for position in range(len(read) - 1):
            # A generated space kept (``_blank_at``) is a point where the file writes it: it spans
            # up to the next character of its line, as tall as that character and in its font
            # (pdfminer reads the space's own text object, written in the line's font).
            value, _, left, bottom, right, top = read[position]
            _, following, start, low, _, high = read[position + 1]
            point = value == " " and right - left < 0.01 and top - bottom < 0.01
            if point and low - 3 <= bottom <= high and start > left:
                read[position][1:6] = [following, left, low, start, high]
        for blank, style, box in self._turned_spaces(read):
            styles[blank] = style
            read.append([" ", blank, *box])
        chars = []
        a, b, c, d, e, f = self.ctm
        height, mb_x0, mb_top, doctop, number = self.height, self.mb_x0, self.mb_top, self.doctop, self.number
        for position, (value, obj, left, bottom, right, top) in enumerate(read):
            fontname, size, upright, matrix, level = styles[obj]
            if level:
                if position + 1 < len(read):
                    # pdfminer ends a character at its advance width from the file; PDFium's box
                    # may end at the width of a substitute font's glyph: where the next
                    # character of the same text object starts on the line, this one ends.
                    _, following, start, low, _, _ = read[position + 1]
                    if following == obj and left < start < right and low == bottom:
                        right = start
                if size:
                    # pdfminer's box is one font size tall from the descent line (where PDFium's
                    # box also starts) up; PDFium's reaches the font's ascent, which differs
                    # between the Chinese and the Latin fonts of one line, splitting it in two.
                    top = bottom + size
            # Placed as ``point`` places a point (inlined: this runs for every character). The page
            # turns by multiples of 90°, so the turned corners are still opposite corners.
            x0, x1 = a * left + c * bottom + e, a * right + c * top + e
            y0, y1 = b * left + d * bottom + f, b * right + d * top + f
            if x0 > x1:
                x0, x1 = x1, x0
            if y0 > y1:
                y0, y1 = y1, y0
            x0, x1, above, below = x0 + mb_x0, x1 + mb_x0, height - y1 + mb_top, height - y0 + mb_top
            width, tall = x1 - x0, below - above
            chars.append(
                {
                    "text": value,
                    "fontname": fontname,
                    "size": size or (tall if upright else width),
                    "adv": width if upright else tall,
                    "upright": upright,
                    "x0": x0,
                    "y0": height - below + mb_top,
                    "x1": x1,
                    "y1": height - above + mb_top,
                    "width": width,
                    "height": tall,
                    "top": above,
                    "bottom": below,
                    "doctop": doctop + above,
                    "matrix": matrix,
                    "object_type": "char",
                    "page_number": number,
                    "stroking_color": None,
                    "non_stroking_color": None,
                }
            )
        return chars

    def _blank_at(self, textpage, index: int, value: str = " ") -> float | None:
        """Where the file writes a space of its own that the space (or line break) PDFium
        generated at ``index`` stands for (its x, PDF space), or None.

        A space written as a text object of its own (exports that write each character apart) is
        left out of PDFium's text, which puts a generated space in its place; pdfminer reads it
        as printed, and so it is kept (合 计 stays one word). PDFium places its space after the
        character before it by that character's width unscaled: on a page drawn scaled (a wide
        table shrunk to fit, ``0.9 0 0 0.9 cm``) it stands a point or so away from where that
        character ends and the file writes the space (收 ends at 251.4, PDFium's space at 252.2),
        so the file's space is looked for between the two. Scaled further (0.7), that point lies
        past where the next character starts, and PDFium breaks the line there instead (收, a
        generated line break, 入): a break followed by the rest of the same line is read likewise."""
        if not self.blanks:
            return None
        rect, before, after = raw.FS_RECTF(), raw.FS_RECTF(), raw.FS_RECTF()
        if not raw.FPDFText_GetLooseCharBox(textpage, index, rect):
            return None
        anchor = rect.left
        if index > 0 and raw.FPDFText_GetLooseCharBox(textpage, index - 1, before):
            # The character before, on the same line, ending within its own width of the space.
            width = before.right - before.left
            if before.bottom - 1 <= rect.bottom <= before.top + 1 and abs(before.right - rect.left) <= max(
                width, 1
            ):
                anchor = before.right
        low, high = min(anchor, rect.left), max(anchor, rect.left)
        if value != " ":
            # A line break: the next character (after its second half) goes on with the line.
            following = index + 2
            if (
                anchor == rect.left
                or following >= raw.FPDFText_CountChars(textpage)
                or raw.FPDFText_IsGenerated(textpage, following)
                or not raw.FPDFText_GetLooseCharBox(textpage, following, after)
                or not after.bottom - 1 <= rect.bottom <= after.top + 1
                or after.left < anchor - 0.5
            ):
                return None
            high = min(high, after.left)
        found = [
            (abs(x - anchor), x)
            for step in range(int(low) - 1, int(high) + 2)
            for x, y in self.blanks.get(step, ())
            if low - 0.5 <= x <= high + 0.5 and rect.bottom - 1 <= y <= rect.top + 1
        ]
        return min(found)[1] if found else None

    def _turned_spaces(self, read: list[list]) -> list[tuple[tuple, tuple, list[float]]]:
        """The spaces written on their own on turned lines, read as pdfminer reads them: each
        one's key, style and box (PDF space), from where it starts up to where the next space or
        character of its line starts, as tall as the next character. A space with neither
        within a font size after it (ending a line, or an object holding nothing) is left out."""
        blanks = self.turned_blanks
        found: dict[int, tuple] = {}  # blank → (how far along, next character's box or blank)
        candidates = [tuple(entry[2:]) for entry in read if entry[0] != " "]
        # Another space further along (more than a drawn-again copy's offset away).
        candidates += [(other[0], other[1], other[0], other[1], index) for index, other in enumerate(blanks)]
        cells: dict[tuple[int, int], list[tuple]] = {}  # by the square of side CELL of their corner
        wide = tall = 0.0  # the widest and tallest of them
        for candidate in candidates:
            left, bottom, right, top = candidate[:4]
            cells.setdefault((int(left // CELL), int(bottom // CELL)), []).append(candidate)
            wide, tall = max(wide, right - left), max(tall, top - bottom)
        for number, (x, y, (ma, mb, mc, md), font, font_size) in enumerate(blanks):
            key = (ma, mb, mc, md, font, font_size)
            style = self.styles.get(key)
            if style is None:
                style = self.styles[key] = self._new_style(*key)
            run = (ma**2 + mb**2) ** 0.5
            reach = style[1] or font_size * run
            if not run or not reach:
                continue
            ua, ub = ma / run, mb / run
            nearest, following = reach, None
            near = (
                candidate
                for cx in range(int((x - reach - wide) // CELL), int((x + reach) // CELL) + 1)
                for cy in range(int((y - reach - tall) // CELL), int((y + reach) // CELL) + 1)
                for candidate in cells.get((cx, cy), ())
            )
            for left, bottom, right, top, *other in near:
                if left - x > reach or x - right > reach or bottom - y > reach or y - top > reach:
                    continue
                # The box along the run and across it (up the glyph), from the space.
                along = [(px - x) * ua + (py - y) * ub for px in (left, right) for py in (bottom, top)]
                across = [(py - y) * ua - (px - x) * ub for px in (left, right) for py in (bottom, top)]
                begin, low, high = min(along), min(across), max(across)
                slack = 1 if other else 0
                if slack < begin <= nearest and low - 3 <= 0 <= high + slack:
                    nearest, following = begin, other[0] if other else (left, bottom, right, top)
            if following is not None:
                found[number] = (nearest, following, (ua, ub), style)
        spaces = []
        for number, (nearest, following, (ua, ub), style) in found.items():
            x, y = blanks[number][:2]
            for _ in range(len(blanks)):  # through the spaces after it to the next character
                if not isinstance(following, int):
                    break
                following = found.get(following, (0, None))[1]
            if not isinstance(following, tuple):
                continue
            left, bottom, right, top = following
            across = [(py - y) * ua - (px - x) * ub for px in (left, right) for py in (bottom, top)]
            low, high = min(across), max(across)
            corners = [(x + s * ua - h * ub, y + s * ub + h * ua) for s in (0, nearest) for h in (low, high)]
            xs, ys = [cx for cx, _ in corners], [cy for _, cy in corners]
            spaces.append((blanks[number], style, [min(xs), min(ys), max(xs), max(ys)]))
        return spaces

    def _style(self, textpage, index: int, obj: int) -> tuple[str, float, bool, tuple, bool]:
        """A text object's font name and size and its characters' orientation and matrix.

        Some producers write every character as a text object of its own; what the characters
        share (matrix, font, size) is worked out once per combination."""
        matrix = self.matrix
        raw.FPDFText_GetMatrix(textpage, index, matrix)
        font = _object_font(obj)
        _object_font_size(obj, self.font_size)
        key = (matrix.a, matrix.b, matrix.c, matrix.d, font, self.font_size.value)
        style = self.styles.get(key)
        if style is None:
            style = self.styles[key] = self._new_style(*key)
        return style

    def _new_style(self, ma, mb, mc, md, font, font_size) -> tuple[str, float, bool, tuple, bool]:
        a, b, c, d, _, _ = self.ctm
        # The characters' matrix on the displayed page, as pdfminer's LTChar.matrix.
        m = (ma * a + mb * c, ma * b + mb * d, mc * a + md * c, mc * b + md * d, 0.0, 0.0)
        upright = m[0] * m[3] > 0 and m[1] * m[2] <= 0
        level = ma * md > 0 and mb == 0 and mc == 0  # upright in PDF space
        name = self.fonts.get(font)
        if name is None:
            name = self.fonts[font] = _font_name(font)
        return name, font_size * (mc**2 + md**2) ** 0.5, upright, m, level

    def drawings(self):
        """Every painted path on the page (inside forms too), as pdfminer sorts them: a single
        segment is a line, a closed axis-aligned four-sided path a rect, anything else a curve."""
        page = self.page.source.raw
        for index in range(raw.FPDFPage_CountObjects(page)):
            yield from self._object(raw.FPDFPage_GetObject(page, index), None)

    def _object(self, obj, outer):
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            matrix = _matrix(obj, outer)
            for index in range(raw.FPDFFormObj_CountObjects(obj)):
                yield from self._object(raw.FPDFFormObj_GetObject(obj, index), matrix)
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            yield from self._path(obj, outer)
        elif kind == raw.FPDF_PAGEOBJ_TEXT and not self.unmeasured:
            left, bottom, right, top = self.bounds
            raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            if abs(right.value - left.value) < 0.01:
                self.unmeasured = self._unmeasured(raw.FPDFTextObj_GetFont(obj))
                a, b, c, d, e, f = _matrix(obj, outer)
                if b or a <= 0:
                    size = ctypes.c_float(0)
                    raw.FPDFTextObj_GetFontSize(obj, size)
                    font = _address(raw.FPDFTextObj_GetFont(obj))
                    self.turned_blanks.append((e, f, (a, b, c, d), font, size.value))
                else:  # on an upright line (``_blank_at``); a turned one's is ``_turned_spaces``'
                    self.blanks.setdefault(int(left.value), []).append((left.value, bottom.value))

    def _unmeasured(self, font) -> bool:
        """Whether a text object PDFium measured as zero wide may hold a character it left out.

        A font embedded in the file has every glyph's box, and PDFium substitutes a font of its
        own for a simple (one-byte) font such as Times New Roman: there, nothing is zero wide
        but a space. A Chinese (CID) font neither embedded nor installed on the server has no
        glyph boxes, and its lone characters would be lost.
        """
        if not font or raw.FPDFFont_GetIsEmbedded(font):
            return False
        if self.simple_fonts is None:
            self.simple_fonts = _simple_fonts(self.page)
        return _font_name(_address(font)).split("+")[-1] not in self.simple_fonts

    def _path(self, obj, outer):
        fill_mode, stroke = ctypes.c_int(0), ctypes.c_int(0)
        raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        if not fill_mode.value and not stroke.value:
            return  # a clipping path, not painted
        a, b, c, d, e, f = _matrix(obj, outer)
        x, y = ctypes.c_float(0), ctypes.c_float(0)
        subpaths: list[list[tuple[str, float, float]]] = []
        pending: list[tuple[float, float]] = []
        for index in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, index)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([("m", *point)])
            elif kind == raw.FPDF_SEGMENT_BEZIERTO:
                pending.append(point)
                if len(pending) == 3:
                    subpaths[-1].append(("c", *pending[-1]))
                    pending = []
            else:
                subpaths[-1].append(("l", *point))
            if raw.FPDFPathSegment_GetClose(segment):
                subpaths[-1].append(("h", *subpaths[-1][0][1:]))
        width = ctypes.c_float(0)
        raw.FPDFPageObj_GetStrokeWidth(obj, width)
        style = {
            "linewidth": width.value,
            "stroke": bool(stroke.value),
            "fill": bool(fill_mode.value),
            "evenodd": fill_mode.value == raw.FPDF_FILLMODE_ALTERNATE,
            "stroking_color": None,
            "non_stroking_color": None,
            "dash": None,
        }
        for subpath in subpaths:
            drawn = self._shape(subpath, style)
            if drawn is not None:
                yield drawn

    def _shape(self, path, style):
        shape = "".join(op for op, *_ in path)
        pts = [(x, y) for _, x, y in path]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if len(pts) < 2:
            return None
        if shape in {"mlh", "ml"}:
            kind, pts = "line", pts[:2]
        elif shape in {"mlllh", "mllll"}:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            kind = "rect" if pts[0] == pts[4] and square else "curve"
        else:
            kind = "curve"
        placed = [self.point(*p) for p in pts]
        xs, tops = [p[0] for p in placed], [p[1] for p in placed]
        obj = self.placed(min(xs), min(tops), max(xs), max(tops))
        obj.update(style)
        obj.update(
            object_type=kind,
            page_number=self.number,
            pts=placed,
            path=[(op, self.point(x, y)) for (op, x, y) in path],
        )
        return kind, obj


def _matrix(obj, outer) -> tuple[float, float, float, float, float, float]:
    """An object's matrix, composed with the form's it is drawn in."""
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        m = raw.FS_MATRIX(1, 0, 0, 1, 0, 0)
    inner = (m.a, m.b, m.c, m.d, m.e, m.f)
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 (the matrix's usual letters)
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _with_addresses(name: str, restype, *argtypes):
    """A PDFium function taking and giving handles as plain addresses: ctypes.cast on every
    character is slow, and an address is what a handle is compared and cached by."""
    address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_text_object = _with_addresses("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_object_font = _with_addresses("FPDFTextObj_GetFont", ctypes.c_void_p, ctypes.c_void_p)
_object_font_size = _with_addresses(
    "FPDFTextObj_GetFontSize", ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_float)
)
_font_base_name = _with_addresses(
    "FPDFFont_GetBaseFontName", ctypes.c_size_t, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
)


def _font_name(font: int | None) -> str:
    if not font:
        return ""
    size = _font_base_name(font, None, 0)
    if size <= 1:
        return ""
    buffer = ctypes.create_string_buffer(size)
    _font_base_name(font, buffer, size)
    return buffer.value.decode("utf-8", errors="replace")


# More form XObjects than any page a publisher's software writes; a page with more is read by
# pdfminer, as one whose forms draw themselves.
MAX_FORMS = 2000


def _draws_itself(page: Page) -> bool:
    """Whether a form XObject of the page draws itself, directly or through others.

    PDFium expands such a form again and again until memory runs out, and then ends the process
    (it cannot raise); pdfminer notices the loop. So such a page (a hostile file's) is left to
    pdfminer. The walk follows the resources only (cheap), each form once per path.
    """
    from pdfminer.pdftypes import PDFStream, resolve1

    def xobjects(resources) -> list:
        resources = resolve1(resources)
        found = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
        return list(found.values()) if isinstance(found, dict) else []

    visited = 0
    stack = [(reference, frozenset()) for reference in xobjects(page.page_obj.resources)]
    try:
        while stack:
            reference, path = stack.pop()
            objid = getattr(reference, "objid", None)
            if objid is not None and objid in path:
                return True
            form = resolve1(reference)
            if not isinstance(form, PDFStream) or getattr(form.get("Subtype"), "name", "") != "Form":
                continue
            visited += 1
            if visited > MAX_FORMS:
                return True
            inner = path | {objid} if objid is not None else path
            stack.extend((child, inner) for child in xobjects(form.get("Resources")))
    except Exception:  # a broken resource tree: pdfminer reads it (and says what is wrong)
        return True
    return False


def _simple_fonts(page: Page) -> set[str]:
    """The names of the page's one-byte fonts (Type1, TrueType …: not Type0), as pdfminer finds
    them in its resources; subset prefixes (ABCDEF+) removed."""
    from pdfplumber.utils import resolve_all

    names = set()
    with contextlib.suppress(Exception):
        fonts = resolve_all((page.page_obj.resources or {}).get("Font")) or {}
        for font in fonts.values():
            if isinstance(font, dict) and getattr(font.get("Subtype"), "name", "") != "Type0":
                base = getattr(font.get("BaseFont"), "name", font.get("BaseFont"))
                if isinstance(base, bytes):
                    base = base.decode("latin-1")
                if isinstance(base, str):
                    names.add(base.split("+")[-1])
    return names


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _raw_mediabox(page: Page) -> tuple[float, float, float, float]:
    """The media box as the file gives it (lower-left, upper-right), before pdfplumber turns it."""
    from pdfplumber.utils import resolve_all

    box = resolve_all(page.page_obj.attrs.get("MediaBox")) or page.page_obj.mediabox
    x0, x1 = sorted((float(box[0]), float(box[2])))
    y0, y1 = sorted((float(box[1]), float(box[3])))
    return x0, y0, x1, y1
