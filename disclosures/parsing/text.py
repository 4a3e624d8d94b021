"""Small text helpers shared by the table, project and explanation parsers.

PDF exports wrap cell text over several lines and justify Chinese prose by putting spaces
between characters (``培 训 、 2023 年 新 教 师``). A reader sees neither, so both are removed,
while a space between two Latin words or numbers is kept.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from disclosures.parsing.money import UNIT

# Characters next to which a space is only layout: CJK, full-width forms and punctuation,
# curly quotes, and the comparison signs and % that targets such as ≥ 150 人 are made of.
_TIGHT = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\u2018-\u201f\u2026\u2014\u2264\u2265\u2266\u2267%"
)
_SPACE_AFTER_TIGHT = re.compile(rf"(?<=[{_TIGHT}])[ \t\u00a0\u3000]+")
_SPACE_BEFORE_TIGHT = re.compile(rf"[ \t\u00a0\u3000]+(?=[{_TIGHT}])")
_WORD_END = re.compile(r"[A-Za-z]$")
_WORD_START = re.compile(r"^[A-Za-z]")
_AMOUNT = re.compile(r"^[-−–]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
# A line that only numbers the page (12, 第 2 页, 第2页共9页, 2/9, - 2 -): page furniture,
# never part of a table.
FOOTER_RE = re.compile(r"^[-—–\s第页共/\d]+$")
# A unit in brackets after a label: 预算数（万元）.
UNIT_IN_LABEL_RE = re.compile(rf"[（(]({UNIT})[）)]")


def join_lines(text: str | None) -> str:
    """Lines of one wrapped cell or paragraph joined as a reader reads them (no line breaks)."""
    pieces = [line.strip() for line in (text or "").splitlines()]
    joined = ""
    for piece in pieces:
        if not piece:
            continue
        # Only a break between two Latin words stood for a space; Chinese wraps anywhere.
        if joined and _WORD_END.search(joined) and _WORD_START.search(piece):
            joined += " "
        joined += piece
    return joined


def tidy(text: str | None) -> str:
    """Wrapped, justified text as a reader sees it: one line, no spaces around Chinese text.

    ``≥150 人`` → ``≥150人``, ``2025 年 7 月-12 月`` → ``2025年7月-12月``; ``OBE 2.0`` keeps its space.
    """
    text = join_lines(text)
    text = _SPACE_AFTER_TIGHT.sub("", text)
    text = _SPACE_BEFORE_TIGHT.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def squeeze(text: str | None) -> str:
    """Text with every space and line break removed, for matching labels (项 目 → 项目)."""
    return re.sub(r"\s+", "", text or "")


def is_amount(text: str) -> bool:
    """Whether the text is one printed amount (1,234.50, 0, -3.2)."""
    return bool(_AMOUNT.match(squeeze(text)))


def is_code(text: str) -> bool:
    """Whether the text is a classification code (201, 20101, 2010101)."""
    return bool(_CODE.match(squeeze(text)))


def label_key(text: str) -> str:
    """The text of a cell as a label: spaces, a trailing colon and a (万元) unit removed."""
    key = UNIT_IN_LABEL_RE.sub("", squeeze(text))
    return key.rstrip("：:")


def parse_amount(text: str | None) -> Decimal | None:
    """The Decimal of a printed amount (``1,234.50`` → 1234.50), or None when it is not one."""
    text = squeeze(text).replace("−", "-").replace("–", "-")
    if not _AMOUNT.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def has_words(text: str) -> bool:
    """Whether the text holds anything but punctuation (a stray ``。`` row holds nothing)."""
    return bool(re.search(r"[\w\u4e00-\u9fff]", text))
