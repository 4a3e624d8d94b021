"""The figures a citizen reads first, computed from lines already fetched.

- ``Headline``: a disclosure's 收入合计 and 支出合计 and its 基本/项目 split, each the Line it was
  read from, so that every headline figure still links to its PDF page;
- ``expense_classes``: spending by function 类 (the 支出总表's 类 rows, in its total column);
- ``ThreePublicFigures``: the 三公 figures, from the table when it states them, else the prose;
- ``year_totals`` and ``three_public_ranking``: the home page's views across departments.

Nothing here queries the database: the functions read lines (with their table, and the table's
disclosure where a link is made) that a QuerySet method fetched, so a page costs the same few
queries whatever the size of its data. Totals are found by what the rows say (合计, 本年支出合计,
收入总计 …), in the order a reader would take them, never by a table's position.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from disclosures.models import Disclosure, Level, Line, Stage, ThreePublic, in_wan
from disclosures.parsing.document import (
    EXPENSE,
    GENERAL_BUDGET_EXPENSE,
    INCOME,
    INCOME_EXPENSE_SUMMARY,
)

# The total rows of the 收支总表, best first: this year's income (without carry-overs) when the
# table prints it, else the grand total.
INCOME_TOTALS = ("本年收入合计", "收入合计", "收入总计", "总计", "合计")
EXPENSE_TOTALS = ("本年支出合计", "支出合计", "支出总计", "总计", "合计")
TOTAL_ITEMS = frozenset(INCOME_TOTALS + EXPENSE_TOTALS)
# The tables a headline is read from (QuerySet: ``LineQuerySet.headline_lines``).
HEADLINE_TABLES = (INCOME_EXPENSE_SUMMARY, INCOME, EXPENSE)
BASIC = "基本支出"
PROJECT = "项目支出"


def plain(text: str) -> str:
    """Text without any whitespace (headers print 合 计 as often as 合计)."""
    return "".join(text.split())


def is_total_item(item: str) -> bool:
    """Whether a row without a code is a table's total row (合计, 总计 …, or no name at all)."""
    return plain(item) in TOTAL_ITEMS or not plain(item)


def is_class_code(code: str) -> bool:
    """A 类: three digits (208); 款 has five, 项 seven."""
    return len(code) == 3 and code.isdigit()


def total_column(columns: Iterable[str]) -> str:
    """The column holding a row's total: the first that ends in 合计 or 总计, else the first."""
    columns = list(columns)
    for column in columns:
        if plain(column).endswith(("合计", "总计")):
            return column
    return columns[0] if columns else ""


def by_table(lines: Iterable[Line]) -> dict[int, list[Line]]:
    """Lines grouped by table (tables in the order of their first line), in reading order."""
    grouped: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        grouped[line.table_id].append(line)
    for table_lines in grouped.values():
        table_lines.sort(key=lambda line: (line.row_order, line.column_order))
    return grouped


def total_row(lines: list[Line]) -> list[Line]:
    """The lines of a coded table's total row: the first row with no code that reads as a total."""
    for line in lines:
        if not line.code and is_total_item(line.item):
            return [other for other in lines if other.row_order == line.row_order]
    return []


def cell(row: list[Line], column: str) -> Line | None:
    """The line of ``row`` under ``column`` (a leaf header, or a path ending in it)."""
    wanted = plain(column)
    for line in row:
        name = plain(line.column)
        if name == wanted or name.endswith("/" + wanted):
            return line
    return None


def side_total(lines: list[Line], side: str, labels: tuple[str, ...]) -> Line | None:
    """The first amount of the best-ranked total row on one side of a two-sided table."""
    found: dict[str, Line] = {}
    for line in lines:
        label = plain(line.item)
        if line.side == side and label in labels:
            found.setdefault(label, line)
    return next((found[label] for label in labels if label in found), None)


@dataclass
class Headline:
    """A disclosure's totals; each is the Line it was read from (None: not found)."""

    income: Line | None = None
    expense: Line | None = None
    basic: Line | None = None
    project: Line | None = None

    @property
    def expense_in_wan(self) -> Decimal | None:
        return self.expense.amount_in_wan if self.expense else None

    @property
    def income_in_wan(self) -> Decimal | None:
        return self.income.amount_in_wan if self.income else None

    @property
    def split(self) -> list[tuple[str, Line, Decimal]]:
        """基本支出 and 项目支出 with their share of the two, in percent (for the split bar)."""
        parts = [(label, line) for label, line in ((BASIC, self.basic), (PROJECT, self.project)) if line]
        whole = sum((line.amount for _, line in parts), Decimal(0))
        if not whole:
            return []
        return [(label, line, (line.amount * 100 / whole).quantize(Decimal("0.1"))) for label, line in parts]


def headline(lines: Iterable[Line]) -> Headline:
    """The totals of one disclosure from its lines (all of them, or ``headline_lines``).

    支出合计 comes from the 支出总表's total row (where its 基本/项目 split is), else the 收支总表;
    收入合计 from the 收支总表 (本年收入合计 first), else the 收入总表's total row.
    """
    tables: dict[str, list[Line]] = {}
    for table_lines in by_table(lines).values():
        kind = table_lines[0].table.kind
        if kind in HEADLINE_TABLES:
            tables.setdefault(kind, table_lines)
    summary = tables.get(INCOME_EXPENSE_SUMMARY, [])
    result = Headline()
    expense_row = total_row(tables.get(EXPENSE, []))
    if expense_row:
        table = expense_row[0].table
        result.expense = cell(expense_row, total_column(table.columns or [expense_row[0].column]))
        result.basic = cell(expense_row, BASIC)
        result.project = cell(expense_row, PROJECT)
    result.expense = result.expense or side_total(summary, "支出", EXPENSE_TOTALS)
    result.income = side_total(summary, "收入", INCOME_TOTALS)
    if result.income is None:
        income_row = total_row(tables.get(INCOME, []))
        if income_row:
            columns = income_row[0].table.columns or [income_row[0].column]
            result.income = cell(income_row, total_column(columns)) or income_row[0]
    return result


def headlines(lines: Iterable[Line]) -> dict[int, Headline]:
    """``headline`` for each disclosure the lines belong to (lines fetched with their table)."""
    grouped: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        grouped[line.table.disclosure_id].append(line)
    return {pk: headline(disclosure_lines) for pk, disclosure_lines in grouped.items()}


def expense_classes(lines: Iterable[Line]) -> list[Line]:
    """Spending by function 类, largest first: each 类 row's line in the total column of the
    支出总表 (else of the 一般公共预算财政拨款支出表, for documents without a 支出总表)."""
    tables: dict[str, list[Line]] = {}
    for table_lines in by_table(lines).values():
        kind = table_lines[0].table.kind
        if kind in (EXPENSE, GENERAL_BUDGET_EXPENSE):
            tables.setdefault(kind, table_lines)
    for kind in (EXPENSE, GENERAL_BUDGET_EXPENSE):
        table_lines = tables.get(kind, [])
        if not table_lines:
            continue
        column = total_column(table_lines[0].table.columns or [table_lines[0].column])
        classes = [
            line for line in table_lines if is_class_code(line.code) and plain(line.column) == plain(column)
        ]
        if classes:
            return sorted(classes, key=lambda line: (-line.amount, line.code))
    return []


# 三公经费 ------------------------------------------------------------------------------------

THREE_PUBLIC_LABELS = {
    "total": "合计",
    "overseas": "因公出国（境）费",
    "vehicles": "公务用车购置及运行维护费",
    "vehicle_purchase": "其中：公务用车购置费",
    "vehicle_operation": "其中：公务用车运行维护费",
    "reception": "公务接待费",
}


@dataclass
class ThreePublicFigures:
    """The 三公 figures of one disclosure as a reader should take them, and where they stand."""

    disclosure: Disclosure
    source: str  # 三公经费表, 情况说明, or 三公经费表（空表列示）
    values: dict[str, Decimal | None]
    unit: str
    url: str  # the PDF page they were read from ("" when no page is known)
    page: int | None = None

    @property
    def total(self) -> Decimal | None:
        return self.values.get("total")

    def in_wan(self, name: str = "total") -> Decimal | None:
        return in_wan(self.values.get(name), self.unit)

    @property
    def total_in_wan(self) -> Decimal | None:
        return self.in_wan("total")

    @property
    def overseas_in_wan(self) -> Decimal | None:
        return self.in_wan("overseas")

    @property
    def vehicles_in_wan(self) -> Decimal | None:
        return self.in_wan("vehicles")

    @property
    def reception_in_wan(self) -> Decimal | None:
        return self.in_wan("reception")


def three_public_figures(three_public: ThreePublic | None) -> ThreePublicFigures | None:
    """The table's figures when it states any; else the prose's; a table printed empty (空表列示)
    with no prose states zero. None when the document says nothing about 三公."""
    if three_public is None:
        return None
    disclosure = three_public.disclosure
    for prefix, source, pdf_pk in (
        ("table", "三公经费表", disclosure.tables_source_id or disclosure.pk),
        ("prose", "情况说明", disclosure.explanation_source_id or disclosure.pk),
    ):
        values = {name: getattr(three_public, f"{prefix}_{name}") for name in ThreePublic.FIGURES}
        if any(value is not None for value in values.values()):
            page = getattr(three_public, f"{prefix}_page") or (
                three_public.page if prefix == "prose" else None
            )
            return ThreePublicFigures(
                disclosure=disclosure,
                source=source,
                values=values,
                unit=getattr(three_public, f"{prefix}_unit"),
                url=pdf_page_url(pdf_pk, page),
                page=page,
            )
    if three_public.table_disclosed_empty:
        page = three_public.table_page
        return ThreePublicFigures(
            disclosure=disclosure,
            source="三公经费表（空表列示）",
            values={"total": Decimal(0)},
            unit=three_public.table_unit,
            url=pdf_page_url(disclosure.tables_source_id or disclosure.pk, page),
            page=page,
        )
    return None


def pdf_page_url(disclosure_pk: int, page: int | None) -> str:
    """The page of a stored PDF (``#page=N`` opens it there), or "" without a page."""
    if not page:
        return ""
    return f"{reverse('disclosures:pdf', args=[disclosure_pk])}#page={page}"


@dataclass
class Change:
    """From one amount to another, in 万元: the difference and the percent change."""

    before: Decimal | None
    after: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def percent(self) -> Decimal | None:
        if self.difference is None or not self.before:
            return None
        return (self.difference * 100 / abs(self.before)).quantize(Decimal("0.1"))


def three_public_rows(
    before: ThreePublicFigures | None, after: ThreePublicFigures | None
) -> list[tuple[str, Decimal | None, Decimal | None, Change]]:
    """(label, amount before, amount after, change in 万元) for each 三公 figure either side
    states: last year and this year, or two disclosures compared; amounts in each one's unit."""
    rows = []
    for name, label in THREE_PUBLIC_LABELS.items():
        first = before.values.get(name) if before else None
        second = after.values.get(name) if after else None
        if first is None and second is None:
            continue
        change = Change(before.in_wan(name) if before else None, after.in_wan(name) if after else None)
        rows.append((label, first, second, change))
    return rows


# Across departments --------------------------------------------------------------------------


@dataclass
class YearTotal:
    """One year and stage across departments: how many disclosures, and their totals in 万元."""

    year: int
    stage: str
    disclosures: int = 0  # 部门-level disclosures (a 部门 one includes its units')
    units: int = 0  # 单位-level disclosures, not added in (their department's would count them twice)
    expense: Decimal = Decimal(0)
    income: Decimal = Decimal(0)
    without_total: int = 0  # disclosures whose totals could not be read
    members: list[Disclosure] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.stage}"


def year_totals(disclosures: Iterable[Disclosure], found: dict[int, Headline]) -> list[YearTotal]:
    """Totals by year and stage, newest first, over 部门-level disclosures only."""
    totals: dict[tuple[int, str], YearTotal] = {}
    for disclosure in disclosures:
        if disclosure.year is None:
            continue
        total = totals.setdefault(
            (disclosure.year, disclosure.stage), YearTotal(disclosure.year, disclosure.stage)
        )
        if disclosure.level != Level.DEPARTMENT:
            total.units += 1
            continue
        total.disclosures += 1
        numbers = found.get(disclosure.pk, Headline())
        if numbers.expense_in_wan is None:
            total.without_total += 1
        else:
            total.expense += numbers.expense_in_wan
        if numbers.income_in_wan is not None:
            total.income += numbers.income_in_wan
    stage_order = {stage: index for index, stage in enumerate(Stage.values)}
    return sorted(totals.values(), key=lambda t: (-t.year, stage_order.get(t.stage, 9)))


def three_public_ranking(rows: Iterable[ThreePublic]) -> list[ThreePublicFigures]:
    """The 三公 figures of each disclosure that states them, largest total (in 万元) first."""
    figures = [three_public_figures(row) for row in rows]
    stated = [figure for figure in figures if figure is not None and figure.total_in_wan is not None]
    return sorted(stated, key=lambda figure: (-figure.total_in_wan, figure.disclosure.department_name))
