"""Prose as the explanation prints it: lines outside the tables, numbered sections, one stream
of sentences, and the figures stated in them.

Only text outside ruled tables is prose. Prose is read line by line from each page, page
numbers and table-of-contents lines dropped, then joined across lines and pages into one
stream in which every character remembers its page, so a sentence wrapped over a page break
is read whole and reported on the page it starts on.

A figure is read as "label + number + unit" (``money.UNIT``: 元, 千元, 万元, 亿元); its label is
the words before the number back to the clause's start. ``facts`` names the figures, and
``three_public`` reads the 三公 paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosures.parsing.document import Section
from disclosures.parsing.money import UNIT, unit_named
from disclosures.parsing.page import PageLayout
from disclosures.parsing.text import parse_amount, squeeze, tidy

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
HEADING_RE = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.*)$")
PART_RE = re.compile(r"^第([一二三四五六七八九十]{1,3})部分\s*(.*)$")
ENUMERATOR_RE = re.compile(
    r"^(（[一二三四五六七八九十\d]{1,3}）|\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．](?!\d))[、.．]?"
)
PAGE_NUMBER_RE = re.compile(r"^[-—–\s]*(\d{1,4}|第\d+页(共\d+页)?|\d+/\d+)[-—–\s]*$")
# Dot leaders running to a page number: a line of a table of contents (not a ……。 in prose).
LEADER_RE = re.compile(r"(\.{4,}|…{3,}|·{4,}|-{6,}|_{6,})\s*\d*\s*$")
FIGURE_RE = re.compile(
    rf"(?<![\d.,])([-−]?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?)({UNIT})(?![/／])"
)
SENTENCE_END = "。！？!?\n"
CLAUSE_DELIMITERS = "，,；;。！？!?\n"
LABEL_STOPS = "，,；;：:、。！？!?\n%％"
OPENING = "（("
CLOSING = {"）": "（", ")": "("}
CHANGE_VERB_RE = re.compile(r"(增加|减少|增长|下降|降低|上升|压减|节约|缩减|增|减)了?")
NEGATIVE_VERBS = ("减少", "下降", "降低", "压减", "节约", "缩减", "减")
COMPARISON_RE = re.compile(
    r"(较|比|与|同)(上年|上一年度?|去年|\d{4}年度?)(（[^）]*）|\([^)]*\))?"
    r"(年初)?(预算数?|执行数|决算数|同期|全年预算数?)?(相比|比较)?|同比|各"
)
LEADING_WORDS_RE = re.compile(
    r"^(其中|包括|含|以及|和|及|另|即|主要为|主要是|主要用于|主要包括|分别为|分别是)+"
)
TRAILING_WORDS_RE = re.compile(r"(共计安排|共计|合计安排|安排了?|为|是|达到?|约)+$")


@dataclass
class Line:
    text: str  # tidied
    page: int


@dataclass
class Stream:
    """The prose joined into one string, with the page of every character."""

    text: str = ""
    pages: list[int] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)  # offsets where a heading line starts

    def add(self, text: str, page: int) -> int:
        start = len(self.text)
        self.text += text
        self.pages.extend([page] * len(text))
        return start

    def page_at(self, offset: int) -> int:
        return self.pages[min(offset, len(self.pages) - 1)] if self.pages else 0


@dataclass
class Sentence:
    text: str
    start: int
    page: int


# -- lines and sections ---------------------------------------------------------------------


def prose_lines(layouts: list[PageLayout], page_texts: list[str]) -> list[Line]:
    """The text lines outside ruled tables, page by page, without page numbers and contents."""
    lines: list[Line] = []
    sources = (
        [(layout.number, _page_prose(layout)) for layout in layouts]
        if layouts
        else [(number, text.splitlines()) for number, text in enumerate(page_texts, start=1)]
    )
    in_contents = False
    for number, texts in sources:
        tidied = [tidy(text) for text in texts]
        tidied = [text for text in tidied if text and not PAGE_NUMBER_RE.match(text)]
        # A table of contents repeats every heading: skip its pages (目录 on top, and the pages
        # after it that hold nothing but headings).
        if any(squeeze(text).endswith("目录") for text in tidied[:3]):
            in_contents = True
            continue
        if in_contents and _only_headings(tidied):
            continue
        in_contents = False
        lines.extend(Line(text, number) for text in tidied if not LEADER_RE.search(text))
    return lines


def _only_headings(texts: list[str]) -> bool:
    listed = [
        t for t in texts if LEADER_RE.search(t) or heading(t) or ENUMERATOR_RE.match(t) or t.endswith("表")
    ]
    return bool(texts) and len(listed) >= 0.8 * len(texts) and not any(re.search(r"[。，]", t) for t in texts)


def _page_prose(layout: PageLayout) -> list[str]:
    """A page's lines outside its tables (a one-row or one-column box around prose is no table)."""
    grids = [g for g in layout.grids if g.n_rows >= 2 and g.n_cols >= 2]
    return [line.text for line in layout.lines if not any(g.holds(line) for g in grids)]


def _cn_number(text: str) -> int:
    """一 → 1, 十一 → 11, 二十三 → 23."""
    if "十" not in text:
        return CN_DIGITS.get(text, 0)
    tens, _, units = text.partition("十")
    return (CN_DIGITS.get(tens, 0) if tens else 1) * 10 + CN_DIGITS.get(units, 0)


def heading(text: str) -> tuple[str, str] | None:
    """(number, title) when a line reads as a top-level heading (一、… or 第一部分 …)."""
    squeezed = squeeze(text)
    part = PART_RE.match(squeezed)
    if part:
        return f"第{part.group(1)}部分", text.split("部分", 1)[1].strip()
    match = HEADING_RE.match(text)
    if not match:
        return None
    title = match.group(2).strip()
    # A heading is a short title; a numbered sentence (一、加强党的建设。落实…) or a term being
    # defined (八、“三公”经费：指…) is body text.
    if len(title) > 40 or re.search(r"[。，；,;]", title) or re.search(r"[：:].", title):
        return None
    if re.search(rf"\d[\d,.]*\s*({UNIT})?$", title) and not title.endswith("年"):
        return None
    return match.group(1), title


def find_sections(lines: list[Line]) -> tuple[list[Section], list[int]]:
    """The numbered top-level sections, and the indexes of the lines that head them.

    Numbers must run on (一, 二, 三 …) or start again at 一, so a numbered line in the body
    that breaks the run is not taken for a heading; 第X部分 starts a new run.
    """
    found: list[tuple[int, str, str]] = []  # (line index, number, title)
    last = 0
    index = 0
    while index < len(lines):
        head = heading(lines[index].text)
        if head is not None:
            number, title = head
            value = 0 if number.startswith("第") else _cn_number(number)
            if value in (last + 1, 1, 0):
                last = value
                follow = lines[index + 1].text if index + 1 < len(lines) else ""
                if (
                    len(title) >= 20
                    and 0 < len(follow) <= 10
                    and not re.search(r"[，。；：,;:]", follow)
                    and not ENUMERATOR_RE.match(follow)
                    and heading(follow) is None
                ):
                    title += follow  # a long heading wrapped onto a second line
                    index += 1
                found.append((index, number, title))
        index += 1
    sections = []
    starts = [i for i, _, _ in found]
    for position, (start, number, title) in enumerate(found):
        end = starts[position + 1] if position + 1 < len(found) else len(lines)
        heading_line = lines[start]
        body = _paragraphs([line.text for line in lines[start + 1 : end]])
        sections.append(Section(number=number, title=title, text=body, page=heading_line.page))
    return sections, starts


def _paragraphs(texts: list[str]) -> str:
    """Lines joined as wrapped prose; a break is kept where a line ends a sentence."""
    out = ""
    for text in texts:
        if out and not out.endswith("\n") and (ENUMERATOR_RE.match(text) or heading(text)):
            out += "\n"
        out += text
        if _line_ends_sentence(text):
            out += "\n"
    return out.strip()


def _line_ends_sentence(text: str) -> bool:
    """Whether a line ends its sentence: at 。 and the like, or as a title of its own (a numbered
    subheading, a page title such as 部门预算编制说明, a chart label), which has no punctuation."""
    if re.search(r"[。：；！？:;!?]$", text):
        return True
    if re.search(r"[，。；：,;:]", text):
        return False
    return bool(ENUMERATOR_RE.match(text) and len(text) <= 30 or len(text) <= 15)


def prose_stream(lines: list[Line], heading_lines: list[int]) -> Stream:
    stream = Stream()
    heads = set(heading_lines)
    for index, line in enumerate(lines):
        is_head = index in heads or HEADING_RE.match(line.text) is not None and heading(line.text) is not None
        if is_head and stream.text and not stream.text.endswith("\n"):
            stream.add("\n", line.page)
        start = stream.add(line.text, line.page)
        if is_head:
            stream.headings.append(start)
        if is_head or _line_ends_sentence(line.text):
            stream.add("\n", line.page)
    return stream


def split_sentences(stream: Stream) -> list[Sentence]:
    sentences = []
    start = 0
    text = stream.text
    for index, char in enumerate(text):
        if char in SENTENCE_END:
            piece = text[start : index + (0 if char == "\n" else 1)]
            if piece.strip():
                offset = start + len(piece) - len(piece.lstrip())
                sentences.append(Sentence(piece.strip(), offset, stream.page_at(offset)))
            start = index + 1
    if text[start:].strip():
        sentences.append(Sentence(text[start:].strip(), start, stream.page_at(start)))
    return sentences


# -- figures --------------------------------------------------------------------------------


@dataclass
class StatedFigure:
    value: Decimal
    unit: str
    label: str  # the words right before the number, enumerators and connectives removed


def figures_in(text: str) -> list[StatedFigure]:
    figures = []
    floor = 0
    for match in FIGURE_RE.finditer(text):
        value = parse_amount(match.group(1))
        if value is None:
            continue
        # A label never reaches back over the figure before it (人员经费694.07万元和日常公用经费).
        raw = _label_before(text, match.start(), floor)
        floor = match.end()
        figures.append(StatedFigure(value, unit_named(match.group(2)), _normalise_label(raw)))
    return figures


def _label_before(text: str, end: int, floor: int = 0) -> str:
    """The words before a number back to the clause's start, brackets kept whole
    (因公出国（境）费), an unclosed bracket ending the label (（其中：…)."""
    index = end - 1
    depth_stack: list[str] = []
    while index >= floor:
        char = text[index]
        if char in CLOSING:
            depth_stack.append(CLOSING[char])
        elif char in OPENING:
            if depth_stack and depth_stack[-1] == char:
                depth_stack.pop()
            else:
                break
        elif char in LABEL_STOPS and not depth_stack:
            break
        index -= 1
    return text[index + 1 : end].strip()


def _normalise_label(label: str) -> str:
    label = squeeze(label).strip("“”\"'")
    previous = None
    while previous != label:
        previous = label
        label = ENUMERATOR_RE.sub("", label)
        label = LEADING_WORDS_RE.sub("", label)
    return TRAILING_WORDS_RE.sub("", label)


def change_in(label: str) -> tuple[int, str, str] | None:
    """(sign, subject, object) when a label states a change (较2024年预算增加 / 增加人员经费)."""
    matches = list(CHANGE_VERB_RE.finditer(label))
    if not matches:
        return None
    verb = matches[-1]
    sign = -1 if verb.group(1) in NEGATIVE_VERBS else 1
    subject = COMPARISON_RE.sub("", label[: verb.start()])
    subject = LEADING_WORDS_RE.sub("", TRAILING_WORDS_RE.sub("", subject))
    obj = TRAILING_WORDS_RE.sub("", label[verb.end() :])
    return sign, subject, obj


def clauses(text: str) -> list[str]:
    """A sentence cut at its commas and semicolons, but not inside brackets."""
    clauses, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth = max(0, depth - 1)
        elif char in CLAUSE_DELIMITERS and depth == 0:
            clauses.append(text[start:index])
            start = index + 1
    clauses.append(text[start:])
    return [c.strip() for c in clauses if c.strip()]
