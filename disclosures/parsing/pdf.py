"""Open a PDF, refuse what cannot be read, and lay out each page's visible content.

Only what is inside a page's visible box is read: some exports carry hidden copies of
tables placed outside it, or clipped text above it.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import LITERAL_PAGE, LITERAL_PAGES
from pdfminer.pdftypes import resolve1

from disclosures.parsing.classify import table_kind
from disclosures.parsing.errors import RefusedFile, caused_by, raised_by_library
from disclosures.parsing.grid import PageLayout, grid_from_text, lay_out
from disclosures.parsing.page import Grid, TextLine
from disclosures.parsing.project_text import project_grids
from disclosures.parsing.tables import wraps_onto
from disclosures.parsing.text import FOOTER_RE, is_amount, squeeze

# Tables printed without ruling lines (see ``unruled_region`` and ``grid.grid_from_text``).
# Prose quoting figures: sentence punctuation, or a figure followed by its unit (202.24 万元).
SENTENCE_RE = re.compile(r"[，。；]")
FIGURE_IN_PROSE_RE = re.compile(r"\d\s*(万|元|亿|%|％)")
NAMED_ROW_RE = re.compile(r"^\s*\d{1,3}\s+\S*[\u4e00-\u9fff]")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
PAGE_NUMBER_RE = re.compile(r"[第共]\s*\d+\s*页")
# A line numbering the columns: 栏次 1 2 3 …, 行次 1 2 3 …, ** ** ** 1 2 3 …, or 1 2 3 4 ….
COLUMN_NUMBERS_RE = re.compile(r"^\s*(栏次|档次|行次|\*+)((\s+\*+)*\s+\d+)+\s*$|^\s*1(\s+\d+){3,}\s*$")
# A line of a statement table: a code (after its 序号), or a 序号 and a name, then amounts.
CODE_LINE_RE = re.compile(r"^\s*(\d{1,3}\s+)?\d{3}(\d\d){0,2}\s")
# Lines between a table's title and its header: 单位：万元, 部门：…, 预算年度：2026.
PREAMBLE_LINE_RE = re.compile(r"单\s*位\s*[:：]|部\s*门\s*[:：]|年\s*度\s*[:：]|^\s*\d{3,}\s*\S+\s*$")


# Deeper than any page tree a publisher's software writes (a balanced tree of 500 pages is a few
# levels deep); a deeper one is built to exhaust the reader.
MAX_PAGE_TREE_DEPTH = 64

ENCRYPTED = "PDF已加密，需要密码才能读取；请上传未加密的文件"
BROKEN = "PDF文件已损坏或不完整，无法打开"


@contextlib.contextmanager
def open_pdf(path: str | Path, *, filename: str, max_pages: int) -> Iterator[pdfplumber.PDF]:
    """Open a PDF for reading, or raise RefusedFile saying why it cannot be read.

    The pages are counted from the document catalogue's page tree before any page is built, so
    a file of 200,000 pages (or one whose tree loops) is refused at once; and closing never
    raises, so that the refusal is what the caller sees, not an error from tidying up.
    """
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(1024)
    if not head:
        raise RefusedFile("文件是空的（0字节）", filename=filename)
    if b"%PDF-" not in head:
        if re.match(rb"\s*(<!doctype\s+html|<html)", head.lstrip(b"\xef\xbb\xbf"), re.IGNORECASE):
            # A download page saved in place of the PDF it links to.
            raise RefusedFile("不是PDF文件，而是网页（HTML）；请下载网页所链接的PDF再上传", filename=filename)
        raise RefusedFile("不是PDF文件（文件开头没有PDF标记）", filename=filename)
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise RefusedFile(ENCRYPTED, filename=filename) from error
    except Exception as error:  # pdfminer raises many kinds on a file it cannot read
        if isinstance(getattr(error, "args", [None])[0], PDFPasswordIncorrect | PDFEncryptionError):
            raise RefusedFile(ENCRYPTED, filename=filename) from error
        raise RefusedFile(BROKEN, filename=filename) from error
    try:
        if getattr(pdf.doc, "encryption", None):
            raise RefusedFile("PDF已加密；请上传未加密的文件", filename=filename)
        try:
            count, looped = count_pages(pdf.doc, limit=max_pages)
        except RefusedFile as error:
            raise RefusedFile(error.reason, filename=filename) from error
        except Exception as error:  # pdfminer raises many kinds on a broken page tree
            raise RefusedFile("PDF文件已损坏或不完整，无法读取页面", filename=filename) from error
        if count == 0 and looped:
            raise RefusedFile("PDF的页面树循环引用自身，文件已损坏", filename=filename)
        if count == 0:
            raise RefusedFile("PDF没有页面", filename=filename)
        if count > max_pages:
            # The count stops past the limit; the tree's own /Count says how many it claims.
            claimed = _claimed_count(pdf.doc)
            count = claimed if claimed > count else count
            raise RefusedFile(f"共{count}页，超过允许的{max_pages}页上限", filename=filename)
        try:
            pdf.pages  # noqa: B018 (built here, where an error means a broken page)
        except Exception as error:
            raise RefusedFile("PDF文件已损坏或不完整，无法读取页面", filename=filename) from error
        yield pdf
    finally:
        close_quietly(pdf)


@contextlib.contextmanager
def reading_pages(pdf: pdfplumber.PDF, path: str | Path) -> Iterator[list]:
    """The pages of an opened PDF, their characters and drawings read by the chosen layer.

    By default (``DISCLOSURE_PDF_LAYER=pdfium``) PDFium reads them (``pdfium.PdfiumPage``: the
    same pdfplumber page, several times faster to build); ``DISCLOSURE_PDF_LAYER=pdfminer`` gives
    pdfplumber's own pages, as before PDFium, to compare or should PDFium misread a file.
    """
    if os.environ.get("DISCLOSURE_PDF_LAYER", "pdfium") != "pdfminer":
        from disclosures.parsing.pdfium import pdfium_pages

        with pdfium_pages(pdf, path) as pages:
            yield pages
    else:
        yield pdf.pages


def count_pages(document, *, limit: int) -> tuple[int, bool]:
    """How many pages the page tree holds, counting at most ``limit + 1``, and whether it loops.

    Walks the tree from the catalogue's /Pages as pdfminer does (each node once, so a /Kids that
    refers to itself or to an ancestor ends the walk instead of starting it again), without
    building a page. A tree deeper than MAX_PAGE_TREE_DEPTH is refused. Without a /Pages tree,
    pdfminer falls back to every object of /Type /Page, and so does the count.
    """
    catalog = document.catalog
    count, looped = 0, False
    if "Pages" in catalog:
        seen: set[int] = set()
        stack: list[tuple[object, int, frozenset[int]]] = [(catalog["Pages"], 0, frozenset())]
        while stack and count <= limit:
            node, depth, ancestors = stack.pop()
            objid = getattr(node, "objid", None)
            if objid is not None:
                if objid in seen:
                    looped = looped or objid in ancestors
                    continue
                seen.add(objid)
            node = resolve1(node)
            if not isinstance(node, dict):
                continue
            kind = node.get("Type") or node.get("type")
            if kind is LITERAL_PAGES and "Kids" in node:
                if depth >= MAX_PAGE_TREE_DEPTH:
                    raise RefusedFile(f"PDF的页面树嵌套超过{MAX_PAGE_TREE_DEPTH}层，结构异常")
                kids = resolve1(node["Kids"])
                path = ancestors | {objid} if objid is not None else ancestors
                if isinstance(kids, list):
                    stack.extend((kid, depth + 1, path) for kid in reversed(kids))
            elif kind is LITERAL_PAGE:
                count += 1
    if count:
        return count, looped
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if count > limit:
                return count, looped
            with contextlib.suppress(Exception):
                obj = document.getobj(objid)
                if isinstance(obj, dict) and obj.get("Type") is LITERAL_PAGE:
                    count += 1
    return count, looped


def _claimed_count(document) -> int:
    with contextlib.suppress(Exception):
        claimed = resolve1(resolve1(document.catalog["Pages"])["Count"])
        if isinstance(claimed, int):
            return claimed
    return 0


def close_quietly(pdf: pdfplumber.PDF) -> None:
    """Close a PDF without raising: pdfplumber's own close() builds every page it has not built
    yet (to close them), which on a broken page tree raises again and hides the refusal."""
    pages = pdf.__dict__.get("_pages") or []
    for page in pages:
        with contextlib.suppress(Exception):
            page.close()
    if not pdf.stream_is_external:
        with contextlib.suppress(Exception):
            pdf.stream.close()


def visible(page):
    """The page with everything whose middle lies outside the visible box removed.

    pdfplumber gives coordinates as displayed (a /Rotate 90 page's text runs across its
    height), while ``page.bbox`` stays unrotated; the box is turned to match.
    """
    x0, top, x1, bottom = page.bbox
    if page.rotation % 180 == 90:
        x0, top, x1, bottom = top, x0, bottom, x1

    def inside(obj) -> bool:
        middle_x = (obj["x0"] + obj["x1"]) / 2
        middle_y = (obj["top"] + obj["bottom"]) / 2
        return x0 <= middle_x <= x1 and top <= middle_y <= bottom

    return page.filter(inside)


def layout_page(page, *, filename: str, previous: PageLayout | None = None) -> PageLayout:
    """A page's grids and text lines, read once for every parser (see ``grid.lay_out``).

    ``previous`` is the page before, as laid out: a table printed without rules that ends it
    goes on on this page where its header is printed again at the top (``repeated_header``).
    """
    last = previous.grids[-1] if previous is not None and previous.grids else None
    header = last.header_lines if last is not None and last.unruled else []
    try:
        tables = page.find_tables()
        lines = page.extract_text_lines(return_chars=False)
        extra = []
        for region in unruled_regions(page, lines, [table.bbox for table in tables], header):
            inside = [line for line in lines if _holds(region, line)]
            run = repeated_header(inside, header)
            data_top = columns = None
            if run is not None:
                data_top = inside[run[1]]["bottom"]
                printed = [(squeeze(line["text"]), line["x0"]) for line in inside[run[0] : run[1] + 1]]
                if _same_place(printed, header):
                    columns = last.columns
            grid = grid_from_text(page, region, data_top=data_top, columns=columns)
            if grid is not None and grid.columns:
                grid.header_lines = _header_lines(grid, inside)
                extra.append(grid)
        # Project tables printed without vertical rules: read from where their words lie.
        boxes = [table.bbox for table in tables] + [(g.x0, g.top, g.x1, g.bottom) for g in extra]
        projects = project_grids(page, lines, boxes)
    except Exception as error:  # a broken content stream on one page
        if caused_by(error, MemoryError) or not raised_by_library(error):
            raise  # the memory limit, or a bug of ours: not the page's fault
        raise RefusedFile(
            "页面内容无法解析，文件可能已损坏", filename=filename, page=page.page_number
        ) from error
    layout = lay_out(page, tables, lines, extra + projects)
    layout.unruled = bool(extra)
    # What pdfplumber keeps of the page (its characters, lines and layout) is no longer needed:
    # let it go, so that a long document's memory does not grow with every page read.
    with contextlib.suppress(Exception):
        page.root_page.close()
    return layout


def _amount_count(text: str) -> int:
    """The amounts printed in a line: with decimals, or whole ones after the row's name (a number
    first, 224 某单位, is a code or a 序号; 第 3 页 numbers the page)."""
    footer, named, count = bool(PAGE_NUMBER_RE.search(text)), False, 0
    for word in text.split():
        if is_amount(word):
            count += "." in word or (named and not footer)
        elif CJK_RE.search(word):
            named = True
    return count


def _is_row(text: str) -> bool:
    """Whether a line reads as a row of a statement table, not a sentence quoting figures."""
    if SENTENCE_RE.search(text) or FIGURE_IN_PROSE_RE.search(text) or COLUMN_NUMBERS_RE.match(text):
        return False
    count = _amount_count(text)
    return count >= 2 or (count >= 1 and bool(CODE_LINE_RE.match(text) or NAMED_ROW_RE.match(text)))


def _empty_table_header(lines: list[dict], titles: list[int]) -> int | None:
    """Where the header of a table printed empty, without rules and with no 栏次 line, starts:
    the first line under its title and the 单位/部门 lines, when it reads as headers (no
    sentence, no figure). None when there is no such line."""
    if not titles:
        return None
    index = titles[-1] + 1
    while index < len(lines) and PREAMBLE_LINE_RE.search(lines[index]["text"]):
        index += 1
    if index >= len(lines):
        return None
    text = lines[index]["text"]
    if (
        SENTENCE_RE.search(text)
        or FIGURE_IN_PROSE_RE.search(text)
        or squeeze(text).startswith(("注", "说明"))
    ):
        return None
    return index


def _header_lines(grid: Grid, lines: list[dict]) -> list[tuple[str, float]]:
    """The text lines of a grid read from aligned text above its first data row (squeezed, and
    where each starts): its header as printed."""
    data = [cell for row in grid.data_rows for cell in row if cell.text]
    end = min((cell.top for cell in data), default=grid.bottom + 1)
    return [
        (squeeze(line["text"]), line["x0"])
        for line in lines
        if grid.top - 1 <= line["top"] and line["bottom"] < end + 1 and squeeze(line["text"])
    ]


def repeated_header(lines: list[dict], header: list[tuple[str, float]]) -> tuple[int, int] | None:
    """Where a page prints ``header`` (the header of a table the page before ends with, see
    ``_header_lines``) again, before any row of figures: the first and last of its lines. A page
    with no title of its own that starts so continues that table, whatever its rows hold (rows
    with no amounts, the rest of a row broken over the page, a total row alone)."""
    wanted = Counter("".join(text for text, _ in header))
    if not wanted:
        return None
    for first in range(len(lines)):
        if _is_row(lines[first]["text"]):
            return None
        joined: Counter = Counter()
        for last in range(first, len(lines)):
            # The same words, however they fall into lines: a header's words wrap and line up
            # differently where its columns are set wider or narrower on the page.
            joined.update(squeeze(lines[last]["text"]))
            if joined == wanted:
                return first, last
            if joined - wanted:
                break
    return None


def _same_place(printed: list[tuple[str, float]], header: list[tuple[str, float]]) -> bool:
    """Whether a header is printed line for line where ``header`` was: its columns lie where
    that table's did."""
    return len(printed) == len(header) and all(
        text == other and abs(x0 - other_x0) <= 2
        for (text, x0), (other, other_x0) in zip(printed, header, strict=True)
    )


def unruled_regions(
    page, lines: list[dict], ruled=(), header: list[tuple[str, float]] | None = None
) -> list[tuple[float, float, float, float]]:
    """Where the tables printed without ruling lines lie on a page, top to bottom.

    Several short tables may share a page: each title naming a standard table starts one, so
    the page is read in stretches from one such title to the next (the stretch above the first
    title may hold the end of a table from the page before, below ``header`` repeated), each
    as ``unruled_region`` reads a page.
    """
    titles = [first for first, _ in _titles(lines)]
    starts = [0, *titles] if titles and titles[0] > 0 else titles or [0]
    regions = []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        region = unruled_region(page, lines[start:end], ruled, header if start == 0 else None)
        if region is not None:
            regions.append(region)
    return regions


def unruled_region(
    page, lines: list[dict], ruled=(), header: list[tuple[str, float]] | None = None
) -> tuple[float, float, float, float] | None:
    """Where a table printed without ruling lines lies on a page; None where the page shows no
    such table. ``ruled`` are the boxes of the grids the lines strategy found on the page: a
    table printed without rules beside them is read from the lines outside them, and only
    where it lies apart from them (above or below).

    A table is there when its title names one of the standard tables, or a 栏次 line numbers
    its columns, or several lines read as its rows (a code, or a 序号 and a code, then an
    amount; or two amounts or more; sentences quoting figures are prose). It lies below the
    title and the 单位 line under it (on a continued page, below the 单位 line), down past its
    last row of amounts to the rows printed without any, or in a table printed empty to its
    栏次 line. A page with no title that repeats the ``header`` of the table the page before
    ends with continues it, below that header, however few its rows of amounts.
    """
    if ruled:
        lines = [line for line in lines if not any(_holds(box, line) for box in ruled)]
    rows = [index for index, line in enumerate(lines) if _is_row(line["text"])]
    numbers = [index for index, line in enumerate(lines) if COLUMN_NUMBERS_RE.match(line["text"])]
    spans = _titles(lines)
    titles = [last for first, last in spans if not rows or last < rows[0]]
    continued = None if titles else repeated_header(lines, header or [])
    if continued is not None:
        numbers = [continued[1], *numbers]  # rows start below it, as below a 栏次 line
    if not (titles or numbers or len(rows) >= 3):
        return None
    if not rows and not numbers:
        first = _empty_table_header(lines, titles)
        if first is None:
            return None
        rows = [first]
    first = min([*rows[:1], *numbers[:1]])
    last = max([*rows[-1:], *numbers[:1]])
    top = lines[titles[-1]]["bottom"] if titles else lines[0]["top"] - 1
    for line in lines[titles[-1] + 1 if titles else 0 : first]:
        if re.search(r"单\s*位\s*[:：]", line["text"]):
            top = line["bottom"]
    if continued is not None:
        top = lines[continued[0]]["top"] - 1
    # Rows with no amounts printed (二十、… in 收支总表) continue the table down the page, line
    # after line at the pitch of its rows, until a 注 note, a title, the page's number (printed
    # at its foot, it may lie as near under a table ending low on the page) or a wider gap.
    tops = [lines[i]["top"] for i in range(first, last + 1)]
    pitches = sorted(b - a for a, b in zip(tops, tops[1:], strict=False) if b > a)
    pitch = pitches[len(pitches) // 2] if pitches else 2 * (lines[last]["bottom"] - lines[last]["top"])
    while last + 1 < len(lines):
        line = lines[last + 1]
        text = squeeze(line["text"])
        if (
            line["top"] - lines[last]["top"] > 1.6 * pitch
            or text.startswith(("注", "说明"))
            or FOOTER_RE.match(text)
            or any(first == last + 1 for first, _ in spans)
        ):
            break
        last += 1
    bottom = lines[last]["bottom"]
    x0, y0, x1, y1 = page.bbox
    if page.rotation % 180 == 90:  # coordinates as displayed (see ``visible``)
        x0, x1 = y0, y1
    if any(box[1] < bottom + 0.5 and box[3] > top + 0.5 for box in ruled):
        return None  # the lines found run into a ruled grid: not a table of their own
    return (x0, top + 0.5, x1, bottom + 0.5)


def _titles(lines: list[dict]) -> list[tuple[int, int]]:
    """The titles naming a standard table among ``lines`` (top to bottom), each as the indices of
    its first and last line: a title too long for one line (盐城市…部门预算财政拨款“三公”经费支出
    / 表) goes on onto the lines printed in the same size right under it, and starts at its
    first line."""
    spans = []
    index = 0
    while index < len(lines):
        last = index
        while last < len(lines):
            if table_kind(squeeze("".join(line["text"] for line in lines[index : last + 1])))[0]:
                spans.append((index, last))
                break
            if last + 1 == len(lines) or last - index >= 2 or not _wraps(lines[last], lines[last + 1]):
                last = index
                break
            last += 1
        index = last + 1
    return spans


def _wraps(line: dict, following: dict) -> bool:
    """Whether ``following`` may go on with a title begun on ``line`` (``tables.wraps_onto``)."""
    return wraps_onto(_text_line(line), _text_line(following))


def _text_line(line: dict) -> TextLine:
    return TextLine(line["text"], line["top"], line["bottom"], line["x0"], line["x1"])


def _holds(box, line: dict) -> bool:
    """Whether a text line is printed inside a grid's box."""
    middle = (line["top"] + line["bottom"]) / 2
    return box[1] - 1 <= middle <= box[3] + 1 and line["x0"] < box[2] and line["x1"] > box[0]
