"""The explanation (情况说明): its numbered sections, the 机构设置 units table, the figures its
prose states, and the 三公 paragraph; plus the 三公 figures of a parsed 三公 table.

Only text outside ruled tables is prose. Prose is read line by line from each page, page
numbers and table-of-contents lines dropped, then joined across lines and pages into one
stream in which every character remembers its page, so a sentence wrapped over a page break
is read whole and reported on the page it starts on.

Figures are read as "label + number + 万元/元" and named by what their label says
(``一般公共预算收入`` → general_budget_income), not by where they are: provinces number and
title their sections differently. A figure whose label holds 增加/减少 is a change from last
year and is named after what changed (its subject, or the figure stated just before it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosures.parsing.document import Fact, Section, Skipped, Table, ThreePublicFigures, UnitInfo
from disclosures.parsing.grid import Cell, Grid, PageLayout
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
    r"(?<![\d.,])([-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-−]?\d+(?:\.\d+)?)(亿元|万元|元)(?![/／])"
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
# What a specific income or expense is (so that 一般公共预算收入 is not the total income).
QUALIFIER_RE = re.compile(
    r"(一般公共预算|一般公共|公共预算|拨款|基金|基金预算|国有资本经营预算|财政专户|专户|核拨|单位资金|财政|事业|经营|"
    r"其他|上级补助|附属单位上缴|上缴|捐赠|利息|非税|专项|项目|基本|人员|公用|用事业基金弥补收支差额|结转|结余|"
    r"[（(][类款项][）)]|类|款)$"
)
# What may come before 收入/支出预算 in a total: nothing, a year, or whose budget it is (…局, 我校).
NEUTRAL_END_RE = re.compile(
    r"(^|\d{4}年度?|年度?|本年|当年|全年|部门|单位|我校|院|局|会|校|处|委|厅|办|中心|站|所|队|馆|室|公司|政府|"
    r"街道|镇|乡|团|社|宫|园|的)$"
)
THREE_PUBLIC_FIELDS = ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
THREE_PUBLIC_NAMES = {
    "total": "“三公”经费",
    "overseas": "因公出国（境）费",
    "vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
    "reception": "公务接待费",
}
CHANGE_WORDS_RE = re.compile(r"持平|增加|减少|增长|下降|降低|上升|无增减|一致|相同|不变|压减|节约")
REASON_RE = re.compile(r"^(主要原因|主要是|原因是|原因为|主要由于|由于|系)")


@dataclass
class Explanation:
    """What the explanation states, beside the tables."""

    sections: list[Section] = field(default_factory=list)
    units: list[UnitInfo] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    three_public_prose: ThreePublicFigures | None = None
    three_public_change: str = ""
    three_public_reason: str = ""
    three_public_sentence: str = ""
    three_public_page: int | None = None
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class _Line:
    text: str  # tidied
    page: int


@dataclass
class _Stream:
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
class _Sentence:
    text: str
    start: int
    page: int


# -- lines and sections ---------------------------------------------------------------------


def prose_lines(layouts: list[PageLayout], page_texts: list[str]) -> list[_Line]:
    """The text lines outside ruled tables, page by page, without page numbers and contents."""
    lines: list[_Line] = []
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
        lines.extend(_Line(text, number) for text in tidied if not LEADER_RE.search(text))
    return lines


def _only_headings(texts: list[str]) -> bool:
    listed = [
        t for t in texts if LEADER_RE.search(t) or _heading(t) or ENUMERATOR_RE.match(t) or t.endswith("表")
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


def _heading(text: str) -> tuple[str, str] | None:
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
    if re.search(r"\d[\d,.]*\s*(万元|元)?$", title) and not title.endswith("年"):
        return None
    return match.group(1), title


def find_sections(lines: list[_Line]) -> tuple[list[Section], list[int]]:
    """The numbered top-level sections, and the indexes of the lines that head them.

    Numbers must run on (一, 二, 三 …) or start again at 一, so a numbered line in the body
    that breaks the run is not taken for a heading; 第X部分 starts a new run.
    """
    found: list[tuple[int, str, str]] = []  # (line index, number, title)
    last = 0
    index = 0
    while index < len(lines):
        head = _heading(lines[index].text)
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
                    and _heading(follow) is None
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
        if out and not out.endswith("\n") and (ENUMERATOR_RE.match(text) or _heading(text)):
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


def _stream(lines: list[_Line], heading_lines: list[int]) -> _Stream:
    stream = _Stream()
    heads = set(heading_lines)
    for index, line in enumerate(lines):
        is_head = (
            index in heads or HEADING_RE.match(line.text) is not None and _heading(line.text) is not None
        )
        if is_head and stream.text and not stream.text.endswith("\n"):
            stream.add("\n", line.page)
        start = stream.add(line.text, line.page)
        if is_head:
            stream.headings.append(start)
        if is_head or _line_ends_sentence(line.text):
            stream.add("\n", line.page)
    return stream


def _sentences(stream: _Stream) -> list[_Sentence]:
    sentences = []
    start = 0
    text = stream.text
    for index, char in enumerate(text):
        if char in SENTENCE_END:
            piece = text[start : index + (0 if char == "\n" else 1)]
            if piece.strip():
                offset = start + len(piece) - len(piece.lstrip())
                sentences.append(_Sentence(piece.strip(), offset, stream.page_at(offset)))
            start = index + 1
    if text[start:].strip():
        sentences.append(_Sentence(text[start:].strip(), start, stream.page_at(start)))
    return sentences


# -- figures --------------------------------------------------------------------------------


@dataclass
class _Figure:
    value: Decimal
    unit: str
    label: str  # the words right before the number, enumerators and connectives removed


def _figures(text: str) -> list[_Figure]:
    figures = []
    floor = 0
    for match in FIGURE_RE.finditer(text):
        value = parse_amount(match.group(1))
        if value is None:
            continue
        # A label never reaches back over the figure before it (人员经费694.07万元和日常公用经费).
        raw = _label_before(text, match.start(), floor)
        floor = match.end()
        figures.append(_Figure(value, match.group(2), _normalise_label(raw)))
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


def _ends_with(label: str, tail_re: str) -> str | None:
    """The text before a matching tail, or None when the label does not end so."""
    match = re.search(rf"({tail_re})$", label)
    return label[: match.start()] if match else None


def classify(label: str) -> str:
    """The stable key for what a prose figure's label names, or "" when it names none of them."""
    if re.search(r"三公|因公出国|公务接待|公务用?车", label):
        return ""  # read with the 三公 paragraph
    if "机关运行经费" in label:
        return "operating_costs"
    if "人员经费" in label:
        return "personnel"
    if "公用经费" in label:
        return "public_funds"
    if re.search(r"基本支出(预算)?(数|合计)?$", label):
        return "expense_basic"
    if re.search(r"项目支出(预算)?(数|合计)?$", label):
        return "expense_project"
    specific = (
        (r"一般公共预算(拨款|财政拨款)?收入", "general_budget_income"),
        (r"(政府性)?基金预算(拨款|财政拨款)?收入", "fund_budget_income"),
        (r"国有资本经营预算(拨款|财政拨款)?收入", "state_capital_income"),
        (r"财政专户(核拨|管理资金)?收入", "special_account_income"),
        (r"单位资金收入", "unit_funds_income"),
        (r"财政拨款收入", "fiscal_income"),
        (r"上年结转(结余)?(收入)?$", "carryover"),
    )
    for pattern, key in specific:
        if re.search(pattern, label):
            return key
    # 收支总预算, 收支预算总计; 收、支总预算 cut at its 、 leaves 支总预算.
    if re.search(r"收支|收、支|^支(预算)?(总计|总预算)", label):
        return "income_expense_total"
    before = _ends_with(label, r"收入(预算)?(总计|合计|总额|总预算)?|预算收入(总计|合计|总额)?")
    if before is not None and _neutral(before):
        return "income_total"
    before = _ends_with(
        label, r"支出(预算|总预算)(总计|合计|总额|数)?|预算支出(总计|合计|总额)?|支出(总计|合计)|总支出"
    )
    if before is not None and _neutral(before):
        return "expense_total"
    if re.search(r"财政拨款(预算)?支出(预算)?$", label):
        return "fiscal_expense"
    return ""


def _neutral(before: str) -> bool:
    """Whether the words before 收入/支出 leave it the whole budget (not 会议费预算支出)."""
    before = re.sub(r"[（(][^）)]*[）)]$", "", before)
    return not QUALIFIER_RE.search(before) and bool(NEUTRAL_END_RE.search(before))


def _change(label: str) -> tuple[int, str, str] | None:
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


def find_facts(sentences: list[_Sentence]) -> list[Fact]:
    """The figures the prose states, each under its key, the first statement of each kept."""
    facts: dict[str, Fact] = {}
    last_key, last_sentence = "", -2
    items = 0
    for number, sentence in enumerate(sentences):
        keys_here: list[str] = []
        for figure in _figures(sentence.text):
            change = _change(figure.label)
            if change is None:
                key = classify(figure.label)
                # Even an unnamed figure is what a following 比上年增加 refers to.
                last_key, last_sentence = key, number
                if key:
                    _keep(facts, key, figure.label, figure, sentence)
                    keys_here.append(key)
                continue
            sign, subject, obj = change
            target = obj or subject
            label = target or figure.label
            key = classify(target) if target else (last_key if last_sentence >= number - 1 else "")
            if key in ("income_total", "expense_total", "income_expense_total"):
                change_key = "change_total"
            elif key:
                change_key = f"change_{key}"
            elif obj and {"change_total", "change_basic", "change_project"} & set(keys_here):
                items += 1  # a change item under 项目支出增加…，主要为增加…
                change_key = f"change_item_{items}"
            else:
                continue
            change_key = {
                "change_expense_basic": "change_basic",
                "change_expense_project": "change_project",
            }.get(change_key, change_key)
            signed = _Figure(sign * figure.value, figure.unit, label)
            _keep(facts, change_key, label, signed, sentence)
            keys_here.append(change_key)
    return list(facts.values())


def _keep(facts: dict[str, Fact], key: str, label: str, figure: _Figure, sentence: _Sentence) -> None:
    if key not in facts:
        facts[key] = Fact(key, label, figure.value, figure.unit, sentence.text, sentence.page)


# -- 三公 -----------------------------------------------------------------------------------


def _three_public_field(label: str) -> str:
    """Which 三公 figure a label names; "other" for anything else (会议费, 培训费)."""
    if "因公出国" in label or "出国（境）" in label or "出国(境)" in label:
        return "overseas"
    if "公务接待" in label:
        return "reception"
    if "车" in label:
        buys = "购置" in label
        runs = bool(re.search(r"运行|运维|运营|维护", label))
        if buys and runs:
            return "vehicles"
        if buys:
            return "vehicle_purchase"
        if runs:
            return "vehicle_operation"
    if "三公" in label:
        return "total"
    return "other"


@dataclass
class _ThreePublicProse:
    figures: ThreePublicFigures | None = None
    change: str = ""
    reason: str = ""
    sentence: str = ""
    page: int | None = None


def find_three_public(sentences: list[_Sentence], heading_offsets: list[int]) -> _ThreePublicProse:
    """The 三公 paragraph: its figures, and the change from last year with its reason.

    The paragraph starts at the first sentence that names 三公 and states an amount (or states
    that there is none: 无“三公”经费…支出), and runs to the next heading. A change clause (持平,
    减少15.24万元) belongs to the figure stated before it in its sentence; in a sentence that
    states no figure, to what the sentence before was about: its first figure, so that
    …其中因公出国（境）费0万元；…公务接待费0万元。与2024年持平，无增减变化。 is the total's change.
    """
    first = next((i for i, s in enumerate(sentences) if "三公" in s.text and _figures(s.text)), None)
    if first is None:
        return _none_stated(sentences)
    end_offset = next((h for h in heading_offsets if h > sentences[first].start), None)
    block = [
        (i, s) for i, s in enumerate(sentences) if i >= first and (end_offset is None or s.start < end_offset)
    ]
    values: dict[str, tuple[Decimal, str]] = {}
    changes: dict[str, list[str]] = {}
    reasons: dict[str, list[str]] = {}
    total_change_sentence = None
    subject = "total"  # what the last sentence that stated figures was about
    for index, sentence in block:
        current = None
        in_reason = False
        first_field = None
        for clause in _clauses(sentence.text):
            plain = [
                f
                for f in _figures(clause)
                if _change(f.label) is None and not CHANGE_WORDS_RE.search(f.label)
            ]
            for figure in plain:
                current = _three_public_field(figure.label)
                first_field = first_field or current
                if current != "other" and current not in values:
                    values[current] = (figure.value, figure.unit)
                in_reason = False
            target = current or subject
            if REASON_RE.match(clause):
                in_reason = True
            if target == "other":
                continue
            if in_reason:
                reasons.setdefault(target, []).append(clause)
            elif not plain and CHANGE_WORDS_RE.search(clause):
                changes.setdefault(target, []).append(clause)
                if target == "total" and total_change_sentence is None:
                    total_change_sentence = index
        if first_field is not None:
            subject = first_field
    if not values:
        return _ThreePublicProse()
    unit = next(iter(values.values()))[1]
    figures = ThreePublicFigures(
        **{name: values[name][0] for name in THREE_PUBLIC_FIELDS if name in values},
        unit=unit,
        page=sentences[first].page,
    )
    change = "，".join(changes.get("total", []))
    reason = "，".join(reasons.get("total", []))
    if not change:
        # No change stated for the total: the changes stated for each category, by name.
        change = "；".join(
            f"{THREE_PUBLIC_NAMES[n]}{'，'.join(changes[n])}" for n in THREE_PUBLIC_FIELDS if n in changes
        )
        reason = "；".join(
            f"{THREE_PUBLIC_NAMES[n]}：{'，'.join(reasons[n])}" for n in THREE_PUBLIC_FIELDS if n in reasons
        )
    text = sentences[first].text
    if total_change_sentence == first + 1:
        text += sentences[first + 1].text
    return _ThreePublicProse(figures, change, reason, text, sentences[first].page)


def _none_stated(sentences: list[_Sentence]) -> _ThreePublicProse:
    """A paragraph saying there is no 三公 spending at all (本年度无“三公”经费财政拨款支出): zeros."""
    for sentence in sentences:
        text = sentence.text
        # Not a note under the table (故本表无数据) nor a definition (“三公”经费：指…).
        if re.search(r"(无|没有|未(安排|发生))[^，。；]{0,12}“?三公”?经费", text) and not re.search(
            r"表|指", text
        ):
            zero = Decimal("0")
            figures = ThreePublicFigures(
                **dict.fromkeys(THREE_PUBLIC_FIELDS, zero), unit="", page=sentence.page
            )
            return _ThreePublicProse(figures, "", "", sentence.text, sentence.page)
    return _ThreePublicProse()


def _clauses(text: str) -> list[str]:
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


def three_public_from_table(table: Table) -> ThreePublicFigures | None:
    """The 三公 figures of a parsed 三公 table, or None when it has no figures to read.

    Two layouts are read. Rows (the seed's): 合计 / 因公出国（境）费 / 公务用车购置及运行维护费 /
    公务用车购置费 / 公务用车运行维护费 / 公务接待费, each read in column 合计 (else the first
    amount column). A single row whose columns are the categories (Shanghai, Jiangsu): each
    column named by its header path, where a 小计 stands for its parent; a 合计 beside 会议费/
    培训费 (Jiangsu) covers more than 三公, so the total is then the “三公”经费 小计. In a 决算
    table the 决算数 columns are read. A category printed with an empty cell is 0 (nothing
    budgeted); a category not printed at all stays None.
    """
    if not table.rows:
        return None
    row_fields = {_row_field(row.item): row for row in table.rows if row.item}
    row_fields.pop("", None)
    row_fields.pop("other", None)
    if len(row_fields) >= 2:
        column = "合计" if "合计" in table.columns else (table.columns[0] if table.columns else "")
        values = {}
        for name, row in row_fields.items():
            values[name] = row.amount(column) if column else None
            if values[name] is None and row.amounts:
                values[name] = row.amounts[0].value
            if values[name] is None:
                values[name] = Decimal("0")
        return _figures_of(values, table)
    return _cross_table(table)


def _row_field(item: str) -> str:
    name = squeeze(item)
    name = ENUMERATOR_RE.sub("", name)
    if name in ("合计", "总计"):
        return "total"
    if not re.search(r"出国|接待|车|三公", name):
        return ""
    return _three_public_field(name)


def _cross_table(table: Table) -> ThreePublicFigures | None:
    columns = _column_paths(table)
    if not columns:
        return None
    final = any(path[-1] == "决算数" for path in columns)
    wanted = "决算数" if final else "预算数"
    wider_total = any(re.search(r"会议费|培训费", "".join(path)) for path in columns)
    has_total = any(path[-1] == "合计" for path in columns)
    named: dict[str, tuple[str, ...]] = {}
    for path in columns:
        category = path
        if path[-1] in ("预算数", "决算数"):
            if path[-1] != wanted:
                continue
            category = path[:-1]
        name = _column_field(category, wider_total=wider_total, has_total=has_total) if category else ""
        if name and name not in named:
            named[name] = path
    if len(named) < 2:
        return None
    row = next((r for r in table.rows if r.amounts), table.rows[0])
    values: dict[str, Decimal | None] = {}
    for name, path in named.items():
        # A category printed with an empty cell: nothing budgeted.
        values[name] = next((a.value for a in row.amounts if _amount_path(a) == path), Decimal("0"))
    return _figures_of(values, table)


def _column_paths(table: Table) -> list[tuple[str, ...]]:
    """Each amount column's header path, in column order: from the amounts, which carry it, and
    from the table's column names for columns left empty (a leaf, or parent/leaf)."""
    paths: list[tuple[str, ...]] = []
    for row in table.rows:
        for amount in row.amounts:
            path = _amount_path(amount)
            if path not in paths:
                paths.append(path)
    for column in table.columns:
        parts = tuple(squeeze(column).split("/"))
        if not any(path[-len(parts) :] == parts for path in paths):
            paths.append(parts)
    return paths


def _amount_path(amount) -> tuple[str, ...]:
    """An amount's full header path, its leaf last (the leaf may be named parent/leaf)."""
    leaf = tuple(squeeze(amount.column).split("/"))
    path = tuple(squeeze(p) for p in amount.column_path)
    if path[-len(leaf) :] != leaf:
        path = (*path, *leaf[-1:]) if path and path[-1] == leaf[0] else (*path, *leaf)
    return path or leaf


def _column_field(path: tuple[str, ...], *, wider_total: bool, has_total: bool) -> str:
    """Which 三公 figure a column of a cross-layout 三公 table holds, or ""."""
    leaf = path[-1]
    parent = path[-2] if len(path) > 1 else ""
    if leaf in ("小计", "合计"):
        if "车" in parent:
            return "vehicles"
        if "三公" in parent:
            return "total"
        if parent:
            return ""
        if leaf == "合计":
            return "" if wider_total else "total"
        # A 小计 with nothing printed above it: beside a 合计 it is the vehicles' 小计.
        return "vehicles" if has_total else "total"
    if re.search(r"会议费|培训费|机关运行", leaf):
        return ""
    runs = bool(re.search(r"运行|运维|维护", leaf))
    if "购置" in leaf and not runs and ("车" in leaf + parent or leaf == "购置费"):
        return "vehicle_purchase"
    if runs and "购置" not in leaf and ("车" in leaf + parent or leaf in ("运行费", "运行维护费", "运维费")):
        return "vehicle_operation"
    name = _three_public_field(leaf)
    return "" if name in ("other", "total") else name


def _figures_of(values: dict[str, Decimal | None], table: Table) -> ThreePublicFigures:
    return ThreePublicFigures(
        **{name: values.get(name) for name in THREE_PUBLIC_FIELDS},
        unit=table.unit,
        page=table.pages[0] if table.pages else None,
    )


# -- units ----------------------------------------------------------------------------------


def find_units(layouts: list[PageLayout]) -> list[UnitInfo]:
    """The rows of the 机构设置 table (单位名称 | 单位性质 | 单位规格 | 经费保障形式)."""
    units: list[UnitInfo] = []
    columns: list[tuple[Cell, str]] | None = None
    previous: Grid | None = None
    for layout in layouts:
        for grid in layout.grids:
            continues = (
                columns is not None
                and previous is not None
                and grid.page == previous.page + 1
                and previous.last_on_page
                and grid.first_on_page
            )
            if not continues:
                columns = None
            for cells in grid.full_rows:
                keys = {c.key for c in cells}
                if "单位名称" in keys and keys & {"单位性质", "单位规格", "经费保障形式", "经费形式"}:
                    columns = [(c, _unit_field(c.key)) for c in cells]
                    continue
                if columns is None or not any(c.text for c in cells):
                    continue
                values: dict[str, str] = {}
                for cell in cells:
                    if cell.text:
                        header, name = max(columns, key=lambda col, cell=cell: col[0].overlap(cell))
                        if name and header.overlap(cell) > 0:
                            values[name] = values.get(name, "") + cell.tidied
                if values.get("name"):
                    units.append(UnitInfo(page=grid.page, **values))
            previous = grid
    return units


def _unit_field(key: str) -> str:
    if key == "单位名称":
        return "name"
    if key == "单位性质":
        return "nature"
    if key == "单位规格":
        return "rank"
    if key.startswith("经费"):
        return "funding"
    return ""


# -- entry point ----------------------------------------------------------------------------


def parse_explanation(layouts: list[PageLayout], page_texts: list[str]) -> Explanation:
    """Sections, units, prose figures and the 三公 paragraph of a disclosure.

    ``layouts`` are the pages as laid out by ``pdf.layout_page``: text inside ruled tables is
    left out of the prose and the 机构设置 table is read from their grids. ``page_texts`` (each
    page's text) is read instead when no layouts are given.
    """
    result = Explanation()
    lines = prose_lines(layouts, page_texts)
    result.sections, heading_lines = find_sections(lines)
    result.units = find_units(layouts)
    stream = _stream(lines, heading_lines)
    sentences = _sentences(stream)
    result.facts = find_facts(sentences)
    three = find_three_public(sentences, stream.headings)
    result.three_public_prose = three.figures
    result.three_public_change = three.change
    result.three_public_reason = three.reason
    result.three_public_sentence = three.sentence
    result.three_public_page = three.page
    if three.sentence and three.figures is None:
        result.skipped.append(Skipped(three.page or 0, "“三公”经费说明", "找到段落但没有读出金额"))
    return result
