"""Project performance-target tables (项目绩效目标表) read into Projects and Indicators.

Every province prints these its own way: 项目编码 | code | 项目名称 | name on one line (Hebei),
项目名称 alone with 年度资金总额/其中：财政拨款 and a 分值 column (the universities' template),
or a 财政项目支出绩效目标填报表 with project and annual money side by side (Shanghai). What
they share is the vocabulary of their label cells, so the tables are read as a stream of grid
rows in page order and recognised by those labels, never by file, page or department:

* a row with 项目名称 or 项目编码 and a value beside it starts a project;
* label rows after it give the money (预算数, 其中：财政资金 …), 资金用途, 资金支出计划 and
  绩效目标;
* a row with 一级指标 and 二级指标 is the indicator header, and the rows under it are
  indicators, mapped to the header's columns by position, so that a continuation grid on the
  next page (with or without a repeated header) lands in the right columns.

A project's table may break over pages anywhere; a grid continues the open project when
nothing but running text (no heading, no table title) separates it from the grid before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from disclosures.parsing.document import Indicator, Project, Skipped, Table
from disclosures.parsing.kinds import KINDS
from disclosures.parsing.money import convert, unit_named
from disclosures.parsing.page import Cell, Grid, PageLayout
from disclosures.parsing.project_cells import (
    BUDGET_LABELS,
    CODE_LABELS,
    COLUMN_WORDS,
    FISCAL_RE,
    GOAL_LABELS,
    MONTH_RE,
    NAME_LABELS,
    OTHER_LABELS,
    PERCENT_RE,
    PLAN_RE,
    PURPOSE_LABELS,
    indicator_field,
    is_indicator_header,
    is_label,
    split_goals,
    split_target,
)
from disclosures.parsing.tables import unit_in
from disclosures.parsing.text import UNIT_IN_LABEL_RE, has_words, parse_amount, squeeze, tidy

# A heading or a table title: one between two grids ends the open project.
HEADING_RE = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)


@dataclass
class _Candidate:
    value: Decimal | None
    rank: int
    x0: float


@dataclass
class _OpenProject:
    project: Project
    state: str = "header"  # header / goals / indicators
    budgets: list[_Candidate] = field(default_factory=list)
    fiscal: list[_Candidate] = field(default_factory=list)
    other: list[_Candidate] = field(default_factory=list)
    purpose_pending: bool = False
    plan_months: list[Cell] = field(default_factory=list)
    goal_columns: list[Cell] = field(default_factory=list)
    goal_texts: list[str] = field(default_factory=list)
    columns: list[tuple[Cell, str]] = field(default_factory=list)  # indicator header cells and fields
    carry: dict[str, str] = field(default_factory=dict)  # 一级/二级 of the row above, for merged cells
    at_break: bool = False  # the next indicator row is the first after a page break
    labels_seen: int = 0  # label cells read after the row that opened the project


class _Reader:
    """The state machine over the document's grid rows."""

    def __init__(self) -> None:
        self.projects: list[Project] = []
        self.skipped: list[Skipped] = []
        self.open: _OpenProject | None = None
        self.previous: Grid | None = None
        self.grid: Grid | None = None

    def feed_grid(self, grid: Grid) -> None:
        first = next((i for i, row in enumerate(grid.full_rows[:4]) if self._start(row)), None)
        rows = grid.full_rows
        if first is not None:
            # A grid that opens with a new project's header (its title rows above it inside
            # the grid are not rows of any project).
            self._close()
            rows = rows[first:]
        elif self.open is not None:
            if self.previous is None or not _continues(self.previous, grid):
                self._close()
            elif grid.page != self.previous.page:
                self.open.at_break = True
        self.grid = grid
        for row in rows:
            self._feed_row(row, grid.page)
        self.previous = grid

    def finish(self) -> tuple[list[Project], list[Skipped]]:
        self._close()
        return self.projects, self.skipped

    # -- rows ------------------------------------------------------------------------------

    def _feed_row(self, cells: list[Cell], page: int) -> None:
        if not any(c.text for c in cells):
            return
        start = self._start(cells)
        if start is not None:
            self._begin(start, cells, page)
            return
        if is_indicator_header(cells):
            if self.open is None:
                self.skipped.append(
                    Skipped(page, "绩效指标表", "指标表前没有项目名称或项目编码，无法归属到项目")
                )
                return
            # Every header cell, named or not, so that a cell under an unnamed column (the
            # vertical 绩效指标 label) is not pulled into its neighbour.
            self.open.columns = [(c, indicator_field(c.key)) for c in cells]
            self.open.state = "indicators"
            self.open.plan_months = []
            self.open.goal_columns = []
            return
        if self.open is None:
            return
        if self.open.state == "indicators":
            self._indicator_row(cells, page)
        else:
            self._header_row(cells)

    def _start(self, cells: list[Cell]) -> dict[str, str] | None:
        """The name and/or code a row starts a project with, or None."""
        found = {}
        for index, cell in enumerate(cells):
            if cell.key in NAME_LABELS or cell.key in CODE_LABELS:
                value = _value_right_of(cells, index)
                if (
                    value is not None
                    and value.text
                    and not is_label(value.key)
                    and value.key not in COLUMN_WORDS
                ):
                    found["name" if cell.key in NAME_LABELS else "code"] = value.tidied
        return found or None

    def _begin(self, start: dict[str, str], cells: list[Cell], page: int) -> None:
        current = self.open
        fills_current = (
            current is not None
            and current.state == "header"
            and not current.budgets
            and all(not getattr(current.project, key) for key in start)
        )
        if not fills_current:
            self._close()
            self.open = _OpenProject(Project(name="", page=page, unit=_unit_above(self.grid)))
        project = self.open.project
        project.name = project.name or start.get("name", "")
        project.code = project.code or squeeze(start.get("code", ""))
        self._header_row(cells)

    def _header_row(self, cells: list[Cell]) -> None:
        current = self.open
        project = current.project
        texts = [c for c in cells if c.text and not is_label(c.key)]
        if current.plan_months:
            plan = {m.text: "" for m in current.plan_months}
            for cell in texts:
                if PERCENT_RE.match(cell.text):
                    month = max(current.plan_months, key=lambda m: m.overlap(cell))
                    plan[month.text] = cell.text.replace("％", "%")
            project.spending_plan = plan
            current.plan_months = []
            return
        if current.goal_columns:
            annual = [c for c in current.goal_columns if "年度" in c.key] or current.goal_columns
            chosen = [t for t in texts if max(current.goal_columns, key=lambda g: g.overlap(t)) in annual]
            for cell in chosen or texts:
                current.goal_texts.append(_goal_text(cell))
            current.goal_columns = []
            current.state = "goals"
            return
        labels = [(i, c) for i, c in enumerate(cells) if c.key and is_label(c.key)]
        current.labels_seen += len([c for _, c in labels if c.key not in NAME_LABELS | CODE_LABELS])
        if not labels:
            if current.state == "goals":
                current.goal_texts.extend(_goal_text(c) for c in texts)
            elif current.purpose_pending and not project.purpose and texts:
                project.purpose = "".join(c.tidied for c in texts)
                current.purpose_pending = False
            return
        goal_labels = []
        for index, cell in labels:
            key = cell.key
            unit = UNIT_IN_LABEL_RE.search(cell.text)
            if unit and not project.unit:
                project.unit = unit_named(unit.group(1))
            value = _value_right_of(cells, index)
            own = value if value is not None and not is_label(value.key) else None
            if key in BUDGET_LABELS:
                current.budgets.append(_Candidate(_amount(own), BUDGET_LABELS[key], cell.x0))
            elif FISCAL_RE.match(key):
                current.fiscal.append(_Candidate(_amount(own), 1, cell.x0))
            elif key in OTHER_LABELS:
                current.other.append(_Candidate(_amount(own), 1, cell.x0))
            elif key in PURPOSE_LABELS:
                if own is not None and own.text:
                    project.purpose = own.tidied
                else:
                    current.purpose_pending = True
            elif "资金用途" in key:
                if own is not None and own.text and _amount(own) is None:
                    project.purpose = own.tidied  # the prose beside the label
                else:
                    current.purpose_pending = True  # 预算规模及资金用途: the prose comes on a row of its own
            elif PLAN_RE.match(key):
                current.plan_months = [c for c in cells if MONTH_RE.match(c.key)]
            elif key in GOAL_LABELS:
                goal_labels.append((cell, own))
        if goal_labels:
            with_text = [own for _, own in goal_labels if own is not None and own.text]
            if with_text:
                current.goal_texts.extend(_goal_text(own) for own in with_text)
                current.state = "goals"
            else:
                # 项目绩效目标 | 项目总目标 | 年度总体目标 with the texts on the row below.
                current.goal_columns = [cell for cell, _ in goal_labels]

    def _indicator_row(self, cells: list[Cell], page: int) -> None:
        current = self.open
        values: dict[str, str] = {}
        for cell in cells:
            if not cell.text:
                continue
            header, name = max(current.columns, key=lambda col: col[0].overlap(cell))
            if header.overlap(cell) <= 0:
                header, name = min(current.columns, key=lambda col: abs(col[0].center - cell.center))
            if name:
                values[name] = values.get(name, "") + cell.tidied
        at_break, current.at_break = current.at_break, False
        if not values:
            return
        has_level3 = any(name == "level3" for _, name in current.columns)
        indicators = current.project.indicators
        if at_break and has_level3 and not values.get("level3") and indicators:
            # A row cut by the page break: its tail (结果。) is printed on the next page.
            previous = indicators[-1]
            for name, text in values.items():
                setattr(previous, name, getattr(previous, name) + text)
            if "target" in values:
                _set_target(previous)
            return
        for level in ("level1", "level2"):
            if values.get(level):
                current.carry[level] = values[level]
        indicator = Indicator(
            level1=values.get("level1") or current.carry.get("level1", ""),
            level2=values.get("level2") or current.carry.get("level2", ""),
            level3=values.get("level3", ""),
            description=values.get("description", ""),
            target=values.get("target", ""),
            basis=values.get("basis", ""),
            page=page,
        )
        _set_target(indicator)
        indicators.append(indicator)

    # -- closing ---------------------------------------------------------------------------

    def _close(self) -> None:
        current, self.open = self.open, None
        if current is None:
            return
        project = current.project
        budget = min(current.budgets, key=lambda c: (c.rank, c.value is None), default=None)
        if budget is not None:
            project.budget = budget.value
            project.fiscal_funds = _nearest(current.fiscal, budget.x0)
            project.other_funds = _nearest(current.other, budget.x0)
        else:
            project.fiscal_funds = _nearest(current.fiscal, None)
            project.other_funds = _nearest(current.other, None)
        project.goals = [goal for text in current.goal_texts for goal in split_goals(text)]
        if not project.name and project.code:
            project.name = project.code
        if project.budget is None and not project.goals and not project.indicators:
            if not current.labels_seen and not project.code:
                return  # a 项目名称 column header of some other table, not a project table
            self.skipped.append(
                Skipped(
                    project.page,
                    f"项目 {project.name}",
                    "有项目名称但没有预算数、绩效目标或绩效指标，不是项目表",
                )
            )
            return
        self.projects.append(project)


def _value_right_of(cells: list[Cell], index: int) -> Cell | None:
    label = cells[index]
    for cell in cells[index + 1 :]:
        if cell.x0 >= label.x1 - 2:
            return cell
    return None


def _amount(cell: Cell | None) -> Decimal | None:
    if cell is None:
        return None
    value = parse_amount(cell.text)
    if value is None:
        match = re.match(r"^[-\d,]+(\.\d+)?", cell.text)
        value = parse_amount(match.group(0)) if match else None
    return value


def _nearest(candidates: list[_Candidate], x0: float | None) -> Decimal | None:
    if not candidates:
        return None
    if x0 is None:
        return candidates[0].value
    return min(candidates, key=lambda c: abs(c.x0 - x0)).value


def _goal_text(cell: Cell) -> str:
    """A goal cell's text without lines that hold no words (a stray 。 line under the goals)."""
    lines = [line for line in cell.raw.splitlines() if has_words(line)]
    return tidy("\n".join(lines))


def _set_target(indicator: Indicator) -> None:
    indicator.comparator, indicator.target_value, indicator.target_unit = split_target(indicator.target)


def _unit_above(grid: Grid | None) -> str:
    if grid is None:
        return ""
    for line in reversed(grid.above):
        unit = unit_in(squeeze(line))
        if unit:
            return unit
    return ""


def _headingish(lines: list[str]) -> bool:
    for line in lines:
        text = squeeze(line)
        if HEADING_RE.match(text) or text.endswith("表") or "绩效目标" in text:
            return True
    return False


def _continues(previous: Grid, grid: Grid) -> bool:
    """Whether a grid carries on the table of the grid before it (same project)."""
    if grid.page == previous.page:
        return not _headingish(grid.above)
    if grid.page == previous.page + 1:
        return previous.last_on_page and grid.first_on_page and not _headingish(previous.below + grid.above)
    return False


def parse_projects(layouts: list[PageLayout]) -> tuple[list[Project], list[Skipped]]:
    """Every project performance-target table in the document, in page order.

    ``layouts`` are the document's pages as laid out by ``pdf.layout_page``. Returns the
    projects and what was seen but not kept (an indicator table with no project, a 项目名称
    cell that heads no project table).
    """
    reader = _Reader()
    for layout in layouts:
        for grid in layout.grids:
            reader.feed_grid(grid)
    return reader.finish()


def link_projects_to_expense(projects: list[Project], tables: list[Table]) -> None:
    """Set each project's ``expense_code``: the 项 row of 支出总表 whose 项目支出 pays for it.

    Only where the tables leave no doubt: the one 项 row that has 项目支出 at all (when the
    project fits in it), else the one 项 row whose 项目支出 equals the project's budget.
    """
    paying = {kind.name for kind in KINDS if kind.pays_projects}
    table = next((t for t in tables if t.kind in paying), None)
    if table is None:
        return
    candidates = [
        (row.code, amount.value)
        for row in table.rows
        if len(row.code) == 7
        for amount in row.amounts
        if "项目支出" in (amount.column, *amount.column_path) and amount.value > 0
    ]
    for project in projects:
        if project.budget is None:
            continue
        budget = convert(project.budget, project.unit, table.unit)
        fitting = [code for code, value in candidates if budget <= value]
        equal = [code for code, value in candidates if budget == value]
        if len(candidates) == 1 and fitting:
            project.expense_code = fitting[0]
        elif len(equal) == 1:
            project.expense_code = equal[0]
