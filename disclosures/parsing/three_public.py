"""三公经费: the categories, what names them, and the figures a 三公 table and paragraph state.

The 三公 figures are 因公出国（境）费, 公务用车购置及运行维护费 (购置费 + 运行维护费) and 公务接待费,
and their total. One recogniser (``category``) names the category of a row, a column's headers
or a prose label; one reader (``figure_sets``) finds every set of figures a 三公 table prints,
and ``three_public_from_table`` takes the one the disclosure is about. The checks compare those
sets (each must add up) and that summary (it must equal the prose); they never read the table.

Table layouts read (README, "Table kinds and their layouts"):

- rows: one row per category (合计 / 因公出国（境）费 / …, the seed's); one set per amount
  column (合计, 一般公共预算 …);
- columns: one row, the categories as columns (Shanghai, Jiangsu, Chongqing); a 小计 stands for
  the header above it; one set per row and per year or measure the headers name (2025年预算数 |
  2026年预算数; 预算数 | 决算数 under each category of a 决算 table);
- beside 会议费 and 培训费 (Jiangsu) a bare 合计 covers more than 三公: the 三公 total is the
  column that says 三公 (“三公”经费 › 小计, “三公”经费合计).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from disclosures.parsing.columns import MEASURES, AmountColumn, amount_columns, cell, norm
from disclosures.parsing.document import Row, Table, ThreePublicFigures
from disclosures.parsing.prose import Sentence, change_in, clauses, figures_in

TOTAL = "total"
OVERSEAS = "overseas"
VEHICLES = "vehicles"
PURCHASE = "vehicle_purchase"
OPERATION = "vehicle_operation"
RECEPTION = "reception"
CATEGORIES = (TOTAL, OVERSEAS, VEHICLES, PURCHASE, OPERATION, RECEPTION)  # ThreePublicFigures' fields
# What each category is called; the total is the 三公 spending as a whole.
NAMES = {
    TOTAL: "“三公”经费",
    OVERSEAS: "因公出国（境）费",
    VEHICLES: "公务用车购置及运行维护费",
    PURCHASE: "公务用车购置费",
    OPERATION: "公务用车运行维护费",
    RECEPTION: "公务接待费",
}
# A table prints the total in its 合计 row (or column).
TOTAL_ROW = "合计"

# Layouts of the table.
ROWS = "rows"
COLUMNS = "columns"

FINAL = "决算数"  # the measure a 决算 table is about
# Printed beside 三公 in some templates, and no part of it.
BESIDE_RE = re.compile(r"机关运行|会议|培训")
# Beside these a bare 合计 adds them in (Jiangsu's 公开09表).
WIDER_RE = re.compile(r"会议费|培训费")
RUNS_RE = re.compile(r"运行|运维|运营|维护")
YEAR_RE = re.compile(r"(\d{4})年")
SUBTOTALS = ("小计", "合计")


def row_name(category: str) -> str:
    """How a table names a category's row: the total is its 合计."""
    return TOTAL_ROW if category == TOTAL else NAMES[category]


# -- the recogniser -------------------------------------------------------------------------


def _category_in(text: str, *, in_table: bool) -> str | None:
    """The category one piece of text names. In a 三公 table a 购置费 or 运行费 is the car's
    (SH: 公务用车购置及运行费 › 购置费); in prose the label must say 车."""
    if BESIDE_RE.search(text):
        return None
    if "出国" in text:
        return OVERSEAS
    if "接待" in text:
        return RECEPTION
    buys, runs = "购置" in text, bool(RUNS_RE.search(text))
    if in_table or "车" in text:
        if buys and runs:
            return VEHICLES
        if buys:
            return PURCHASE
        if runs:
            return OPERATION
    if "公务用车" in text:
        return VEHICLES
    if "三公" in text or text in ("合计", "总计"):
        return TOTAL
    return None


def category(headers: Sequence[str], *, beside_total: bool = False) -> str | None:
    """The category of a row item or of a column's headers, read from the leaf upwards.

    预算数/决算数 say which figure, not which category; a 小计 or 合计 stands for the header above
    it (小计 under 公务用车购置及运行维护费 is that category; under “三公”经费 the total). A 小计
    with no such header is the total, unless the table prints a 合计 beside it (``beside_total``):
    then it is the cars' 小计 whose header was not read (SH: 合计 | … | 小计 | 购置费 | 运行费).
    """
    parts = [norm(part) for part in headers]
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if part in MEASURES:
            continue
        if part in SUBTOTALS:
            above = next((c for p in reversed(parts[:index]) if (c := _category_in(p, in_table=True))), None)
            if above is None and part == "小计" and beside_total:
                return VEHICLES
            return VEHICLES if above == VEHICLES else TOTAL
        found = _category_in(part, in_table=True)
        if found is not None:
            return found
    return None


def label_category(label: str) -> str | None:
    """The category a prose figure's label names (其中：公务接待费), or None (会议费)."""
    return _category_in(label, in_table=False)


# -- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Printed:
    """Where a 三公 figure is printed: its row and column (the cell may be empty: nothing budgeted)."""

    row: Row
    column: AmountColumn

    @property
    def value(self) -> Decimal | None:
        return cell(self.row, self.column)


@dataclass
class FigureSet:
    """One set of 三公 figures the table prints: an amount column of the row layout, or a row of
    the cross layout for one year and measure."""

    figures: dict[str, Printed] = field(default_factory=dict)  # by category
    column: str = ""  # rows: the column (合计, 一般公共预算 …)
    year: str = ""  # the year its headers name (2026), or ""
    measure: str = ""  # 预算数 / 决算数 where the headers say which


def layout(table: Table) -> str:
    """ROWS when the categories are rows (the seed's layout), COLUMNS for the cross layout."""
    if any(category([row.item]) not in (None, TOTAL) for row in table.rows):
        return ROWS
    columns = amount_columns(table, table.rows)
    if any(category(column.headers) not in (None, TOTAL) for column in columns):
        return COLUMNS
    return ROWS


def figure_sets(table: Table) -> list[FigureSet]:
    """Every set of 三公 figures the table prints, in the table's order."""
    wider = _is_wider(table)
    if layout(table) == ROWS:
        rows: dict[str, Row] = {}
        for row in table.rows:
            found = category([row.item])
            if found == TOTAL and wider and "三公" not in row.item:
                continue
            if found is not None:
                rows.setdefault(found, row)
        return [
            FigureSet({found: Printed(row, column) for found, row in rows.items()}, column=column.name)
            for column in amount_columns(table, table.rows)
        ]
    beside_total = any(
        norm(header) == TOTAL_ROW for column in amount_columns(table, table.rows) for header in column.headers
    )
    sets: list[FigureSet] = []
    for row in table.rows:
        by_key: dict[tuple[str, str], FigureSet] = {}
        for column in amount_columns(table, [row]):
            found = category(column.headers, beside_total=beside_total)
            if found is None or (found == TOTAL and wider and "三公" not in column.label):
                continue
            key = (_year(column), column.leaf if column.leaf in MEASURES else "")
            figures = by_key.setdefault(key, FigureSet(year=key[0], measure=key[1])).figures
            figure, earlier = Printed(row, column), figures.get(found)
            if earlier is None or _better(found, figure, earlier):
                figures[found] = figure
        sets.extend(by_key.values())
    return sets


def _better(found: str, figure: Printed, earlier: Printed) -> bool:
    """Whether a category's second column in one set replaces its first: a printed cell beats an
    empty one, and a total that says 三公 one that does not."""
    if earlier.value is None and figure.value is not None:
        return True
    says, said = "三公" in figure.column.label, "三公" in earlier.column.label
    return found == TOTAL and says and not said


def _is_wider(table: Table) -> bool:
    texts = [row.item for row in table.rows] + [column.label for column in amount_columns(table, table.rows)]
    return any(WIDER_RE.search(text) for text in texts)


def _year(column: AmountColumn) -> str:
    return next((match.group(1) for header in column.headers if (match := YEAR_RE.search(header))), "")


def main_set(sets: list[FigureSet]) -> FigureSet | None:
    """The set the disclosure is about: the 合计 column, one with figures printed, the 决算数 of a
    决算 table, this year's rather than last year's; the first of equals."""

    def rank(indexed: tuple[int, FigureSet]) -> tuple:
        index, figures = indexed
        printed = any(p.value is not None for p in figures.figures.values())
        return (figures.column == TOTAL_ROW, printed, figures.measure == FINAL, figures.year, -index)

    return max(enumerate(sets), key=rank)[1] if sets else None


def three_public_from_table(table: Table) -> ThreePublicFigures | None:
    """The 三公 figures of a parsed 三公 table (its main set), or None when it has none to read.

    A category printed with an empty cell is 0 (nothing budgeted); a category not printed at
    all stays None. A table naming fewer than two categories is not read.
    """
    chosen = main_set(figure_sets(table)) if table.rows else None
    if chosen is None or len(chosen.figures) < 2:
        return None
    values = {found: Decimal(0) if p.value is None else p.value for found, p in chosen.figures.items()}
    return ThreePublicFigures(
        **{found: values.get(found) for found in CATEGORIES},
        unit=table.unit,
        page=table.pages[0] if table.pages else None,
    )


# -- the paragraph --------------------------------------------------------------------------

CHANGE_WORDS_RE = re.compile(r"持平|增加|减少|增长|下降|降低|上升|无增减|一致|相同|不变|压减|节约")
REASON_RE = re.compile(r"^(主要原因|主要是|原因是|原因为|主要由于|由于|系)")
OTHER = "other"  # a figure in the paragraph that is none of the categories (会议费, 培训费)


@dataclass
class ThreePublicProse:
    """What the 三公 paragraph states."""

    figures: ThreePublicFigures | None = None
    change: str = ""
    reason: str = ""
    sentence: str = ""
    page: int | None = None


def find_three_public(sentences: list[Sentence], heading_offsets: list[int]) -> ThreePublicProse:
    """The 三公 paragraph: its figures, and the change from last year with its reason.

    The paragraph starts at the first sentence that names 三公 and states an amount (or states
    that there is none: 无“三公”经费…支出), and runs to the next heading. A change clause (持平,
    减少15.24万元) belongs to the figure stated before it in its sentence; in a sentence that
    states no figure, to what the sentence before was about: its first figure, so that
    …其中因公出国（境）费0万元；…公务接待费0万元。与2024年持平，无增减变化。 is the total's change.
    """
    first = next((i for i, s in enumerate(sentences) if "三公" in s.text and figures_in(s.text)), None)
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
    subject = TOTAL  # what the last sentence that stated figures was about
    for index, sentence in block:
        current = None
        in_reason = False
        first_field = None
        for clause in clauses(sentence.text):
            plain = [
                f
                for f in figures_in(clause)
                if change_in(f.label) is None and not CHANGE_WORDS_RE.search(f.label)
            ]
            for figure in plain:
                current = label_category(figure.label) or OTHER
                first_field = first_field or current
                if current != OTHER and current not in values:
                    values[current] = (figure.value, figure.unit)
                in_reason = False
            target = current or subject
            if REASON_RE.match(clause):
                in_reason = True
            if target == OTHER:
                continue
            if in_reason:
                reasons.setdefault(target, []).append(clause)
            elif not plain and CHANGE_WORDS_RE.search(clause):
                changes.setdefault(target, []).append(clause)
                if target == TOTAL and total_change_sentence is None:
                    total_change_sentence = index
        if first_field is not None:
            subject = first_field
    if not values:
        return ThreePublicProse()
    unit = next(iter(values.values()))[1]
    figures = ThreePublicFigures(
        **{name: values[name][0] for name in CATEGORIES if name in values},
        unit=unit,
        page=sentences[first].page,
    )
    change = "，".join(changes.get(TOTAL, []))
    reason = "，".join(reasons.get(TOTAL, []))
    if not change:
        # No change stated for the total: the changes stated for each category, by name.
        change = "；".join(f"{NAMES[n]}{'，'.join(changes[n])}" for n in CATEGORIES if n in changes)
        reason = "；".join(f"{NAMES[n]}：{'，'.join(reasons[n])}" for n in CATEGORIES if n in reasons)
    text = sentences[first].text
    if total_change_sentence == first + 1:
        text += sentences[first + 1].text
    return ThreePublicProse(figures, change, reason, text, sentences[first].page)


def _none_stated(sentences: list[Sentence]) -> ThreePublicProse:
    """A paragraph saying there is no 三公 spending at all (本年度无“三公”经费财政拨款支出): zeros."""
    for sentence in sentences:
        text = sentence.text
        # Not a note under the table (故本表无数据) nor a definition (“三公”经费：指…).
        if re.search(r"(无|没有|未(安排|发生))[^，。；]{0,12}“?三公”?经费", text) and not re.search(
            r"表|指", text
        ):
            zero = Decimal("0")
            figures = ThreePublicFigures(**dict.fromkeys(CATEGORIES, zero), unit="", page=sentence.page)
            return ThreePublicProse(figures, "", "", sentence.text, sentence.page)
    return ThreePublicProse()
