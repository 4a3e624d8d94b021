"""Who published a disclosure, for which year, 预算 or 决算, 部门 or 单位: read from all it prints.

Publishers print a document's identity in many places and arrangements, and some leave one out.
Each place is a kind of evidence; for each field the value with the strongest evidence wins, and
among equally strong evidence the value printed on more pages. From strongest to weakest:

1. 表头 — the header above each table: ``711 张家口市总工会`` alone on a line, on one line with
   ``预算年度：2023 单位：万元``, or spread over three lines; a label such as ``单位名称：``,
   ``部门名称：``, ``编制单位：``, ``预算单位：``, ``部门（单位）：``; a name carrying its code
   (``341-湖州市财政局``, ``[292]国家信访局``); ``预算年度：2025``.
2. 表格标题 — a table's title naming its publisher and year (``张家口市档案馆2025年部门预算收支总表``).
3. 封面 — the cover or title page (the year may stand on its own line: ``国家信访局 年度部门预算 /
   2026``), and any other title line naming the document (``第三部分 国家信访局部门预算情况说明``,
   a running head ``无锡市统计局2026年度部门预算公开``).
4. 情况说明 — the explanation's first sentences (``北京市人民政府办公厅主要职责包括：``).
5. 文件名 — the file's name, the last resort (collections mislabel files: the document wins).

A classification row (``201 一般公共服务支出``), a unit of measure or a column header is never a
department: a name is taken only where it reads as the name of an institution and is no row of
the document's tables. ``Identity.notes`` says which evidence decided each field, for the parse
log. Nothing here names a file, a city, a page or a department.

(Longer than most modules: each arrangement is a few patterns, and they are kept beside the rule
that weighs them against each other, so that one reads how a field is decided in one place.)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from disclosures.parsing.document import BUDGET, DEPARTMENT, FINAL_ACCOUNTS, Table
from disclosures.parsing.money import UNIT

# Kinds of evidence, strongest first, and how the log names them.
HEADER, TITLE, COVER, EXPLANATION, FILENAME = "表头", "表格标题", "封面或标题", "情况说明", "文件名"
STRENGTH = {HEADER: 5, TITLE: 4, COVER: 3, EXPLANATION: 2, FILENAME: 1}

# The fields, as the parse log names them.
DEPARTMENT_FIELD, CODE_FIELD, YEAR_FIELD = "部门名称", "部门编码", "年度"
STAGE_FIELD, LEVEL_FIELD = "类型", "级次"

HAN = "\u4e00-\u9fff"
NAME_CHARS = rf"[{HAN}（）()·]"
YEAR = r"(?:19|20)\d{2}"

# How the name of an institution ends (局, 委员会, 办公厅, 学校, 街道办事处, 支队, 中心 …): a
# name is accepted only when it ends like one. A generic list of kinds of institution, no names.
INSTITUTION_END_RE = re.compile(
    r"(?:局|委|会|院|厅|部|办|室|处|馆|站|所|队|中心|政府|府|团|社|联|校|学|园|台|场|署|司|组|庭|宫|狱|"
    r"库|圃|科|股|基地|公司|集团|街道|镇|乡|区|厂|总站|分局|支局|监狱|党校|医院|银行|协会|学会)$"
)
# How a table row ends: a row of a table is never a department (工资福利支出, 印刷费, 行政运行 …).
ROW_END_RE = re.compile(
    r"(?:支出|收入|经费|费|合计|总计|小计|结余|结转|拨款|补助|资金|事务|运行|保险|缴费|福利|津贴|支付|"
    r"收费|购置|建设|捐赠|赠与|奖励|补贴|利息|基金|储备|救助|抚恤|安置|服务|管理|保障|项目|预算数|金额)$"
)
NOT_A_NAME = {"万元", "元", "千元", "亿元", "项目", "科目", "科目名称", "单位名称", "部门名称", "合计"}
# Words a name never contains: the name was cut out of a sentence or a heading.
SENTENCE_WORDS_RE = re.compile(
    r"关于|根据|按照|依据|以下|我们|本部门|本单位|我部门|我单位|年度|预算|决算|说明|公开|情况|的"
)

MEASURE_RE = re.compile(rf"^{UNIT}")
# A unit of measure printed on a page: the page holds a table.
MEASURE_LINE_RE = re.compile(rf"单位\s*[:：]\s*{UNIT}")

# Table-page headers.
CODE_NAME_RE = re.compile(
    rf"^\s*[\[【(（]?\s*(\d{{3,9}})\s*[\]】)）]?\s*[-－—–_.．、]?\s*"
    # the name, or the name justified one character apart (厦 门 市 商 务 局)
    rf"((?:{NAME_CHARS}\s)+{NAME_CHARS}(?=\s*$)|{NAME_CHARS}{{2,40}})"
    r"(?P<rest>\s.*)?$"
)
BRACKETED_CODE_RE = re.compile(r"^\s*[\[【]\s*\d{3,9}\s*[\]】]")
CODE_ONLY_RE = re.compile(r"^\s*[\[【]?(\d{3,9})[\]】]?\s*$")
HEADER_LABEL_RE = re.compile(r"(?:年度|单位)\s*[:：]")
DEPARTMENT_LABELS = (
    "预算主管部门",
    "主管部门及代码",
    "部门（单位）名称",
    "部门(单位)名称",
    "部门（单位）",
    "部门(单位)",
    "单位名称",
    "部门名称",
    "编制单位",
    "编制部门",
    "预算单位",
    "主管部门",
    "部门",
    "单位",
)
_LABELS = "|".join(re.escape(label) for label in DEPARTMENT_LABELS)
LABEL_RE = re.compile(rf"(?<![{HAN}])({_LABELS})\s*[:：]\s*")
LABEL_ALONE_RE = re.compile(rf"^\s*({_LABELS})\s*[:：]\s*$")
NEXT_LABEL_RE = re.compile(r"\s+(?=[^\s:：]{1,10}\s*[:：])")
TRAILING_LABEL_RE = re.compile(r"(?:金额单位|单位|预算年度|决算年度|年度)$")
YEAR_LABEL_RE = re.compile(rf"(?<![{HAN}])(预算|决算)?\s*年\s*度\s*[:：]\s*({YEAR})")

# Years that are dates (二〇二六年三月, 2026年3月6日) say when a document was printed, not its year.
DATE_RE = re.compile(rf"{YEAR}\s*年\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?")
CHINESE_DATE_LINE_RE = re.compile(r"^[〇○零一二三四五六七八九十Ｏ０-９\s]+年[一二三四五六七八九十\s]+月")
YEAR_TOKEN_RE = re.compile(rf"(?<!\d)({YEAR})(?!\d)\s*(?:年\s*度|年)?")
# Fund names that hold 预算 without saying which stage a document is (一般公共预算支出决算表).
FUND_RE = re.compile(
    r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预决算|预算数|预算单位|预算年度"
)
# What precedes 预算/决算 in a cover or a file name: the publisher, then 部门 or 单位.
NAMED_STAGE_RE = re.compile(rf"^(?P<name>{NAME_CHARS}*?)(?P<level>部门|单位)?(?P<stage>预算|决算)")
LEVEL_RE = re.compile(r"(部门|单位)(?:预算|决算)")

# A line naming the document itself: [第二部分] NAME [2026年度] 部门预算 [信息公开 | 情况说明 | 表 …].
# What may follow 部门预算 in a document's title: 信息公开, 公开情况说明, 情况的说明, 报表 …
TITLE_TAIL = r"(?:信息)?(?:公开)?(?:文件)?(?:情况)?(?:的)?(?:说明)?(?:报?表)?"
NUMERAL = "一二三四五六七八九十"
TITLE_PREFIX_RE = re.compile(rf"^(?:第[{NUMERAL}]+部分|[{NUMERAL}]+、|（[{NUMERAL}]+）|目录)")
TABLE_NUMBER_RE = re.compile(rf"^(?:[表第][\d{NUMERAL}]+[、.．]?|[\d{NUMERAL}]+[、.．]|(?:部门)?公开\d+表)")
DOCUMENT_TITLE_RE = re.compile(
    rf"^(?P<name>{NAME_CHARS}{{0,40}}?)(?P<year>{YEAR}\s*年?\s*度?)?(?P<level>部门|单位)?(?P<stage>预算|决算)"
    rf"{TITLE_TAIL}$"
)
# The cover stops where the contents, a numbered part or the prose begin.
COVER_STOP_RE = re.compile(rf"^(?:目\s*录|第[{NUMERAL}]+部分|[{NUMERAL}]+\s*[、.．]|（[{NUMERAL}]+）)")
# The explanation's first sentences, under a heading such as （一）主要职责: NAME 主要职责 … /
# NAME 是市政府组成部门 / NAME（以下简称…）.
HEADING_RE = re.compile(
    rf"^(?:[（(]?[{NUMERAL}\d]+[)）、.．]|第[{NUMERAL}]+部分).{{0,20}}$|^.{{0,16}}(?:职责|职能|情况|概况)$"
)
EXPLANATION_NAME_RE = re.compile(
    rf"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])?\s*(?:设立|成立)?"
    rf"(?P<name>{NAME_CHARS}{{2,40}}?)(?:[（(][^）)]{{1,30}}[）)])?"
    r"(?:的?主要职责|的?主要职能|现行的?职能|的?职能职责|是|为|（以下简称|\(以下简称|内设|下设|设有|共有|有\s*\d+\s*个)"
)
FILENAME_SPLIT_RE = re.compile(r"[_\-\s—–.·]+")
ENGLISH_STAGE = {"budget": BUDGET, "final_accounts": FINAL_ACCOUNTS, "finalaccounts": FINAL_ACCOUNTS}


@dataclass(frozen=True)
class Evidence:
    """One place where the document (or its file name) prints one field."""

    field: str
    value: object
    source: str
    page: int | None  # 1-based; None for the file name
    printed: str  # the text it was read from, for the log
    # A code and a name alone on a line count only when printed so on two pages or more: a header
    # repeats on every table page, while a lone line might be a table's row without amounts.
    repeats: bool = False


@dataclass
class Identity:
    """What a document says it is, and which evidence decided each field."""

    department: str = ""
    department_code: str = ""
    year: int | None = None
    stage: str = ""
    level: str = ""
    title: str = ""
    # The document names itself a 部门预算/单位决算 … in a title or on its cover.
    names_itself: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    decided_by: dict[str, str] = field(default_factory=dict)  # field → how it was decided

    @property
    def missing(self) -> list[str]:
        """The fields a disclosure cannot be published without, where none was found."""
        return [
            name
            for name, value in (
                (DEPARTMENT_FIELD, self.department),
                (YEAR_FIELD, self.year),
                (STAGE_FIELD, self.stage),
            )
            if not value
        ]

    @property
    def notes(self) -> list[str]:
        return [f"{name}：{how}" for name, how in self.decided_by.items()]


def read_identity(page_texts: Sequence[str], tables: Sequence[Table] = (), filename: str = "") -> Identity:
    """Department, code, year, stage and level from everything the document prints."""
    # A line holding a code and a name alone may be a row of a table (201 一般公共服务支出) that
    # printed no amount; the names of the tables' coded rows are not taken from such lines.
    rows = {_squeeze(row.item) for table in tables for row in table.rows if row.code}
    table_pages = {page for table in tables for page in table.pages}
    evidence: list[Evidence] = []
    for number, text in enumerate(page_texts, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        on_table_page = number in table_pages or any(MEASURE_LINE_RE.search(line) for line in lines)
        evidence += _header_evidence(lines, number, rows=rows, table_page=on_table_page)
        evidence += _title_line_evidence(lines, number)
    evidence += _table_title_evidence(tables)
    evidence += _cover_evidence(page_texts)
    evidence += _explanation_evidence(page_texts)
    evidence += _filename_evidence(filename)
    evidence = _repeated_where_needed(evidence)

    identity = Identity(evidence=evidence, title=find_title(page_texts))
    identity.names_itself = any(
        e.field == STAGE_FIELD and e.source in (COVER, TITLE) and e.printed for e in evidence
    )
    identity.department, identity.decided_by[DEPARTMENT_FIELD] = _decide(evidence, DEPARTMENT_FIELD)
    identity.department_code = _code_for(evidence, identity.department)
    if identity.department_code:
        identity.decided_by[CODE_FIELD] = f"{identity.department_code}，与部门名称一同印在表头"
    else:
        identity.decided_by.pop(CODE_FIELD, None)
    identity.year, identity.decided_by[YEAR_FIELD] = _decide(evidence, YEAR_FIELD)
    identity.stage, identity.decided_by[STAGE_FIELD] = _decide(evidence, STAGE_FIELD)
    identity.level, identity.decided_by[LEVEL_FIELD] = _decide(evidence, LEVEL_FIELD)
    if not identity.level:
        identity.level = DEPARTMENT
        identity.decided_by[LEVEL_FIELD] = "未印出部门或单位，按部门"
    for name in list(identity.decided_by):
        if not identity.decided_by[name]:
            identity.decided_by[name] = "未能从文件中识别"
    return identity


# --- deciding -------------------------------------------------------------------------------------


def _repeated_where_needed(evidence: list[Evidence]) -> list[Evidence]:
    pages: dict[tuple[str, object], set] = defaultdict(set)
    for item in evidence:
        if item.repeats:
            pages[item.field, item.value].add(item.page)
    return [e for e in evidence if not e.repeats or len(pages[e.field, e.value]) >= 2]


def _decide(evidence: list[Evidence], name: str) -> tuple[object, str]:
    """The value with the strongest evidence (then the most pages), and how it was decided."""
    by_value: dict[object, list[Evidence]] = defaultdict(list)
    for item in evidence:
        if item.field == name:
            by_value[item.value].append(item)
    if not by_value:
        return ("" if name != YEAR_FIELD else None), ""

    def rank(value) -> tuple[int, int, int]:
        items = by_value[value]
        best = max(STRENGTH[e.source] for e in items)
        pages = {e.page for e in items if STRENGTH[e.source] == best}
        return best, len(pages), len(items)

    ranked = sorted(by_value, key=rank, reverse=True)
    winner = ranked[0]
    best = max(by_value[winner], key=lambda e: (STRENGTH[e.source], -(e.page or 0)))
    pages = sorted({e.page for e in by_value[winner] if e.source == best.source and e.page})
    where = f"第{_page_list(pages)}页" if pages else ""
    how = f"{winner}，取自{best.source}" + (
        f"（{where}：“{best.printed}”）" if where else f"（“{best.printed}”）"
    )
    others = [f"{max(by_value[v], key=lambda e: STRENGTH[e.source]).source}写作“{v}”" for v in ranked[1:4]]
    if others:
        how += "；另有" + "，".join(others) + "，证据较弱"
    return winner, how


def _code_for(evidence: list[Evidence], department: str) -> str:
    """The code printed with the decided name (a code printed with another name is not its code)."""
    codes: dict[str, int] = defaultdict(int)
    for item in evidence:
        if item.field == CODE_FIELD and item.value[1] == department:
            codes[item.value[0]] += 1
    return max(codes, key=codes.get) if codes else ""


def _page_list(pages: list[int]) -> str:
    if len(pages) > 3 and pages == list(range(pages[0], pages[-1] + 1)):
        return f"{pages[0]}–{pages[-1]}"
    if len(pages) > 5:
        return "、".join(map(str, pages[:5])) + f"等{len(pages)}"
    return "、".join(map(str, pages))


# --- names ----------------------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def clean_name(raw: str) -> str:
    """A printed name as one string: no spaces, full-width brackets, no trailing 部门 (北京市教育委员会部门
    is 北京市教育委员会 with its units)."""
    name = _squeeze(raw).replace("(", "（").replace(")", "）").strip("：:，,。.、·“”\"'《》")
    for suffix in ("部门", "单位"):
        if name.endswith(suffix) and is_department_name(name[: -len(suffix)]):
            name = name[: -len(suffix)]
    return name


def is_department_name(name: str, *, rows: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a printed string reads as the name of an institution: CJK, 2–40 characters, ending
    like an institution (局, 委员会, 支队 …), and not a table row, a unit of measure or a header."""
    if not 2 <= len(name) <= 40 or name in NOT_A_NAME or name in rows:
        return False
    if not re.fullmatch(rf"[{HAN}（）·]+", name) or MEASURE_RE.match(name):
        return False
    if SENTENCE_WORDS_RE.search(name):
        return False
    bare = re.sub(r"（[^（）]*）$", "", name)  # 无锡市教育局（本级）
    if len(bare) < 2 or ROW_END_RE.search(bare):
        return False
    return bool(INSTITUTION_END_RE.search(bare))


def _department(
    name: str, source: str, page: int | None, printed: str, rows: frozenset[str] | set[str] = frozenset()
) -> list[Evidence]:
    name = clean_name(name)
    if not is_department_name(name, rows=rows):
        return []
    return [Evidence(DEPARTMENT_FIELD, name, source, page, printed.strip())]


# --- where each kind of evidence is printed -------------------------------------------------------


def _header_evidence(lines: list[str], page: int, *, rows: set[str], table_page: bool) -> list[Evidence]:
    """The table-page header: code and name, labels, 预算年度."""
    found: list[Evidence] = []
    for index, line in enumerate(lines):
        for stage_word, year in YEAR_LABEL_RE.findall(line):
            found.append(Evidence(YEAR_FIELD, int(year), HEADER, page, line.strip()))
            if stage_word:
                found.append(Evidence(STAGE_FIELD, _stage(stage_word), HEADER, page, line.strip()))
        match = CODE_NAME_RE.match(line)
        if match:
            rest = match.group("rest") or ""
            bracketed = bool(BRACKETED_CODE_RE.match(line))
            if not rest.strip() or HEADER_LABEL_RE.search(rest) or bracketed:
                coded = _coded(match.group(1), match.group(2), page, line, rows)
                alone = not rest.strip() and not bracketed
                found += [replace(e, repeats=True) for e in coded] if alone else coded
        elif CODE_ONLY_RE.match(line) and index + 1 < len(lines):
            # Spread over lines: the code, the name under it, 预算年度/单位 next to them.
            around = " ".join(lines[max(0, index - 1) : index + 3])
            if HEADER_LABEL_RE.search(around):
                code = CODE_ONLY_RE.match(line).group(1)
                found += _coded(
                    code, lines[index + 1], page, f"{line.strip()} {lines[index + 1].strip()}", rows
                )
        if not (table_page or LABEL_ALONE_RE.match(line) or len(_squeeze(line)) <= 40):
            continue
        alone = LABEL_ALONE_RE.match(line)
        if alone and index + 1 < len(lines):
            found += _labelled(
                alone.group(1), lines[index + 1], page, f"{line.strip()}{lines[index + 1].strip()}"
            )
            continue
        for label in LABEL_RE.finditer(line):
            if label.group(1) in ("部门", "单位") and not table_page:
                continue  # a bare 部门：/单位： counts only on a page with a table
            value = NEXT_LABEL_RE.split(line[label.end() :], maxsplit=1)[0]
            found += _labelled(label.group(1), value, page, line)
    return found


def _coded(
    code: str, name: str, page: int, printed: str, rows: frozenset[str] | set[str] = frozenset()
) -> list[Evidence]:
    evidence = _department(name, HEADER, page, printed, rows)
    if not evidence:
        return []
    # A code and a name alone on a line count where the name reads as an institution; their
    # code is kept with the name, to be used only if that name is the one decided.
    return [*evidence, Evidence(CODE_FIELD, (code, evidence[0].value), HEADER, page, printed.strip())]


def _labelled(label: str, value: str, page: int, printed: str) -> list[Evidence]:
    value = TRAILING_LABEL_RE.sub("", _squeeze(value))
    if not value or MEASURE_RE.match(value):
        return []
    coded = re.match(r"^[\[【(（]?(\d{3,9})[\]】)）]?[-－—–_.．、]?(.+)$", value)
    if coded:
        return _coded(coded.group(1), coded.group(2), page, printed)
    return _department(value, HEADER, page, printed)


def _title_line_evidence(lines: list[str], page: int) -> list[Evidence]:
    """Lines that name the document: headings, running heads, a table's title printed as text."""
    found: list[Evidence] = []
    for line in lines:
        squeezed = _squeeze(line)
        if len(squeezed) > 50 or re.search(r"[，。；：:]", squeezed):
            continue
        if squeezed.endswith("表") and not re.search(r"(?:部门|单位)(?:预算|决算)表$", squeezed):
            found += _table_title(squeezed, page)
            continue
        found += _document_title(squeezed, page, line)
    return found


def _document_title(squeezed: str, page: int | None, printed: str, source: str = COVER) -> list[Evidence]:
    text = TITLE_PREFIX_RE.sub("", squeezed)
    text = DATE_RE.sub("", text)
    match = DOCUMENT_TITLE_RE.match(FUND_RE.sub(_fund_placeholder, text))
    if not match or "※" in match.group(0):
        return []
    name = _department(match.group("name"), source, page, printed) if match.group("name") else []
    if match.group("name") and not name:
        return []  # words before 预算 that are no institution's name: a sentence, not a title
    if not (name or match.group("level")):
        return []  # "2025年预算" is a column header; a document calls itself 部门预算 or names its publisher
    found = [*name, Evidence(STAGE_FIELD, _stage(match.group("stage")), source, page, printed.strip())]
    year = re.match(rf"({YEAR})", match.group("year") or "")
    if year:
        found.append(Evidence(YEAR_FIELD, int(year.group(1)), source, page, printed.strip()))
    if match.group("level"):
        found.append(Evidence(LEVEL_FIELD, match.group("level"), source, page, printed.strip()))
    return found


def _fund_placeholder(match: re.Match) -> str:
    return "※" * len(match.group(0))


def _table_title_evidence(tables: Sequence[Table]) -> list[Evidence]:
    found: list[Evidence] = []
    for table in tables:
        page = table.pages[0] if table.pages else None
        found += _table_title(_squeeze(table.title), page)
    return found


def _table_title(title: str, page: int | None, source: str = TITLE) -> list[Evidence]:
    """张家口市档案馆2025年部门预算收支总表: the publisher before the year, the year, the stage."""
    if not title.endswith("表"):
        return []
    text = TABLE_NUMBER_RE.sub("", title)
    found: list[Evidence] = []
    year = re.search(rf"({YEAR})\s*年", text)
    if year:
        found.append(Evidence(YEAR_FIELD, int(year.group(1)), source, page, title))
        name = re.match(rf"^({NAME_CHARS}{{2,40}}?){YEAR}\s*年", text)
        if name:
            found += _department(name.group(1), source, page, title)
    stageless = FUND_RE.sub("", text)
    stage = re.search(r"(预算|决算)", stageless)
    if stage:
        found.append(Evidence(STAGE_FIELD, _stage(stage.group(1)), source, page, title))
    level = LEVEL_RE.search(stageless)
    if level:
        found.append(Evidence(LEVEL_FIELD, level.group(1), source, page, title))
    return found


def _cover_evidence(page_texts: Sequence[str]) -> list[Evidence]:
    """The cover or title page: its opening lines, up to the contents or the first section, read
    as one title (the name, the year and 部门预算 may each stand on a line of their own)."""
    for number, text in enumerate(page_texts[:2], start=1):
        lines: list[str] = []
        named = False  # a line saying 预算 or 决算 was read: only its year or 公开 may follow
        for line in text.splitlines():
            squeezed = _squeeze(line)
            bare_year = re.fullmatch(rf"{YEAR}\s*年?度?", squeezed)
            if not squeezed or CHINESE_DATE_LINE_RE.match(squeezed):
                continue  # the printing date
            if re.fullmatch(r"[-—–\d\s.·]+", squeezed) and not bare_year:
                continue  # page numbers, stray dots
            if named and not (bare_year or re.fullmatch(r"(?:信息)?公开|情况的?说明|的?说明", squeezed)):
                break
            if COVER_STOP_RE.match(squeezed) or re.search(r"[，。；]|[:：]", squeezed) or len(squeezed) > 40:
                break
            lines.append(squeezed)
            named = named or bool(re.search(r"预算|决算", FUND_RE.sub("", squeezed)))
            if len(lines) == 6:
                break
        joined = DATE_RE.sub("", "".join(lines))
        if not re.search(r"预算|决算", FUND_RE.sub("", joined)):
            continue
        printed = " / ".join(lines)
        rest = YEAR_TOKEN_RE.sub("", joined)
        rest = re.sub(r"^年度?|(?<=[局会委厅部办室处馆站所队心府团社校学院级）])年度?", "", rest)
        # The whole cover must read as a title (NAME 部门预算 信息公开): a notice's title that
        # speaks of 部门预算 (关于做好…部门预算编制工作的通知) names no document.
        found = _document_title(rest, number, printed)
        if not found:
            continue
        years = [int(y) for y in YEAR_TOKEN_RE.findall(joined)]
        if years:
            found.append(Evidence(YEAR_FIELD, years[0], COVER, number, printed))
        return found
    return []


def _explanation_evidence(page_texts: Sequence[str]) -> list[Evidence]:
    """The explanation's first sentences name the department (北京市人民政府办公厅主要职责包括：)."""
    found: list[Evidence] = []
    for number, text in enumerate(page_texts[:12], start=1):
        previous = ""
        for line in text.splitlines():
            squeezed = _squeeze(line)
            if not squeezed:
                continue
            # A wrapped line of prose starts anywhere in a word: only the first line under a
            # heading starts a sentence.
            match = EXPLANATION_NAME_RE.match(squeezed) if HEADING_RE.match(previous) else None
            if match:
                found += _department(match.group("name"), EXPLANATION, number, line)
            previous = squeezed
        if found:
            break  # the first page that names it: later pages quote other institutions
    return found


def _filename_evidence(filename: str) -> list[Evidence]:
    """The last resort: 2026年东营市信访局部门预算.pdf, 卫生健康委员会_2026年部门预算.pdf."""
    stem = PurePath(filename).name
    stem = re.sub(r"(\.[A-Za-z]{2,4})+$", "", stem)
    if not stem:
        return []
    found: list[Evidence] = []
    lowered = stem.lower()
    for word, stage in ENGLISH_STAGE.items():
        if word in lowered:
            found.append(Evidence(STAGE_FIELD, stage, FILENAME, None, filename))
    for piece in FILENAME_SPLIT_RE.split(stem):
        years = YEAR_TOKEN_RE.findall(piece)
        if years:
            found.append(Evidence(YEAR_FIELD, int(years[0]), FILENAME, None, filename))
        rest = YEAR_TOKEN_RE.sub("", piece)
        match = NAMED_STAGE_RE.match(FUND_RE.sub(_fund_placeholder, rest))
        if match:
            found.append(Evidence(STAGE_FIELD, _stage(match.group("stage")), FILENAME, None, filename))
            if match.group("level"):
                found.append(Evidence(LEVEL_FIELD, match.group("level"), FILENAME, None, filename))
            found += _department(match.group("name"), FILENAME, None, filename)
        else:
            found += _department(rest, FILENAME, None, filename)
    return [Evidence(e.field, e.value, e.source, None, filename) for e in found]


def _stage(word: str) -> str:
    return FINAL_ACCOUNTS if word == "决算" else BUDGET


# --- the document's title, and whether it is one at all --------------------------------------------


def find_title(page_texts: Sequence[str]) -> str:
    """The document's own title from its cover (西南大学 2023 年度部门预算), its lines joined up to
    the one naming 预算 or 决算; "" when the first page is already a table (部门预算收支总表)."""
    lines = [line.strip() for line in (page_texts[0] if page_texts else "").splitlines() if line.strip()]
    for count, line in enumerate(lines[:4], start=1):
        if "预算" in line or "决算" in line:
            title = " ".join(lines[:count])
            return "" if re.sub(r"\s+", "", title).endswith("表") else title
    return ""


def looks_like_disclosure(page_texts: Sequence[str]) -> bool:
    """A first, cheap test: a disclosure speaks of 预算 or 决算, and of 收入 or 支出."""
    text = re.sub(r"\s+", "", " ".join(page_texts))
    return ("预算" in text or "决算" in text) and ("支出" in text or "收入" in text)


__all__ = [
    "Evidence",
    "Identity",
    "clean_name",
    "find_title",
    "is_department_name",
    "looks_like_disclosure",
    "read_identity",
]
