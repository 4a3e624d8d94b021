"""The nine standard tables as data: what each is called, how it is laid out, what it proves.

Every disclosure prints the same nine tables (docs/domain.md, "The nine tables"), each province in
its own words and layout. What the site knows about a table lives here, in one ``TableKind``
each, and the rest of the code asks: ``classify`` recognises titles by ``titles``, the checks
find totals and components by ``total_column`` and ``components`` and compare the prose with
``PROVED_FACTS``, ingest files codes under ``codes``, and the project reader links projects to
the table that ``pays_projects``. Supporting a new province's template starts here: add the
title it prints to ``examples`` (a test reads each one), and a rule when none matches.

Nothing here reads a PDF or knows about Django.
"""

from __future__ import annotations

from dataclasses import dataclass

# The nine standard tables, by the name docs/domain.md gives them (without the 部门预算/决算 prefix).
INCOME_EXPENSE_SUMMARY = "收支总表"
INCOME = "收入总表"
EXPENSE = "支出总表"
FISCAL_SUMMARY = "财政拨款收支总表"
GENERAL_BUDGET_EXPENSE = "一般公共预算财政拨款支出表"
GENERAL_BUDGET_BASIC = "一般公共预算财政拨款基本支出表"
GOV_FUND_EXPENSE = "政府性基金预算财政拨款支出表"
STATE_CAPITAL_EXPENSE = "国有资本经营预算财政拨款支出表"
THREE_PUBLIC = "财政拨款“三公”经费支出表"

# Layouts: how a table's rows are organised.
TWO_SIDED = "two_sided"  # 收入 | 支出 side by side, rows numbered 一、二、… then totals and carry-overs
CODED = "coded"  # rows by classification code (类 / 款 / 项) under a 合计 row
THREE_PUBLIC_LAYOUT = "three_public"  # the 三公 categories as rows, or as columns of one row

# How a table's total column is found.
NAMED = "named"  # a header ending in 合计 or 总计
FIRST = "first"  # that, else the first column unless it names a component (财政拨款支出 | 基本支出 | …)

# Which classification a table's codes belong to (the slugs of /codes/<slug>/).
FUNCTION = "function"  # 支出功能分类科目
ECONOMIC = "economic"  # 支出经济分类科目

# The two sides of a two-sided table, as rows name them.
INCOME_SIDE = "收入"
EXPENSE_SIDE = "支出"

# Words of the components of spending: 基本支出 (人员经费 + 公用经费) and 项目支出.
SPENDING_COMPONENTS = ("基本", "项目", "人员", "公用")


@dataclass(frozen=True)
class TitleRule:
    """A printed title names the kind when it holds all ``needs`` and none of ``excludes``.

    ``score`` decides between two tables that both claim a kind: the higher wins (Jiangsu prints
    both a 财政拨款基本支出表 and an 一般公共预算基本支出表; the latter is the standard one).
    """

    needs: tuple[str, ...]
    excludes: tuple[str, ...] = ()
    score: int = 10

    def matches(self, title: str) -> bool:
        return all(word in title for word in self.needs) and not any(word in title for word in self.excludes)


@dataclass(frozen=True)
class TableKind:
    """One of the nine standard tables."""

    name: str
    layout: str
    titles: tuple[TitleRule, ...]
    # Kinds are tried in this order: a specific title also holds a general one's words
    # (一般公共预算财政拨款基本支出表 holds 支出), so the specific kinds go first.
    title_precedence: int
    codes: str = ""  # FUNCTION / ECONOMIC: the classification of its codes; "" when it has none
    total_column: str = NAMED
    components: tuple[str, ...] = ()  # words of the columns that add up to its total
    columns_add_up: bool = True  # False: its columns are not parts of a total (收支总表's 预算数)
    classes_listed_in: str = ""  # the two-sided table listing the same function 类 by name
    fund: str = ""  # the word naming this table's column in ``classes_listed_in`` ("" its total)
    pays_projects: bool = False  # its 项 rows' 项目支出 pay for the projects
    examples: tuple[str, ...] = ()  # titles real disclosures print, each read as this kind


KINDS: tuple[TableKind, ...] = (
    TableKind(
        INCOME_EXPENSE_SUMMARY,
        TWO_SIDED,
        titles=(TitleRule(("收支",), ("财政拨款",)), TitleRule(("收入支出",), ("财政拨款",))),
        title_precedence=4,
        columns_add_up=False,
        examples=(
            "2025年部门财务收支预算总表",  # Shanghai 部门预算
            "收入支出决算总表",  # Shanghai 部门决算
            "收支预算总表",  # Jiangsu
            "表1：高等学校收支决算总表",  # a university's 决算
            "2026年部门收支总体情况表",  # Chongqing, 2026
            "2026年度收支预算总表",  # Fuzhou
        ),
    ),
    TableKind(
        INCOME,
        CODED,
        titles=(TitleRule(("收入",), ("支出",)),),
        title_precedence=7,
        codes=FUNCTION,
        examples=(
            "2025年部门收入预算总表",
            "收入决算表",
            "收入预算总表",
            "表2：高等学校收入决算表",
            "2026年部门收入总体情况表",
            "2026年度收入预算总表",
        ),
    ),
    TableKind(
        EXPENSE,
        CODED,
        titles=(TitleRule(("支出",), ("收入", "机关运行", "采购", "项目支出", "经济分类", "经济科目")),),
        title_precedence=8,
        codes=FUNCTION,
        total_column=FIRST,
        components=SPENDING_COMPONENTS,
        classes_listed_in=INCOME_EXPENSE_SUMMARY,
        pays_projects=True,
        examples=(
            "2025年部门支出预算总表",
            "支出决算表",
            "支出预算总表",
            "表3：高等学校支出决算表",
            "本年支出总体情况表",
            "2026年度支出预算总表",
        ),
    ),
    TableKind(
        FISCAL_SUMMARY,
        TWO_SIDED,
        titles=(TitleRule(("财政拨款收支",)), TitleRule(("财政拨款收入支出",))),
        title_precedence=3,
        examples=(
            "2025年部门财政拨款收支预算总表",
            "财政拨款收入支出决算总表",
            "财政拨款收支预算总表",
            "2026年财政拨款收支总体情况表",
        ),
    ),
    TableKind(
        GENERAL_BUDGET_EXPENSE,
        CODED,
        titles=(
            TitleRule(("一般公共预算", "支出"), ("机关运行", "基本支出")),
            TitleRule(("财政拨款", "支出"), ("机关运行", "基本支出", "收入"), score=5),
        ),
        title_precedence=6,
        codes=FUNCTION,
        total_column=FIRST,
        components=SPENDING_COMPONENTS,
        classes_listed_in=FISCAL_SUMMARY,
        fund="一般公共预算",
        pays_projects=True,
        examples=(
            "2025年部门一般公共预算支出功能分类预算表",
            "一般公共预算财政拨款支出决算表",
            "一般公共预算支出预算表（功能科目）",
            "表4：高等学校财政拨款支出决算表",
            "一般公共预算支出情况表（按功能分类科目）",
            "2026年度一般公共预算拨款支出预算表",
        ),
    ),
    TableKind(
        GENERAL_BUDGET_BASIC,
        CODED,
        titles=(
            TitleRule(("一般公共预算", "基本支出"), ("机关运行",)),
            TitleRule(("财政拨款", "基本支出"), ("机关运行",), score=5),
        ),
        title_precedence=5,
        codes=ECONOMIC,
        components=("人员", "公用"),
        examples=(
            "2025年部门一般公共预算基本支出部门预算经济分类预算表",
            "一般公共预算财政拨款基本支出决算表",
            "一般公共预算基本支出预算表（经济科目）",
            "一般公共预算基本支出情况表（按经济分类科目）",
            "2026年度一般公共预算基本支出经济分类情况表",
        ),
    ),
    TableKind(
        GOV_FUND_EXPENSE,
        CODED,
        titles=(TitleRule(("政府性基金",), ("机关运行",)),),
        title_precedence=1,
        codes=FUNCTION,
        total_column=FIRST,
        components=SPENDING_COMPONENTS,
        classes_listed_in=FISCAL_SUMMARY,
        fund="政府性基金",
        examples=(
            "2025年部门政府性基金预算支出功能分类预算表",
            "政府性基金预算财政拨款收入支出决算表",
            "财政拨款政府性基金支出预算表",
            "政府性基金预算支出表",
            "2026年度政府性基金预算拨款支出预算表",
        ),
    ),
    TableKind(
        STATE_CAPITAL_EXPENSE,
        CODED,
        titles=(TitleRule(("国有资本经营",), ("机关运行",)),),
        title_precedence=2,
        codes=FUNCTION,
        total_column=FIRST,
        components=SPENDING_COMPONENTS,
        classes_listed_in=FISCAL_SUMMARY,
        fund="国有资本",
        examples=(
            "2025年部门国有资本经营预算支出功能分类预算表",
            "国有资本经营预算财政拨款收入支出决算表",
            "国有资本经营预算支出预算表",
            "2026年度国有资本经营预算拨款支出预算表",
        ),
    ),
    TableKind(
        THREE_PUBLIC,
        THREE_PUBLIC_LAYOUT,
        titles=(TitleRule(("三公",)),),
        title_precedence=0,
        examples=(
            "2025年部门“三公”经费和机关运行经费预算表",  # Shanghai: 机关运行经费 beside
            "财政拨款“三公”经费支出决算表",
            "“三公”经费、会议费、培训费支出预算表",  # Jiangsu: 会议费 and 培训费 beside
            "财政拨款安排的行政经费及“三公”经费预算表",
            "2026年财政拨款“三公”经费支出情况表",
            "2026年度一般公共预算“三公”经费支出预算表",
        ),
    ),
)

KIND_BY_NAME = {kind.name: kind for kind in KINDS}
STANDARD_TABLES = tuple(kind.name for kind in KINDS)


def kind_named(name: str) -> TableKind | None:
    """The standard kind of that name, or None for a table that is none of the nine."""
    return KIND_BY_NAME.get(name)


def kinds_laid_out(layout: str) -> tuple[str, ...]:
    """The names of the kinds printed in one layout, in the standard order."""
    return tuple(kind.name for kind in KINDS if kind.layout == layout)


# -- what the tables prove in the prose ------------------------------------------------------

# Where a figure is printed in a table.
GRAND = "grand"  # a side's 收入总计 / 支出总计 (two-sided tables)
CURRENT = "current"  # a side's 本年收入合计 / 本年支出合计 (two-sided tables)
TOTAL = "total"  # the 合计 row, in the total column or the first column whose header has ``word``
ITEM = "item"  # the first row of a side whose item mentions ``word`` (一、一般公共预算拨款收入)


@dataclass(frozen=True)
class Place:
    """Where a table prints a figure the prose states."""

    table: str
    figure: str  # GRAND / CURRENT / TOTAL / ITEM
    side: str = ""  # INCOME_SIDE / EXPENSE_SIDE for the two-sided tables
    word: str = ""  # TOTAL: the column's header word; ITEM: the row's


@dataclass(frozen=True)
class ProvedFact:
    """A figure the explanation states (a ``Fact.key``) and the places the tables print it.

    The prose figure holds if it equals any of them (收入 may be stated with or without the
    carry-overs); otherwise it is reported against the first, whose table is the figure's home.
    """

    key: str
    places: tuple[Place, ...]

    @property
    def home(self) -> str:
        return self.places[0].table


PROVED_FACTS: tuple[ProvedFact, ...] = (
    ProvedFact(
        "income_total",
        (
            Place(INCOME_EXPENSE_SUMMARY, GRAND, INCOME_SIDE),
            Place(INCOME_EXPENSE_SUMMARY, CURRENT, INCOME_SIDE),
            Place(INCOME, TOTAL),
        ),
    ),
    ProvedFact(
        "expense_total",
        (
            Place(EXPENSE, TOTAL),
            Place(INCOME_EXPENSE_SUMMARY, CURRENT, EXPENSE_SIDE),
            Place(INCOME_EXPENSE_SUMMARY, GRAND, EXPENSE_SIDE),
        ),
    ),
    ProvedFact(
        "expense_basic",
        (Place(EXPENSE, TOTAL, word="基本"), Place(GENERAL_BUDGET_EXPENSE, TOTAL, word="基本")),
    ),
    ProvedFact(
        "expense_project",
        (Place(EXPENSE, TOTAL, word="项目"), Place(GENERAL_BUDGET_EXPENSE, TOTAL, word="项目")),
    ),
    ProvedFact("personnel", (Place(GENERAL_BUDGET_BASIC, TOTAL, word="人员"),)),
    ProvedFact("public_funds", (Place(GENERAL_BUDGET_BASIC, TOTAL, word="公用"),)),
    ProvedFact(
        "general_budget_income",
        (
            Place(INCOME_EXPENSE_SUMMARY, ITEM, INCOME_SIDE, "一般公共预算"),
            Place(FISCAL_SUMMARY, ITEM, INCOME_SIDE, "一般公共预算"),
        ),
    ),
)


def figures_proved_by(kind: str) -> tuple[str, ...]:
    """The prose figures (Fact keys) a table of this kind prints."""
    return tuple(figure.key for figure in PROVED_FACTS if any(p.table == kind for p in figure.places))
