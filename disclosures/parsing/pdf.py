"""Open a PDF, refuse what cannot be read, and lay out each page's visible content.

Only what is inside a page's visible box is read: some exports carry hidden copies of
tables placed outside it, or clipped text above it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from disclosures.parsing.errors import RefusedFile
from disclosures.parsing.grid import PageLayout, lay_out


@contextlib.contextmanager
def open_pdf(path: str | Path, *, filename: str, max_pages: int) -> Iterator[pdfplumber.PDF]:
    """Open a PDF for reading, or raise RefusedFile saying why it cannot be read."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(1024)
    if not head:
        raise RefusedFile("文件是空的（0字节）", filename=filename)
    if b"%PDF-" not in head:
        raise RefusedFile("不是PDF文件（文件开头没有PDF标记）", filename=filename)
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise RefusedFile("PDF已加密，需要密码才能读取；请上传未加密的文件", filename=filename) from error
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        if isinstance(getattr(error, "args", [None])[0], PDFPasswordIncorrect | PDFEncryptionError):
            raise RefusedFile("PDF已加密，需要密码才能读取；请上传未加密的文件", filename=filename) from error
        raise RefusedFile("PDF文件已损坏或不完整，无法打开", filename=filename) from error
    try:
        if getattr(pdf.doc, "encryption", None):
            raise RefusedFile("PDF已加密；请上传未加密的文件", filename=filename)
        try:
            count = len(pdf.pages)
        except Exception as error:  # pdfminer raises many kinds on a broken page tree
            raise RefusedFile("PDF文件已损坏或不完整，无法读取页面", filename=filename) from error
        if count == 0:
            raise RefusedFile("PDF没有页面", filename=filename)
        if count > max_pages:
            raise RefusedFile(f"共{count}页，超过允许的{max_pages}页上限", filename=filename)
        yield pdf
    finally:
        pdf.close()


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


def layout_page(page, *, filename: str) -> PageLayout:
    """A page's grids and text lines, read once for every parser (see ``grid.lay_out``)."""
    try:
        tables = page.find_tables()
        lines = page.extract_text_lines(return_chars=False)
    except Exception as error:  # a broken content stream on one page
        raise RefusedFile(
            "页面内容无法解析，文件可能已损坏", filename=filename, page=page.page_number
        ) from error
    return lay_out(page, tables, lines)
