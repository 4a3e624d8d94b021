"""Files that are not readable disclosures, made by code, for the refusal tests."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"


def _canvas(target, **kwargs) -> canvas.Canvas:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(target, pagesize=A4, invariant=1, **kwargs)


def text_pdf(path: Path, lines: list[str], **kwargs) -> Path:
    """A one-page PDF printing the given lines."""
    c = _canvas(str(path), **kwargs)
    c.setFont(FONT, 12)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 20 * i, line)
    c.showPage()
    c.save()
    return path


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def text_file_named_pdf(path: Path) -> Path:
    path.write_text("部门预算收支总表\n这不是PDF，只是改了扩展名的文本文件。\n", encoding="utf-8")
    return path


def truncated_pdf(path: Path) -> Path:
    whole = io.BytesIO()
    c = _canvas(whole)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "部门预算收支总表")
    c.showPage()
    c.save()
    data = whole.getvalue()
    path.write_bytes(data[: len(data) // 3])
    return path


def encrypted_pdf(path: Path) -> Path:
    return text_pdf(path, ["2025年部门预算收支总表", "单位：万元"], encrypt="secret")


def image_only_pdf(path: Path) -> Path:
    """A scanned page: a picture of a table, no text layer."""
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(picture, format="PNG")
    picture.seek(0)
    c = _canvas(str(path))
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(picture), 72, 400, width=400, height=300)
    c.showPage()
    c.save()
    return path


def not_a_disclosure_pdf(path: Path) -> Path:
    return text_pdf(path, ["会议通知", "定于下周三下午三点在三楼会议室召开全体会议，请准时参加。"])
