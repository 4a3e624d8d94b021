"""Random consistent budgets, printed as disclosures: the documents tests/test_layouts.py draws.

``make_budget(seed, **choices)`` builds a department's budget from ``random.Random(seed)``: a
department name and code, a year, a few 类/款/项 of the function classification from a realistic
list, amounts in cents split into 基本支出 and 项目支出 and by source (一般公共预算拨款, sometimes
单位资金), the 基本支出 split by economic code, a 三公 budget, a few projects with indicators.
``Budget.document`` is the same budget as a ``seedpdf`` document: the nine standard tables derived
from those figures (so every total, subtotal and cross-table relation holds exactly), and an
explanation whose prose states the same figures. ``expected_amounts(document)`` is what a reader
must get back from the printed PDF, every amount by (table, side, row, column); the identity and
the projects are on ``Budget``.

The layout knobs (``KNOBS``) print the budget in the ways publishers do (``render_budget``), and
``read_back`` renders, parses and checks one example and says what did not come back
(``misreadings``). The figures come from the generator, never from the parser. Documents are
kept small (about a dozen pages) so that one renders and parses in a second or two.

Document choices (``make_budget``'s keywords): ``unit`` (万元 or 元), ``integer`` (whole amounts,
printed without decimals), ``separators`` (1,234.56), ``three_public`` (a filled 三公 table, else
printed empty with a 注), ``unit_funds`` (some money from 事业收入/其他收入 beside the grant).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from disclosures.checks.names import FAILED
from seedpdf.document import ProjectTable, Row, SeedDocument, StatementTable, TablePage, Text
from seedpdf.tables import (
    _BASIC_HEADER,
    _EXPENSE_HEADER,
    _FISCAL_SUMMARY_HEADER,
    _FUNCTION_3_HEADER,
    _INCOME_HEADER,
    _SUMMARY_HEADER,
    _THREE_PUBLIC_HEADER,
)
from tests.seed_edits import THREE_PUBLIC_ITEMS, amount_columns, column_paths

# The function classification (支出功能分类科目): 类 → (name, {款 → (name, {项 → name})}), a
# realistic subset of the national list.
FUNCTIONS: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {
    "201": (
        "一般公共服务支出",
        {
            "20101": ("人大事务", {"2010101": "行政运行", "2010102": "一般行政管理事务"}),
            "20103": ("政府办公厅（室）及相关机构事务", {"2010301": "行政运行", "2010350": "事业运行"}),
            "20106": ("财政事务", {"2010601": "行政运行", "2010607": "信息化建设"}),
            "20129": ("群众团体事务", {"2012901": "行政运行", "2012906": "工会事务"}),
        },
    ),
    "205": (
        "教育支出",
        {
            "20502": ("普通教育", {"2050201": "学前教育", "2050202": "小学教育", "2050203": "初中教育"}),
            "20508": ("进修及培训", {"2050803": "培训支出"}),
        },
    ),
    "207": (
        "文化旅游体育与传媒支出",
        {
            "20701": (
                "文化和旅游",
                {"2070101": "行政运行", "2070109": "群众文化", "2070111": "文化创作与保护"},
            )
        },
    ),
    "208": (
        "社会保障和就业支出",
        {
            "20805": (
                "行政事业单位养老支出",
                {
                    "2080501": "行政单位离退休",
                    "2080502": "事业单位离退休",
                    "2080505": "机关事业单位基本养老保险缴费支出",
                    "2080506": "机关事业单位职业年金缴费支出",
                },
            ),
            "20827": (
                "财政对其他社会保险基金的补助",
                {"2082701": "财政对失业保险基金的补助", "2082702": "财政对工伤保险基金的补助"},
            ),
        },
    ),
    "210": (
        "卫生健康支出",
        {
            "21011": (
                "行政事业单位医疗",
                {"2101101": "行政单位医疗", "2101102": "事业单位医疗", "2101103": "公务员医疗补助"},
            ),
        },
    ),
    "212": (
        "城乡社区支出",
        {"21201": ("城乡社区管理事务", {"2120101": "行政运行", "2120104": "城管执法"})},
    ),
    "213": (
        "农林水支出",
        {"21301": ("农业农村", {"2130101": "行政运行", "2130104": "事业运行", "2130108": "病虫害控制"})},
    ),
    "220": (
        "自然资源海洋气象等支出",
        {"22005": ("气象事务", {"2200501": "行政运行", "2200504": "气象事业机构", "2200509": "气象服务"})},
    ),
    "221": (
        "住房保障支出",
        {"22102": ("住房改革支出", {"2210201": "住房公积金", "2210202": "提租补贴", "2210203": "购房补贴"})},
    ),
}

# The economic classification of 基本支出 (支出经济分类科目): 类 → (name, {款 → name}); 301 and 303
# are 人员经费, 302 公用经费.
ECONOMIC: dict[str, tuple[str, dict[str, str]]] = {
    "301": (
        "工资福利支出",
        {
            "30101": "基本工资",
            "30102": "津贴补贴",
            "30103": "奖金",
            "30107": "绩效工资",
            "30108": "机关事业单位基本养老保险缴费",
            "30109": "职业年金缴费",
            "30110": "职工基本医疗保险缴费",
            "30113": "住房公积金",
        },
    ),
    "302": (
        "商品和服务支出",
        {
            "30201": "办公费",
            "30202": "印刷费",
            "30205": "水费",
            "30206": "电费",
            "30211": "差旅费",
            "30216": "培训费",
            "30228": "工会经费",
            "30231": "公务用车运行维护费",
        },
    ),
    "303": ("对个人和家庭的补助", {"30301": "离休费", "30302": "退休费", "30305": "生活补助"}),
}
PERSONNEL = ("301", "303")

# The 31 类 the two-sided tables list on their 支出 side, in print order (as the seed prints them).
EXPENSE_CLASSES = (
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
    ("299", "人行科目"),
)

CITIES = (
    "张家口市",
    "湖州市",
    "无锡市",
    "佛山市",
    "绵阳市",
    "洛阳市",
    "赣州市",
    "大同市",
    "柳州市",
    "盐城市",
)
AGENCIES = (
    "总工会",
    "统计局",
    "档案馆",
    "气象局",
    "财政局",
    "教育局",
    "文化广电旅游局",
    "农业农村局",
    "城市管理综合执法局",
    "妇女联合会",
)
PROJECT_TOPICS = (
    "困难职工帮扶救助专项资金",
    "劳模疗休养专项资金",
    "统计调查专项经费",
    "档案数字化专项经费",
    "气象灾害监测预警专项资金",
    "城乡社区环境整治专项资金",
    "农业技术推广专项资金",
    "公共文化服务专项资金",
)
INDICATORS = (
    ("产出指标", "数量指标", "服务人数", "全年服务对象人数", "≥{n}人"),
    ("产出指标", "数量指标", "开展活动次数", "全年开展活动次数", "≥{n}次"),
    ("产出指标", "质量指标", "验收合格率", "项目验收合格率", "≥95%"),
    ("产出指标", "时效指标", "完成及时率", "项目按期完成比例", "100%"),
    ("产出指标", "成本指标", "资金支出控制数", "年度资金支出控制数", "≤{budget}万元"),
    ("效益指标", "社会效益指标", "服务覆盖率", "服务对象覆盖比例", "≥90%"),
    ("效益指标", "可持续影响指标", "长效机制", "建立长效工作机制", "长期"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "受益对象满意度", "≥90%"),
)


def cents(value: int) -> Decimal:
    """Cents of 万元 as a Decimal of 万元."""
    return Decimal(value) / 100


@dataclass
class Money:
    """How a document prints its amounts: unit, whole amounts or cents, thousands separators."""

    unit: str = "万元"
    integer: bool = False
    separators: bool = False

    def value(self, amount: int) -> Decimal:
        """An amount (cents of 万元) in the printed unit, as a reader gets it back."""
        value = cents(amount) * (10000 if self.unit == "元" else 1)
        return value.quantize(Decimal(1)) if self.integer else value.quantize(Decimal("0.01"))

    def text(self, amount: int) -> str:
        """The cell as printed; zero prints as an empty cell."""
        if not amount:
            return ""
        value = self.value(amount)
        return f"{value:,}" if self.separators else f"{value}"


@dataclass
class Line:
    """One 项 (or economic 款) of the budget: its money by component, in cents of 万元."""

    code: str
    name: str
    fiscal_basic: int = 0
    fiscal_project: int = 0
    other_basic: int = 0
    other_project: int = 0

    @property
    def fiscal(self) -> int:
        return self.fiscal_basic + self.fiscal_project

    @property
    def other(self) -> int:
        return self.other_basic + self.other_project

    @property
    def basic(self) -> int:
        return self.fiscal_basic + self.other_basic

    @property
    def project(self) -> int:
        return self.fiscal_project + self.other_project

    @property
    def total(self) -> int:
        return self.fiscal + self.other


@dataclass
class ExpectedProject:
    """A project as a reader must get it back from its performance-target table."""

    code: str
    name: str
    budget: Decimal
    indicators: list[tuple[str, str, str, str]]  # (一级, 二级, 三级, 指标值), blanks filled


@dataclass
class Budget:
    """A random budget, the document printing it, and what a reader must read back from it."""

    seed: int
    department: str
    department_code: str
    year: int
    money: Money
    lines: list[Line]  # the function 项, in code order
    economic: list[Line]  # the economic 款 of 基本支出 (fiscal_basic only)
    three_public: dict[str, int]
    projects: list[ExpectedProject]
    other_source: str  # 事业收入 or 其他收入: where the money beside the grant comes from
    document: SeedDocument | None = None


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` cents in ``parts`` positive pieces (fewer when there are too few cents)."""
    parts = max(1, min(parts, total))
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


def _amount(rng: random.Random, integer: bool, low: int = 5, high: int = 900) -> int:
    """A random amount in cents of 万元: ``low``..``high`` 万元, whole when ``integer``."""
    value = rng.randint(low * 100, high * 100)
    return value - value % 100 if integer else value


def make_budget(
    seed: int,
    *,
    unit: str = "万元",
    integer: bool = False,
    separators: bool = False,
    three_public: bool = True,
    unit_funds: bool = False,
) -> Budget:
    """A random consistent budget from ``seed``; ``Budget.document`` prints it."""
    rng = random.Random(seed)
    money = Money(unit=unit, integer=integer, separators=separators)
    department = rng.choice(CITIES) + rng.choice(AGENCIES)
    code = str(rng.randint(101, 998))
    year = rng.randint(2021, 2027)
    lines: list[Line] = []
    for class_code in sorted(rng.sample(sorted(FUNCTIONS), rng.randint(2, 5))):
        _, items = FUNCTIONS[class_code]
        for item_code in sorted(rng.sample(sorted(items), rng.randint(1, min(2, len(items))))):
            _, leaves = items[item_code]
            for leaf in sorted(rng.sample(sorted(leaves), rng.randint(1, min(3, len(leaves))))):
                line = Line(leaf, leaves[leaf])
                kind = rng.random()
                if kind < 0.6:
                    line.fiscal_basic = _amount(rng, integer)
                if kind > 0.45:
                    line.fiscal_project = _amount(rng, integer, 1, 300)
                if unit_funds and rng.random() < 0.4:
                    if rng.random() < 0.5:
                        line.other_basic = _amount(rng, integer, 1, 80)
                    else:
                        line.other_project = _amount(rng, integer, 1, 80)
                lines.append(line)
    basic_total = sum(line.fiscal_basic for line in lines)
    economic = _economic_lines(rng, basic_total, integer)
    public_funds = sum(line.fiscal_basic for line in economic if line.code.startswith("302"))
    figures = dict.fromkeys(("overseas", "vehicle_purchase", "vehicle_operation", "reception"), 0)
    if three_public and public_funds >= 400:
        for key in figures:
            if rng.random() < 0.7:
                figures[key] = rng.randint(1, max(1, public_funds // 40))
                if integer:
                    figures[key] = max(100, figures[key] - figures[key] % 100)
    project_total = sum(line.fiscal_project for line in lines)
    projects = _projects(rng, project_total, year, money, integer)
    budget = Budget(
        seed=seed,
        department=department,
        department_code=code,
        year=year,
        money=money,
        lines=lines,
        economic=economic,
        three_public=figures,
        projects=[p for p, _ in projects],
        other_source=rng.choice(("事业收入", "其他收入")),
    )
    budget.document = _document(budget, [t for _, t in projects], rng)
    return budget


def _economic_lines(rng: random.Random, total: int, integer: bool) -> list[Line]:
    """``total`` (the fiscal 基本支出) split over a few economic 款, each 类 with some."""
    if not total:
        return []
    unit = 100 if integer else 1
    chosen = [c for c in ECONOMIC if c == "301" or rng.random() < 0.7]
    shares = _split(rng, total // unit, len(chosen))
    lines = []
    for class_code, share in zip(chosen, shares, strict=False):
        _, items = ECONOMIC[class_code]
        picked = sorted(rng.sample(sorted(items), rng.randint(1, min(3, len(items)))))
        for item_code, part in zip(picked, _split(rng, share, len(picked)), strict=False):
            lines.append(Line(item_code, items[item_code], fiscal_basic=part * unit))
    return lines


def _projects(
    rng: random.Random, total: int, year: int, money: Money, integer: bool
) -> list[tuple[ExpectedProject, ProjectTable]]:
    """A few projects sharing the fiscal 项目支出, each with its performance-target table."""
    if total < 300:
        return []
    unit = 100 if integer else 1
    out = []
    for number, share in enumerate(_split(rng, total // unit, rng.randint(1, 3)), start=1):
        budget = share * unit
        topic = rng.choice(PROJECT_TOPICS)
        name = f"{year}年{topic}"
        code = f"13{rng.randint(10, 99)}{year % 100:02d}25P{rng.randint(10**10, 10**11 - 1)}K"
        picked = sorted(rng.sample(range(len(INDICATORS)), rng.randint(3, 6)))
        rows: list[Row] = []
        indicators = []
        previous = ("", "")
        for index in picked:
            level1, level2, level3, description, target = INDICATORS[index]
            target = target.format(n=rng.randint(10, 900), budget=cents(budget))
            rows.append(
                (
                    "" if level1 == previous[0] else level1,
                    "" if (level1, level2) == previous else level2,
                    level3,
                    description,
                    target,
                    f"{year}年工作计划",
                )
            )
            previous = (level1, level2)
            indicators.append((level1, level2, level3, target))
        budget_text = money.text(budget)
        table = ProjectTable(
            title=f"{number}、{name}绩效目标表",
            unit=f"单位：{money.unit}",
            code=code,
            name=name,
            budget_label="预算规模及资金用途",
            budget=budget_text,
            fiscal_funds=budget_text,
            other_funds="",
            purpose=f"用于{topic.removesuffix('专项资金').removesuffix('专项经费')}相关工作。",
            plan_label="资金支出计划（%）",
            plan=(("3月底", 2), ("6月底", 2), ("10月底", 2)),
            plan_values=("25%", "50%", "75%"),
            goals=(
                f"1.按计划完成{topic.removesuffix('专项资金').removesuffix('专项经费')}工作。",
                "2.服务对象满意度达到90%以上。",
            ),
            indicator_header=("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"),
            wide_column="description",
            pages=(tuple(rows),),
        )
        out.append((ExpectedProject(code, name, money.value(budget), indicators), table))
    return out


# ---------------------------------------------------------------------------------------------
# The document


def _numbered(rows: list[list[str]]) -> tuple[Row, ...]:
    """Rows with their 序号 (1, 2, …) in front."""
    return tuple((str(number), *row) for number, row in enumerate(rows, start=1))


def _pages(rows: tuple[Row, ...], per_page: int = 40) -> tuple[TablePage, ...]:
    """Rows broken into pages of ``per_page`` (one empty page when there are none)."""
    if not rows:
        return (TablePage(()),)
    return tuple(TablePage(rows[i : i + per_page]) for i in range(0, len(rows), per_page))


def _tree_rows(budget: Budget, columns) -> list[list[str]]:
    """The 合计 row, then each 类, 款 and 项 with ``columns(line) → cells``, sums above leaves."""
    money = budget.money

    def summed(group: list[Line]) -> Line:
        out = Line("", "")
        for line in group:
            out.fiscal_basic += line.fiscal_basic
            out.fiscal_project += line.fiscal_project
            out.other_basic += line.other_basic
            out.other_project += line.other_project
        return out

    rows = [["", "合计", *map(money.text, columns(summed(budget.lines)))]]
    for class_code in sorted({line.code[:3] for line in budget.lines}):
        name, items = FUNCTIONS[class_code]
        in_class = [line for line in budget.lines if line.code[:3] == class_code]
        rows.append([class_code, name, *map(money.text, columns(summed(in_class)))])
        for item_code in sorted({line.code[:5] for line in in_class}):
            in_item = [line for line in in_class if line.code[:5] == item_code]
            rows.append([item_code, items[item_code][0], *map(money.text, columns(summed(in_item)))])
            for line in in_item:
                rows.append([line.code, line.name, *map(money.text, columns(line))])
    return rows


def _document(budget: Budget, projects: list[ProjectTable], rng: random.Random) -> SeedDocument:
    """The nine tables derived from the budget's figures, and the explanation stating them."""
    money = budget.money
    lines = budget.lines
    total = sum(line.total for line in lines)
    fiscal = sum(line.fiscal for line in lines)
    other = total - fiscal
    t = money.text
    by_class = {
        code: sum(line.total for line in lines if line.code[:3] == code) for code, _ in EXPENSE_CLASSES
    }
    fiscal_by_class = {
        code: sum(line.fiscal for line in lines if line.code[:3] == code) for code, _ in EXPENSE_CLASSES
    }
    chinese = _chinese_numbers(len(EXPENSE_CLASSES))
    # 收支总表
    income_items = [
        ("一般公共预算拨款收入", fiscal),
        ("政府性基金预算拨款收入", 0),
        ("国有资本经营预算拨款收入", 0),
        ("财政专户管理资金收入", 0),
        ("单位资金", other),
    ]
    summary_rows: list[list[str]] = []
    for index, (code, name) in enumerate(EXPENSE_CLASSES):
        left = (
            (f"{chinese[index]}、{income_items[index][0]}", t(income_items[index][1]))
            if index < 5
            else ("", "")
        )
        summary_rows.append([*left, f"{chinese[index]}、{name}", t(by_class[code])])
    summary_rows += [
        ["本年收入合计", t(total), "本年支出合计", t(total)],
        ["上年结转结余", "", "年终结转结余", ""],
        ["收入总计", t(total), "支出总计", t(total)],
    ]
    summary = StatementTable(
        kind="收支总表",
        title="部门预算收支总表",
        header=_SUMMARY_HEADER,
        pages=_pages(_numbered(summary_rows)),
    )
    # 收入总表: 合计, 小计, 财政拨款收入, 财政专户收入, 事业收入, 经营收入, 上级补助收入,
    # 附属单位上缴收入, 其他收入, 上年结转
    other_at = 4 if budget.other_source == "事业收入" else 8

    def income_columns(line: Line) -> list[int]:
        cells = [line.total, line.total, line.fiscal, 0, 0, 0, 0, 0, 0, 0]
        cells[other_at] = line.other
        return cells

    income = StatementTable(
        kind="收入总表",
        title="部门预算收入总表",
        header=_INCOME_HEADER,
        pages=_pages(_numbered(_tree_rows(budget, income_columns))),
        code_column=1,
    )
    expense = StatementTable(
        kind="支出总表",
        title="部门预算支出总表",
        header=_EXPENSE_HEADER,
        pages=_pages(_numbered(_tree_rows(budget, lambda x: [x.total, x.basic, x.project, 0, 0, 0]))),
        code_column=1,
    )
    # 财政拨款收支总表
    fiscal_rows: list[list[str]] = []
    fiscal_income = ("一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款")
    for index, (code, name) in enumerate(EXPENSE_CLASSES):
        left = (
            (f"{chinese[index]}、{fiscal_income[index]}", t(fiscal if index == 0 else 0))
            if index < 3
            else ("", "")
        )
        amount = fiscal_by_class[code]
        fiscal_rows.append([*left, f"{chinese[index]}、{name}", t(amount), t(amount), "", ""])
    fiscal_rows += [
        ["本年收入合计", t(fiscal), "本年支出合计", t(fiscal), t(fiscal), "", ""],
        ["年初财政拨款结转和结余", "", "年末财政拨款结转和结余", "", "", "", ""],
        ["收入总计", t(fiscal), "支出总计", t(fiscal), t(fiscal), "", ""],
    ]
    fiscal_summary = StatementTable(
        kind="财政拨款收支总表",
        title="部门预算财政拨款收支总表",
        header=_FISCAL_SUMMARY_HEADER,
        pages=_pages(_numbered(fiscal_rows)),
    )
    fiscal_lines = [line for line in lines if line.fiscal]
    general = StatementTable(
        kind="一般公共预算财政拨款支出表",
        title="部门预算一般公共预算财政拨款支出表",
        header=_FUNCTION_3_HEADER,
        pages=_pages(
            _numbered(
                _tree_rows(
                    _with_lines(budget, fiscal_lines),
                    lambda x: [x.fiscal, x.fiscal_basic, x.fiscal_project],
                )
            )
        ),
        code_column=1,
    )
    basic_rows: list[list[str]] = []
    if budget.economic:
        personnel = sum(x.fiscal_basic for x in budget.economic if x.code[:3] in PERSONNEL)
        public = sum(x.fiscal_basic for x in budget.economic) - personnel
        basic_rows.append(["", "合计", t(personnel + public), t(personnel), t(public)])
        for class_code, (name, _) in ECONOMIC.items():
            in_class = [x for x in budget.economic if x.code[:3] == class_code]
            if not in_class:
                continue
            amount = sum(x.fiscal_basic for x in in_class)
            is_personnel = class_code in PERSONNEL
            basic_rows.append(
                [
                    class_code,
                    name,
                    t(amount),
                    t(amount if is_personnel else 0),
                    t(0 if is_personnel else amount),
                ]
            )
            for x in in_class:
                value = x.fiscal_basic
                basic_rows.append(
                    [
                        x.code,
                        x.name,
                        t(value),
                        t(value if is_personnel else 0),
                        t(0 if is_personnel else value),
                    ]
                )
    basic = StatementTable(
        kind="一般公共预算财政拨款基本支出表",
        title="部门预算一般公共预算财政拨款基本支出表",
        header=_BASIC_HEADER,
        pages=_pages(_numbered(basic_rows)),
        code_column=1,
        note="" if basic_rows else "注：无一般公共预算财政拨款基本支出预算，空表列示。",
    )
    empty = [
        StatementTable(
            kind=kind,
            title=f"部门预算{kind}",
            header=_FUNCTION_3_HEADER,
            pages=(TablePage(()),),
            note=f"注：无{kind.removesuffix('支出表')}预算，空表列示。",
            code_column=1,
        )
        for kind in ("政府性基金预算财政拨款支出表", "国有资本经营预算财政拨款支出表")
    ]
    figures = dict(budget.three_public)
    figures["vehicles"] = figures["vehicle_purchase"] + figures["vehicle_operation"]
    figures["total"] = figures["overseas"] + figures["vehicles"] + figures["reception"]
    if figures["total"]:
        three_rows = tuple(
            (str(n), name, t(figures[key]), t(figures[key]), "", "")
            for n, (key, name) in enumerate(THREE_PUBLIC_ITEMS, start=1)
        )
        three = StatementTable(
            kind="财政拨款“三公”经费支出表",
            title="部门预算财政拨款“三公”经费支出表",
            header=_THREE_PUBLIC_HEADER,
            pages=(TablePage(three_rows),),
        )
    else:
        three = StatementTable(
            kind="财政拨款“三公”经费支出表",
            title="部门预算财政拨款“三公”经费支出表",
            header=_THREE_PUBLIC_HEADER,
            pages=(TablePage(()),),
            note="注：无财政拨款“三公”经费支出预算，空表列示。",
        )
    tables = tuple(
        replace(table, unit=money.unit)
        for table in (summary, income, expense, fiscal_summary, general, basic, *empty, three)
    )
    explanation = _explanation(budget, total, fiscal, other, figures, projects, rng)
    return SeedDocument(
        department=budget.department,
        department_code=budget.department_code,
        year=budget.year,
        stage="预算",
        toc=(),
        tables=tables,
        explanation=explanation,
    )


def _with_lines(budget: Budget, lines: list[Line]) -> Budget:
    """The budget restricted to some 项 (the fiscal ones, for 一般公共预算财政拨款支出表)."""
    return Budget(
        seed=budget.seed,
        department=budget.department,
        department_code=budget.department_code,
        year=budget.year,
        money=budget.money,
        lines=lines,
        economic=[],
        three_public={},
        projects=[],
        other_source=budget.other_source,
    )


def _chinese_numbers(count: int) -> list[str]:
    """一, 二, … 三十一."""
    digits = "一二三四五六七八九"
    out = []
    for n in range(1, count + 1):
        tens, ones = divmod(n, 10)
        text = (
            ("" if tens < 2 else digits[tens - 1])
            + ("十" if tens else "")
            + (digits[ones - 1] if ones else "")
        )
        out.append(text)
    return out


def _wan(amount: int) -> str:
    """A prose figure in 万元 with two decimals (the prose prints 万元 whatever the tables' unit)."""
    return f"{cents(amount):.2f}"


def _explanation(budget, total, fiscal, other, figures, projects, rng) -> tuple[tuple, ...]:
    """The 情况说明, sections as the seed words them, stating the tables' figures (in 万元, as
    real documents do whatever the tables' unit); the year-on-year changes are random but add up."""
    year, name = budget.year, budget.department
    basic = sum(line.basic for line in budget.lines)
    project = sum(line.project for line in budget.lines)
    personnel = sum(x.fiscal_basic for x in budget.economic if x.code[:3] in PERSONNEL)
    public = sum(x.fiscal_basic for x in budget.economic) - personnel
    change_basic = rng.randint(-5000, 5000)
    change_project = rng.randint(-5000, 5000)
    change_total = change_basic + change_project

    def change(amount: int) -> str:
        return f"{'增加' if amount >= 0 else '减少'}{_wan(abs(amount))}万元"

    def zero_or(amount: int) -> str:
        return _wan(amount) if amount else "0"

    sangong = (
        f"{year}年，我部门财政拨款“三公”经费预算安排{zero_or(figures['total'])}万元，其中因公出国（境）费"
        f"{zero_or(figures['overseas'])}万元；公务用车购置及运维费{zero_or(figures['vehicles'])}万元（其中："
        f"公务用车购置费为{zero_or(figures['vehicle_purchase'])}万元，公务用车运维费"
        f"{zero_or(figures['vehicle_operation'])}万元）；公务接待费{zero_or(figures['reception'])}万元。"
    )
    first = (
        Text(f"{name} {year} 年部门预算信息公开情况说明", "title"),
        Text(f"现将{name} {year} 年部门预算公开如下："),
        Text("一、部门职责及机构设置情况", "heading"),
        Text(f"{name}负责本行业的政策执行、公共服务和监督管理工作。"),
        Text("二、部门预算安排的总体情况", "heading"),
        Text("1、收入说明", "subheading"),
        Text(
            f"反映本部门当年全部收入。{year}年预算收入{_wan(total)}万元，其中：一般公共预算收入{_wan(fiscal)}"
            f"万元，基金预算收入0.00万元，国有资本经营预算收入0.00万元，财政专户核拨收入0.00万元，单位资金"
            f"收入{_wan(other)}万元，上年结转结余0.00万元。"
        ),
        Text("2、支出说明", "subheading"),
        Text(
            f"{year}年支出预算{_wan(total)}万元，其中基本支出{_wan(basic)}万元，包括人员经费{_wan(personnel)}"
            f"万元和日常公用经费{_wan(public)}万元；项目支出{_wan(project)}万元。"
        ),
        Text("3、比上年增减情况", "subheading"),
        Text(
            f"{year}年预算收支安排{_wan(total)}万元，较{year - 1}年预算{change(change_total)}，其中：基本支出"
            f"{change(change_basic)}。项目支出{change(change_project)}。"
        ),
    )
    second = (
        Text("三、机关运行经费安排情况", "heading"),
        Text(f"{year}年，我部门机关运行经费共计安排{zero_or(public)}万元。"),
        Text("四、财政拨款“三公”经费预算情况及增减变化原因", "heading"),
        Text(sangong + "与上年持平。"),
    )
    chunks: list[tuple] = [first, second]
    if projects:
        chunks.append((Text("五、部门项目预算安排情况及绩效目标", "heading"), projects[0]))
        chunks += [(p,) for p in projects[1:]]
    else:
        chunks.append((Text("五、部门项目预算安排情况及绩效目标", "heading"), Text("无。")))
    chunks.append((Text("六、其他需要说明的事项", "heading"), Text("我部门无其他需要说明的事项。")))
    return tuple(chunks)


# ---------------------------------------------------------------------------------------------
# What a reader must get back

Expected = tuple[str, str, str, str, str, Decimal]  # (kind, side, code, name, column leaf, amount)


def expected_amounts(doc: SeedDocument) -> list[Expected]:
    """Every amount the document prints, with the row's code and name and the column's leaf.

    Read from the document as data (the figures the generator put in), never from a parse.
    Two-sided tables (收支总表, 财政拨款收支总表) give each side's rows their own name.
    """
    out: list[Expected] = []
    for table in doc.tables:
        paths = column_paths(table.header)
        two_sided = table.code_column is None and paths[1][:1] == ("收入",)
        for page in table.pages:
            for row in page.rows:
                for c in amount_columns(table):
                    value = _decimal(row[c])
                    if value is None:
                        continue
                    code = ""
                    if two_sided:
                        side = paths[c][0]
                        name = row[1 if side == "收入" else 3]
                    elif table.code_column is not None:
                        side, code, name = "", row[table.code_column], row[table.code_column + 1]
                    else:
                        side, name = "", row[1]
                    out.append(
                        (table.kind, side, code.replace(" ", ""), name.replace(" ", ""), paths[c][-1], value)
                    )
    return out


def _decimal(text: str) -> Decimal | None:
    cleaned = text.replace(",", "")
    try:
        return Decimal(cleaned) if cleaned and any(ch.isdigit() for ch in cleaned) else None
    except ArithmeticError:
        return None


# ---------------------------------------------------------------------------------------------
# The space of layouts: each knob and the values it takes. Document knobs go to make_budget, the
# others to tests.pdfgen.render_disclosure (its registry: VARIANTS). ``None`` leaves a knob out.

DOCUMENT_KNOBS: dict[str, tuple] = {
    "unit": ("万元", "元"),
    "integer": (False, True),
    "separators": (False, True),
    "three_public": (True, False),
    "unit_funds": (False, True),
}
LAYOUT_KNOBS: dict[str, tuple] = {
    "orientation": ("portrait", "landscape", "rotated", "rotated_tables", "landscape_tables"),
    "ruled": (True, False, "horizontal"),
    "header_lines": (2, 1, 3, 4),
    "spaced_headers": (False, True),
    "numbering": ("栏次", "行次", "档次", "**", "none"),
    "codes": ("column", "split", "in_name", "absent"),
    "total_row": (True, False),
    "tables_per_page": (1, 2, 3),
    "rows_per_page": (None, 12, 25),
    "total_alone": (False, True),
    "blanks": (None, "-", "—", "0.00"),
    "title_style": (None, "numbered", "department"),
    "bold_titles": (1, 3),
    "footers": (False, True),
    "broken_rows": (False, True),
    "mixed_rules": (False, True),
    "project_rules": (True, False, "horizontal"),
    "indicator_break": (None, "rows", "cell"),
    "font": ("STSong-Light", "embedded"),
    "font_size": (None, 7, 11),
    "redacted": (False, True),
    "char_order": ("in_order", "shuffled"),
}
KNOBS = {**DOCUMENT_KNOBS, **LAYOUT_KNOBS}

# Knob values the parser does not read yet (tests/test_layout_regressions.py names failing
# examples, the bench/layouts.py report says what is misread): the property test in CI
# draws from the others only (CI_KNOBS); bench/layouts.py draws from all of them. Empty since
# every knob is read with every other (bench/layouts.py: 0 failures in 2,000 examples); a new
# knob value that is not read yet waits here, with its failing example pinned as xfail.
NOT_YET_READ: dict[str, tuple] = {}
# Values read alone but not yet together: the CI strategy does not draw these pairs (ci_allows).
NOT_YET_READ_TOGETHER: tuple[tuple[tuple[str, tuple], tuple[str, tuple]], ...] = ()


def ci_allows(knobs: dict) -> bool:
    """Whether the property test in CI may draw this combination (no pair of NOT_YET_READ_TOGETHER)."""
    return not any(
        knobs.get(first) in first_values and knobs.get(second) in second_values
        for (first, first_values), (second, second_values) in NOT_YET_READ_TOGETHER
    )


CI_KNOBS = {
    name: tuple(value for value in values if value not in NOT_YET_READ.get(name, ()))
    for name, values in KNOBS.items()
}

# Which tables the mixed orientations turn (a coded table and a two-sided one), and which are
# printed unruled among ruled ones (short ones, that share a page with tables_per_page).
MIXED_TABLES = ("支出总表", "财政拨款收支总表")
UNRULED_TABLES = ("一般公共预算财政拨款基本支出表", "国有资本经营预算财政拨款支出表")


def render_budget(path, seed: int, knobs: dict) -> tuple[Budget, object]:
    """Render the budget of ``seed`` with ``knobs`` (a value per name of ``KNOBS``; missing ones
    take their first value) to ``path``; return the budget and seedpdf's ``Rendered``."""
    from tests.pdfgen import build_document, render_disclosure

    unknown = set(knobs) - set(KNOBS)
    if unknown:
        raise TypeError(f"unknown knobs {sorted(unknown)}; the knobs are {list(KNOBS)}")
    chosen = {name: knobs.get(name, values[0]) for name, values in KNOBS.items()}
    budget = make_budget(seed, **{name: chosen[name] for name in DOCUMENT_KNOBS})
    variants: dict = {}
    orientation = chosen["orientation"]
    if orientation in ("landscape", "rotated"):
        variants[orientation] = True
    elif orientation != "portrait":
        variants[orientation] = MIXED_TABLES
    if chosen["codes"] == "split":
        variants["split_codes"] = True
    elif chosen["codes"] != "column":
        variants["codes"] = chosen["codes"]
    for name in ("ruled", "header_lines", "spaced_headers", "numbering", "tables_per_page"):
        variants[name] = chosen[name]
    if not chosen["total_row"]:
        variants["no_total_row"] = True
    for name in (
        "rows_per_page",
        "total_alone",
        "blanks",
        "title_style",
        "bold_titles",
        "footers",
        "font_size",
    ):
        if chosen[name] not in (None, False):
            variants[name] = chosen[name]
    if chosen["broken_rows"]:
        variants["broken_rows"] = True
        variants.setdefault("rows_per_page", 12)  # so that the coded tables break over pages
    if chosen["mixed_rules"]:
        variants["unruled_tables"] = UNRULED_TABLES
    if chosen["redacted"]:
        # Redacted amounts are not published: the budget's document prints them ``****``, so
        # that the amounts a reader must get back (expected_amounts) leave them out.
        budget.document = build_document(budget.document, redacted=True)
    for name in ("font", "char_order"):
        if chosen[name] != KNOBS[name][0]:
            variants[name] = chosen[name]
    if chosen["project_rules"] is not True:
        variants["project_rules"] = chosen["project_rules"]
    if chosen["indicator_break"] and budget.projects:
        # Every project's indicators continue on a second page: after two rows, or inside the
        # third row's last cell (its rest on a row of its own at the top of the next page).
        where = 2 if chosen["indicator_break"] == "rows" else (2, 3)
        variants["project_breaks"] = {number: [where] for number in range(1, len(budget.projects) + 1)}
    return budget, render_disclosure(path, budget.document, **variants)


def misreadings(budget: Budget, parsed, knobs: dict, findings=()) -> list[str]:
    """What ``parsed`` (parse_pdf of the budget rendered with ``knobs``) got wrong, as sentences:
    identity, every amount (by table, side, row, column), projects and indicators, and any
    check that failed (``findings``, run_checks of it). Empty when everything came back."""
    problems: list[str] = []
    identity = (parsed.department, parsed.department_code, parsed.year, parsed.stage)
    wanted = (budget.department, budget.department_code, budget.year, "预算")
    if identity != wanted:
        problems.append(f"identity {identity} != {wanted}")
    absent = knobs.get("codes") == "absent"
    no_total = knobs.get("total_row") is False

    def key(code: str, name: str) -> str:
        # The department's own row is told by its name: its code may also be a class's (303 is
        # both a department's code and 对个人和家庭的补助 of the economic classification).
        if no_total and name in ("合计", budget.department):
            return "合计"
        return name if absent or not code else code

    expected = Counter(
        (kind, side, key(code, name), column, value)
        for kind, side, code, name, column, value in expected_amounts(budget.document)
        if value
    )
    got = Counter(
        (
            table.kind,
            row.side,
            key(row.code, row.item.replace(" ", "")),
            amount.column.replace(" ", ""),
            amount.value,
        )
        for table in parsed.tables
        if table.is_standard
        for row in table.rows
        for amount in row.amounts
        if amount.value
    )
    for item in sorted(expected - got, key=str)[:12]:
        problems.append(f"amount not read: {item[:4]} = {item[4]}")
    for item in sorted(got - expected, key=str)[:12]:
        problems.append(f"amount misread: {item[:4]} = {item[4]}")
    found = {table.kind for table in parsed.tables if table.is_standard}
    for table in budget.document.tables:
        if table.kind not in found:
            problems.append(f"table not found: {table.kind}")
    projects = [(p.code, p.name, p.budget) for p in parsed.projects]
    wanted_projects = [(p.code, p.name, p.budget) for p in budget.projects]
    if projects != wanted_projects:
        problems.append(f"projects {projects} != {wanted_projects}")
    else:
        for project, expected_project in zip(parsed.projects, budget.projects, strict=True):
            indicators = [(i.level1, i.level2, i.level3, i.target) for i in project.indicators]
            if indicators != expected_project.indicators:
                problems.append(
                    f"indicators of {project.code}: {indicators} != {expected_project.indicators}"
                )
    for finding in findings:
        if finding.status == FAILED:
            problems.append(f"未通过 {finding.check}: {finding.message}")
    return problems


def read_back(path, seed: int, knobs: dict) -> list[str]:
    """Render, parse, check: the misreadings of one example (empty when all came back)."""
    from disclosures.checks import run_checks
    from disclosures.parsing import parse_pdf

    budget, rendered = render_budget(path, seed, knobs)
    parsed = parse_pdf(rendered.path)
    return misreadings(budget, parsed, knobs, run_checks(parsed))
