"""Small ``make_*`` helpers that build ParsedDisclosure objects for tests, and the seed as data.

Rows are typed compactly, one per line, fields separated by ``|``:

- coded tables: ``序号|code|item|amount|amount|…`` (amounts in column order, trailing empties
  may be left out, an empty field is an empty cell);
- two-sided tables: ``序号|收入 item|收入 amounts…|支出 item|支出 amounts…``;
- a line ``@N`` says the rows that follow were printed on page N.

The seed (../shared/seed/000_0d11237ca329338a.txt, 张家口市总工会 2025 部门预算, 万元) is typed in
from its text below.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from disclosures.parsing.document import (
    BUDGET,
    DEPARTMENT,
    EXPENSE,
    FISCAL_SUMMARY,
    GENERAL_BUDGET_BASIC,
    GENERAL_BUDGET_EXPENSE,
    GOV_FUND_EXPENSE,
    INCOME,
    INCOME_EXPENSE_SUMMARY,
    STATE_CAPITAL_EXPENSE,
    THREE_PUBLIC,
    Amount,
    Fact,
    ParsedDisclosure,
    Project,
    Row,
    Table,
    ThreePublic,
    ThreePublicFigures,
)

Header = tuple[str, ...]  # a column's headers, top to leaf


def make_columns(*headers: str | Header) -> list[Header]:
    """Column paths from headers: "合计" or ("本年收入", "小计") (the leaf last)."""
    return [(header,) if isinstance(header, str) else tuple(header) for header in headers]


def column_names(columns: Sequence[Header]) -> list[str]:
    """Columns named as the parser names them: the leaf, or ``parent/leaf`` where the leaf repeats
    (合计/预算数 | 合计/决算数)."""
    leaves = Counter(path[-1] for path in columns)
    return [path[-1] if leaves[path[-1]] == 1 else "/".join(path[-2:]) for path in columns]


def make_amounts(columns: Sequence[Header], values: Sequence[str]) -> list[Amount]:
    """The non-empty cells of one row, with each cell's column header path (the leaf last)."""
    return [
        Amount(column=name, value=Decimal(value), column_path=path)
        for path, name, value in zip(columns, column_names(columns), values, strict=False)
        if value.strip()
    ]


def _lines(text: str):
    """(page, fields) for each data line; ``@N`` lines switch the page."""
    page = 1
    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("@"):
            page = int(line[1:])
            continue
        yield page, line.split("|")


def make_table(
    kind: str,
    columns: Sequence[Header],
    rows: str,
    *,
    unit: str = "万元",
    title: str = "",
    empty_note: str = "",
) -> Table:
    """A one-sided table (coded or not) from ``序号|code|item|amounts…`` lines."""
    table_rows = []
    for page, (row_no, code, item, *values) in _lines(rows):
        amounts = make_amounts(columns, values)
        table_rows.append(
            Row(item=item, page=page, code=code.replace(" ", ""), row_no=row_no, amounts=amounts)
        )
    return _table(kind, column_names(columns), table_rows, unit=unit, title=title, empty_note=empty_note)


def make_two_sided_table(
    kind: str,
    income_columns: Sequence[Header],
    expense_columns: Sequence[Header],
    rows: str,
    *,
    unit: str = "万元",
    title: str = "",
) -> Table:
    """收支总表-like table from ``序号|收入 item|amounts…|支出 item|amounts…`` lines."""
    table_rows = []
    width = len(income_columns)
    for page, (row_no, *fields) in _lines(rows):
        income_item, income_values = fields[0], fields[1 : 1 + width]
        expense_item, expense_values = fields[1 + width], fields[2 + width :]
        for side, item, columns, values in (
            ("收入", income_item, income_columns, income_values),
            ("支出", expense_item, expense_columns, expense_values),
        ):
            if item:
                amounts = make_amounts(columns, values)
                table_rows.append(Row(item=item, page=page, row_no=row_no, side=side, amounts=amounts))
    names = list(dict.fromkeys([*column_names(income_columns), *column_names(expense_columns)]))
    return _table(kind, names, table_rows, unit=unit, title=title)


def _table(
    kind: str, names: list[str], rows: list[Row], *, unit: str, title: str, empty_note: str = ""
) -> Table:
    return Table(
        kind=kind,
        title=title or f"部门预算{kind}",
        pages=sorted({row.page for row in rows}),
        unit=unit,
        columns=names,
        rows=rows,
        empty_note=empty_note,
    )


def make_empty_table(
    kind: str, columns: Sequence[Header], page: int, note: str, *, unit: str = "万元"
) -> Table:
    """A table printed with headers only and a 注：…空表列示。"""
    return Table(
        kind=kind,
        title=f"部门预算{kind}",
        pages=[page],
        unit=unit,
        columns=column_names(columns),
        empty_note=note,
    )


def make_fact(key: str, label: str, value: str, *, page: int = 17, unit: str = "万元") -> Fact:
    """A figure stated in the explanation's prose."""
    return Fact(
        key=key, label=label, value=Decimal(value), unit=unit, sentence=f"{label}{value}{unit}", page=page
    )


def make_project(name: str, budget: str, *, page: int, code: str = "", unit: str = "万元") -> Project:
    """A project with its 预算数 (the rest of its performance table is irrelevant to the checks)."""
    return Project(
        name=name, page=page, code=code, budget=Decimal(budget), fiscal_funds=Decimal(budget), unit=unit
    )


def make_three_public_figures(
    *, unit: str = "万元", page: int | None = None, **values: str
) -> ThreePublicFigures:
    """ThreePublicFigures from strings: make_three_public_figures(total="0", overseas="0", …)."""
    return ThreePublicFigures(unit=unit, page=page, **{key: Decimal(value) for key, value in values.items()})


def make_document(*tables: Table, **fields) -> ParsedDisclosure:
    """A ParsedDisclosure with these tables and any other fields given."""
    fields.setdefault("pages", max((page for table in tables for page in table.pages), default=1))
    return ParsedDisclosure(tables=list(tables), **fields)


def find_row(table: Table, key: str) -> Row:
    """The row with this code, or else this item (the first one, on either side)."""
    return next(row for row in table.rows if row.code == key or (not row.code and row.item == key))


def set_amount(table: Table, key: str, column: str, value: str | None) -> None:
    """Overwrite (or blank, with None) one printed cell, keeping the column's header path."""
    row = find_row(table, key)
    path = next(
        (
            cell.column_path
            for other in table.rows
            if other.side == row.side
            for cell in other.amounts
            if cell.column == column
        ),
        (column,),
    )
    row.amounts = [cell for cell in row.amounts if cell.column != column]
    if value is not None:
        row.amounts.append(Amount(column=column, value=Decimal(value), column_path=path))


def without_paths(table: Table) -> Table:
    """The same table as a parser that kept only leaf headers would give it."""
    table = copy.deepcopy(table)
    for row in table.rows:
        for cell in row.amounts:
            cell.column_path = ()
    return table


# ---------------------------------------------------------------------------------------------
# The seed: 张家口市总工会 2025 部门预算, amounts in 万元 (typed in from the seed text)

BUDGETED = ("预算数",)
FUNCTION_EXPENSE_COLUMNS = make_columns("合计", "基本支出", "项目支出")
INCOME_COLUMNS = make_columns(
    "合计",
    ("本年收入", "小计"),
    ("本年收入", "财政拨款收入"),
    ("本年收入", "财政专户收入"),
    ("本年收入", "事业收入"),
    ("本年收入", "经营收入"),
    ("本年收入", "上级补助收入"),
    ("本年收入", "附属单位上缴收入"),
    ("本年收入", "其他收入"),
    "上年结转",
)
EXPENSE_COLUMNS = make_columns(
    "合计", "基本支出", "项目支出", "经营支出", "上解上级支出", "对附属单位补助支出"
)
FISCAL_EXPENSE_COLUMNS = make_columns(
    ("支出", "合计"),
    ("支出", "一般公共预算财政拨款"),
    ("支出", "政府性基金预算财政拨款"),
    ("支出", "国有资本经营预算财政拨款"),
)
BASIC_COLUMNS = make_columns(
    ("一般公共预算基本支出", "合计"),
    ("一般公共预算基本支出", "人员经费"),
    ("一般公共预算基本支出", "公用经费"),
)
THREE_PUBLIC_COLUMNS = make_columns(
    ("资金性质", "合计"),
    ("资金性质", "一般公共预算财政拨款"),
    ("资金性质", "政府性基金预算拨款"),
    ("资金性质", "国有资本经营预算财政拨款"),
)

SEED_SUMMARY_ROWS = """
@1
1|一、一般公共预算拨款收入|870.37|一、一般公共服务支出|176.30
2|二、政府性基金预算拨款收入||二、外交支出|
3|三、国有资本经营预算拨款收入||三、国防支出|
4|四、财政专户管理资金收入||四、公共安全支出|
5|五、单位资金||五、教育支出|
6|||六、科学技术支出|
7|||七、文化旅游体育与传媒支出|
8|||八、社会保障和就业支出|540.56
9|||九、社会保险基金支出|
10|||十、卫生健康支出|86.61
11|||十一、节能环保支出|
12|||十二、城乡社区支出|
13|||十三、农林水支出|
14|||十四、交通运输支出|
15|||十五、资源勘探工业信息等支出|
16|||十六、商业服务业等支出|
17|||十七、金融支出|
18|||十八、援助其他地区支出|
19|||十九、自然资源海洋气象等支出|
@2
20|||二十、住房保障支出|66.90
21|||二十一、粮油物资储备支出|
22|||二十二、国有资本经营预算支出|
23|||二十三、灾害防治及应急管理支出|
24|||二十四、预备费|
25|||二十五、其他支出|
26|||二十六、转移性支出|
27|||二十七、债务还本支出|
28|||二十八、债务付息支出|
29|||二十九、债务发行费用支出|
30|||三十、抗疫特别国债安排的支出|
31|||三十一、人行科目|
32|本年收入合计|870.37|本年支出合计|870.37
33|上年结转结余||年终结转结余|
34|收入总计|870.37|支出总计|870.37
"""

# The function-coded body shared by 收入总表, 支出总表 and 一般公共预算财政拨款支出表: code, item and
# the 合计 printed in each; the other columns differ per table and are filled in below.
SEED_FUNCTION_ROWS = [
    ("", "合计", "870.37"),
    ("201", "一般公共服务支出", "176.30"),
    ("20129", "群众团体事务", "176.30"),
    ("2012906", "工会事务", "176.30"),
    ("208", "社会保障和就业支出", "540.56"),
    ("20805", "行政事业单位养老支出", "536.45"),
    ("2080501", "行政单位离退休", "269.32"),
    ("2080502", "事业单位离退休", "117.50"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "129.48"),
    ("2080506", "机关事业单位职业年金缴费支出", "20.14"),
    ("20827", "财政对其他社会保险基金的补助", "4.11"),
    ("2082701", "财政对失业保险基金的补助", "0.72"),
    ("2082702", "财政对工伤保险基金的补助", "3.39"),
    ("210", "卫生健康支出", "86.61"),
    ("21011", "行政事业单位医疗", "86.61"),
    ("2101101", "行政单位医疗", "67.88"),
    ("2101102", "事业单位医疗", "18.73"),
    ("221", "住房保障支出", "66.90"),
    ("22102", "住房改革支出", "66.90"),
    ("2210201", "住房公积金", "66.90"),
]
# 合计 row and the 201 family are 项目支出; everything else is 基本支出 (合计 row splits 694.07 + 176.30).
SEED_PROJECT_CODES = ("201", "20129", "2012906")


def _function_lines(pages: dict[int, int], cells) -> str:
    """Seed function rows as text lines; pages maps the first 序号 on each page to that page."""
    lines = []
    for number, (code, item, total) in enumerate(SEED_FUNCTION_ROWS, start=1):
        if number in pages:
            lines.append(f"@{pages[number]}")
        lines.append("|".join([str(number), code, item, *cells(code, total)]))
    return "\n".join(lines)


def _expense_cells(code: str, total: str) -> list[str]:
    if not code:
        return [total, "694.07", "176.30"]
    return [total, "", total] if code in SEED_PROJECT_CODES else [total, total, ""]


SEED_FISCAL_ROWS = """
@7
1|一、一般公共预算拨款|870.37|一、一般公共服务支出|176.30|176.30
2|二、政府性基金预算拨款||二、外交支出|
3|三、国有资本经营预算拨款||三、国防支出|
4|||四、公共安全支出|
5|||五、教育支出|
6|||六、科学技术支出|
7|||七、文化旅游体育与传媒支出|
8|||八、社会保障和就业支出|540.56|540.56
9|||九、社会保险基金支出|
10|||十、卫生健康支出|86.61|86.61
11|||十一、节能环保支出|
12|||十二、城乡社区支出|
13|||十三、农林水支出|
14|||十四、交通运输支出|
15|||十五、资源勘探工业信息等支出|
16|||十六、商业服务业等支出|
17|||十七、金融支出|
@8
18|||十八、援助其他地区支出|
19|||十九、自然资源海洋气象等支出|
20|||二十、住房保障支出|66.90|66.90
21|||二十一、粮油物资储备支出|
22|||二十二、国有资本经营预算支出|
23|||二十三、灾害防治及应急管理支出|
24|||二十四、预备费|
25|||二十五、其他支出|
26|||二十六、转移性支出|
27|||二十七、债务还本支出|
28|||二十八、债务付息支出|
29|||二十九、债务发行费用支出|
30|||三十、抗疫特别国债安排的支出|
31|||三十一、人行科目|
32|本年收入合计|870.37|本年支出合计|870.37|870.37
33|年初财政拨款结转和结余||年末财政拨款结转和结余|
34|一、一般公共预算拨款|||
35|二、政府性基金预算拨款|||
36|三、国有资本经营预算拨款|||
@9
37|收入总计|870.37|支出总计|870.37|870.37
"""

SEED_BASIC_ROWS = """
@12
1||合计|694.07|694.07
2|301|工资福利支出|307.24|307.24
3|30108|机关事业单位基本养老保险缴费|129.48|129.48
4|30109|职业年金缴费|20.14|20.14
5|30110|职工基本医疗保险缴费|34.50|34.50
6|30111|公务员医疗补助缴费|52.11|52.11
7|30112|其他社会保障缴费|4.11|4.11
8|30113|住房公积金|66.90|66.90
9|303|对个人和家庭的补助|386.83|386.83
10|30301|离休费|46.24|46.24
11|30302|退休费|340.59|340.59
"""

SEED_FACTS = [
    ("income_total", "2025年预算收入", "870.37"),
    ("general_budget_income", "一般公共预算收入", "870.37"),
    ("expense_total", "2025年支出预算", "870.37"),
    ("expense_basic", "基本支出", "694.07"),
    ("personnel", "人员经费", "694.07"),
    ("public_funds", "日常公用经费", "0.00"),
    ("expense_project", "项目支出", "176.30"),
    ("change_total", "较2024年预算增加", "86.80"),
    ("change_basic", "基本支出增加", "11.32"),
    ("change_project", "项目支出增加", "75.48"),
]

SEED_PROJECTS = [
    (
        "冀财行【2024】97号—提前下达2025年省级困难职工及劳模帮扶救助专项资金",
        "13070025P00166310002K",
        "20.30",
        23,
    ),
    ("困难职工及劳模帮扶救助资金", "13070025P001663100037", "55.00", 24),
    ("市级劳模疗休养资金", "13070025P00174510001L", "56.00", 26),
    ("市劳模表彰奖励资金", "13070025P00174410001Y", "45.00", 28),
]


def make_seed_tables() -> list[Table]:
    """The seed's nine tables, as a parser should read them."""
    summary = make_two_sided_table(
        INCOME_EXPENSE_SUMMARY, [("收入", "预算数")], [("支出", "预算数")], SEED_SUMMARY_ROWS
    )
    income = make_table(
        INCOME,
        INCOME_COLUMNS,
        _function_lines({1: 3, 12: 4}, lambda code, total: [total, total, total]),
    )
    expense = make_table(EXPENSE, EXPENSE_COLUMNS, _function_lines({1: 5, 14: 6}, _expense_cells))
    fiscal = make_two_sided_table(
        FISCAL_SUMMARY, [("收入", "金额")], FISCAL_EXPENSE_COLUMNS, SEED_FISCAL_ROWS
    )
    general = make_table(
        GENERAL_BUDGET_EXPENSE, FUNCTION_EXPENSE_COLUMNS, _function_lines({1: 10, 20: 11}, _expense_cells)
    )
    basic = make_table(GENERAL_BUDGET_BASIC, BASIC_COLUMNS, SEED_BASIC_ROWS)
    fund = make_empty_table(
        GOV_FUND_EXPENSE, FUNCTION_EXPENSE_COLUMNS, 13, "注：无政府性基金预算财政拨款预算，空表列示。"
    )
    capital = make_empty_table(
        STATE_CAPITAL_EXPENSE, FUNCTION_EXPENSE_COLUMNS, 14, "注：无国有资本经营预算财政拨款预算，空表列示。"
    )
    three_public = make_empty_table(
        THREE_PUBLIC, THREE_PUBLIC_COLUMNS, 15, "注：无财政拨款“三公”经费支出预算，空表列示。"
    )
    return [summary, income, expense, fiscal, general, basic, fund, capital, three_public]


def make_seed_doc() -> ParsedDisclosure:
    """The whole seed disclosure: tables, 三公 (empty table, zeros in prose), projects and facts."""
    zeros = dict.fromkeys(
        ("total", "overseas", "vehicles", "vehicle_purchase", "vehicle_operation", "reception"), "0"
    )
    return make_document(
        *make_seed_tables(),
        pages=34,
        department="张家口市总工会",
        department_code="711",
        year=2025,
        stage=BUDGET,
        level=DEPARTMENT,
        three_public=ThreePublic(
            table=None,
            table_disclosed_empty=True,
            prose=make_three_public_figures(page=18, **zeros),
            change="与2024年持平，无增减变化",
            page=18,
        ),
        projects=[
            make_project(name, budget, code=code, page=page) for name, code, budget, page in SEED_PROJECTS
        ],
        facts=[make_fact(key, label, value) for key, label, value in SEED_FACTS],
    )


def seed_table(doc: ParsedDisclosure, kind: str) -> Table:
    """A table of the document that must be there (for editing a copy of the seed in tests)."""
    table = doc.table(kind)
    assert table is not None, kind
    return table
