"""Typed results of parsing one disclosure PDF.

Everything the parser finds is expressed in these dataclasses; nothing here knows about
Django. The ingest service (``disclosures/ingest.py``) turns them into model rows, and the
consistency checks (``disclosures/checks/``) read them directly.

The nine standard tables' names (``INCOME``, ``EXPENSE`` …, a Table's ``kind``) are defined with
what each table is in ``kinds.py``, and importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from disclosures.parsing.kinds import EXPENSE as EXPENSE
from disclosures.parsing.kinds import FISCAL_SUMMARY as FISCAL_SUMMARY
from disclosures.parsing.kinds import GENERAL_BUDGET_BASIC as GENERAL_BUDGET_BASIC
from disclosures.parsing.kinds import GENERAL_BUDGET_EXPENSE as GENERAL_BUDGET_EXPENSE
from disclosures.parsing.kinds import GOV_FUND_EXPENSE as GOV_FUND_EXPENSE
from disclosures.parsing.kinds import INCOME as INCOME
from disclosures.parsing.kinds import INCOME_EXPENSE_SUMMARY as INCOME_EXPENSE_SUMMARY
from disclosures.parsing.kinds import STANDARD_TABLES as STANDARD_TABLES
from disclosures.parsing.kinds import STATE_CAPITAL_EXPENSE as STATE_CAPITAL_EXPENSE
from disclosures.parsing.kinds import THREE_PUBLIC as THREE_PUBLIC

BUDGET = "预算"
FINAL_ACCOUNTS = "决算"
DEPARTMENT = "部门"
UNIT = "单位"


@dataclass
class Amount:
    """One non-empty amount cell: the leaf column header and the printed value."""

    column: str  # leaf column header, inner spaces removed (财政拨款收入)
    value: Decimal  # as printed, thousands separators removed
    column_path: tuple[str, ...] = ()  # every header above the leaf (本年收入, 财政拨款收入)


@dataclass
class Row:
    """One printed row of a table (one side of it, in two-sided tables)."""

    item: str  # row name, wrapped pieces joined, inner spaces removed
    page: int  # 1-based PDF page the row's amounts were read from
    code: str = ""  # classification code, spaces removed ("2101101"); "" if none
    row_no: str = ""  # 序号 as printed; "" if none
    side: str = ""  # 收入 / 支出 in two-sided tables, else ""
    amounts: list[Amount] = field(default_factory=list)
    # Cells printed with something that is no number (****, -, —, 不适用), by column: "not a
    # number", never an amount, and not the same as a cell left empty.
    not_numbers: dict[str, str] = field(default_factory=dict)
    # The row carrying the table's totals: its 合计/总计 row, or, in a coded table printed with
    # none, the department's (or unit's) own row above the codes when its figures are the sums
    # of the 类 rows.
    is_total: bool = False

    def amount(self, column: str) -> Decimal | None:
        """The amount under a leaf column, or None when that cell was empty."""
        for cell in self.amounts:
            if cell.column == column:
                return cell.value
        return None


@dataclass
class Table:
    """One table as printed, possibly spanning several pages."""

    kind: str  # one of STANDARD_TABLES, or the printed title when it is none of them
    title: str  # the title as printed (部门预算收入总表)
    pages: list[int]  # 1-based PDF pages the table covers
    unit: str = ""  # 万元, 元 … (money.YUAN_PER_UNIT) as printed above the table; "" when none was
    columns: list[str] = field(default_factory=list)  # amount columns' leaf headers, in order
    rows: list[Row] = field(default_factory=list)
    empty_note: str = ""  # 注：无…空表列示。 when the table is disclosed as empty
    # Each amount column's full header path by its name (合计 → (本年收入, 合计)), as printed, so
    # that checks and exports read a column's place in the header tree, even one printed empty.
    column_paths: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_standard(self) -> bool:
        return self.kind in STANDARD_TABLES

    @property
    def is_empty(self) -> bool:
        return not any(row.amounts for row in self.rows)


@dataclass
class Skipped:
    """Something the parser saw and did not keep, and why."""

    page: int
    what: str
    reason: str


@dataclass
class ParseLog:
    """What each stage of the parse found, for the admin's parse log."""

    pages: int = 0
    pages_with_text: int = 0
    tables_found: int = 0  # table grids found (not boxes drawn inside a grid), before joining pages
    tables: int = 0  # tables after joining continuations
    rows: int = 0
    amounts: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Which evidence decided each field of the identity (部门名称 → "…，取自表头（第3–15页…）").
    identity: dict[str, str] = field(default_factory=dict)


@dataclass
class Indicator:
    """One row of a project's performance-indicator table."""

    level1: str  # 一级指标, filled from the row above where the cell was merged
    level2: str  # 二级指标, likewise
    level3: str  # 三级指标
    description: str  # 绩效指标描述
    target: str  # 指标值 as printed (≥26户)
    basis: str  # 指标值确定依据
    page: int
    comparator: str = ""  # ≥ ≤ = > < when printed
    target_value: Decimal | None = None  # the number in the target, if any
    target_unit: str = ""  # what follows the number (户, 万元, 元/月/人, %)


@dataclass
class Project:
    """A project and its performance targets (项目绩效目标表)."""

    name: str
    page: int
    code: str = ""
    budget: Decimal | None = None
    fiscal_funds: Decimal | None = None
    other_funds: Decimal | None = None
    unit: str = ""
    purpose: str = ""  # 资金用途
    spending_plan: dict[str, str] = field(default_factory=dict)  # {"3月底": "25%", ...}
    goals: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    expense_code: str = ""  # the 项 code of the 支出总表 row whose 项目支出 pays for it, when clear


@dataclass
class ThreePublicFigures:
    """The 三公经费 figures, from the table or from the prose; None means not stated."""

    total: Decimal | None = None
    overseas: Decimal | None = None  # 因公出国（境）费
    vehicles: Decimal | None = None  # 公务用车购置及运行维护费
    vehicle_purchase: Decimal | None = None  # 公务用车购置费
    vehicle_operation: Decimal | None = None  # 公务用车运行维护费
    reception: Decimal | None = None  # 公务接待费
    unit: str = ""
    page: int | None = None


@dataclass
class ThreePublic:
    """三公经费 as disclosed: the table, the prose, and the stated change and reason."""

    table: ThreePublicFigures | None = None  # None: no 三公 table found
    table_disclosed_empty: bool = False  # the table was printed empty with a 注
    prose: ThreePublicFigures | None = None  # None: no 三公 paragraph found
    change: str = ""  # 与2024年持平，无增减变化 / 比上年减少…
    reason: str = ""
    sentence: str = ""
    page: int | None = None


@dataclass
class UnitInfo:
    """One row of the 机构设置 table."""

    name: str
    nature: str = ""  # 单位性质 (行政, 事业)
    rank: str = ""  # 单位规格
    funding: str = ""  # 经费保障形式
    page: int | None = None


@dataclass
class Fact:
    """A figure stated in the explanation's prose, with the sentence it came from."""

    key: str  # stable name: income_total, expense_basic, change_total, ...
    label: str  # the words in the document (一般公共预算收入)
    value: Decimal
    unit: str
    sentence: str
    page: int


@dataclass
class Section:
    """A numbered section of the explanation (一、部门职责及机构设置情况 …)."""

    number: str  # 一, 二, …
    title: str
    text: str
    page: int


@dataclass
class ParsedDisclosure:
    """Everything read from one PDF."""

    pages: int
    department: str = ""
    department_code: str = ""
    year: int | None = None
    stage: str = ""  # 预算 / 决算
    level: str = ""  # 部门 / 单位
    title: str = ""  # the document's own title, as printed
    tables: list[Table] = field(default_factory=list)
    page_texts: list[str] = field(default_factory=list)  # visible text of each page
    projects: list[Project] = field(default_factory=list)
    three_public: ThreePublic | None = None
    units: list[UnitInfo] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    log: ParseLog = field(default_factory=ParseLog)

    def table(self, kind: str) -> Table | None:
        """The first table of a kind (one of STANDARD_TABLES), or None."""
        return next((t for t in self.tables if t.kind == kind), None)
