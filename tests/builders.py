"""The ``make_*`` helpers that build what the parser would give (ParsedDisclosure and its parts),
and store them through the stand-in parser (tests/stand_ins.py, the ``parser`` fixture).

One set for every test. Two ways of typing rows, for two kinds of test:

- ``make_row(item, {column: amount})`` for the small documents of the ingest, page and export
  tests (``make_income_table``, ``make_parsed``, ``make_stored``…), where a few rows are enough;
- text lines, one row a line, fields separated by ``|``, for the checks' documents
  (``make_table``, ``make_two_sided_table``), where whole printed tables are typed in:

  * coded tables: ``序号|code|item|amount|amount|…`` (amounts in column order, trailing empties
    may be left out, an empty field is an empty cell);
  * two-sided tables: ``序号|收入 item|收入 amounts…|支出 item|支出 amounts…``;
  * a line ``@N`` says the rows that follow were printed on page N.

Columns are given as header paths (``make_columns("合计", ("本年收入", "小计"))``, the leaf last)
and named as the parser names them (``column_names``). The seed read as the parser should read it
is in tests/expected.py; a seed PDF to parse comes from the ``seed_pdf`` fixture or tests/pdfgen.py.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from disclosures.parsing import document
from disclosures.parsing.document import (
    Amount,
    Fact,
    ParsedDisclosure,
    Project,
    Row,
    Table,
    ThreePublic,
    ThreePublicFigures,
)
from tests.stand_ins import FakeParser

Header = tuple[str, ...]  # a column's headers, top to leaf

# ---------------------------------------------------------------------------------------------
# Columns and amounts


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


FUNCTION_EXPENSE_COLUMNS = make_columns("合计", "基本支出", "项目支出")


# ---------------------------------------------------------------------------------------------
# Tables from a few rows


def make_row(
    item: str, amounts: dict[str, str], *, page: int = 3, code: str = "", row_no: str = "", side: str = ""
) -> Row:
    """A row from ``{column: amount}``."""
    return Row(
        item=item,
        page=page,
        code=code,
        row_no=row_no,
        side=side,
        amounts=[Amount(column=column, value=Decimal(value)) for column, value in amounts.items()],
    )


def _table(
    kind: str, names: list[str], rows: list[Row], *, unit: str = "万元", title: str = "", empty_note: str = ""
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


def make_income_table(*, total: str = "870.37", page: int = 3) -> Table:
    """A 收入总表 with a 类/款/项 chain of function codes, over two pages."""
    columns = ["合计", "小计", "财政拨款收入"]
    return _table(
        document.INCOME,
        columns,
        [
            make_row("合计", dict.fromkeys(columns, total), page=page, row_no="1"),
            make_row("一般公共服务支出", dict.fromkeys(columns, "176.30"), page=page, code="201", row_no="2"),
            make_row("群众团体事务", dict.fromkeys(columns, "176.30"), page=page, code="20129", row_no="3"),
            make_row("工会事务", dict.fromkeys(columns, "176.30"), page=page + 1, code="2012906", row_no="4"),
        ],
    )


def make_basic_table(*, page: int = 12) -> Table:
    """A 基本支出表 with economic codes."""
    return _table(
        document.GENERAL_BUDGET_BASIC,
        ["合计", "人员经费", "公用经费"],
        [
            make_row(
                "工资福利支出", {"合计": "307.24", "人员经费": "307.24"}, page=page, code="301", row_no="1"
            ),
            make_row("基本工资", {"合计": "80.10", "人员经费": "80.10"}, page=page, code="30101", row_no="2"),
        ],
    )


def make_summary_table(*, page: int = 1) -> Table:
    """A two-sided 收支总表."""
    return _table(
        document.INCOME_EXPENSE_SUMMARY,
        ["预算数"],
        [
            make_row("一、一般公共预算拨款收入", {"预算数": "870.37"}, page=page, row_no="1", side="收入"),
            make_row("一、一般公共服务支出", {"预算数": "176.30"}, page=page, row_no="1", side="支出"),
        ],
    )


def make_expense_table(
    classes: dict[str, tuple[str, str, str, str]] | None = None, *, unit: str = "万元", page: int = 5
) -> Table:
    """A 支出总表: ``classes`` maps a code to (name, 合计, 基本支出, 项目支出); "" leaves a cell empty."""
    if classes is None:
        classes = {
            "208": ("社会保障和就业支出", "540.56", "540.56", ""),
            "20805": ("行政事业单位养老支出", "536.45", "536.45", ""),
            "2080501": ("行政单位离退休", "269.32", "269.32", ""),
            "201": ("一般公共服务支出", "176.30", "", "176.30"),
        }
    names = column_names(FUNCTION_EXPENSE_COLUMNS)
    rows = []
    for number, (code, (name, *amounts)) in enumerate(classes.items(), start=1):
        cells = {column: value for column, value in zip(names, amounts, strict=True) if value}
        rows.append(make_row(name, cells, page=page, code=code, row_no=str(number)))
    table = _table(document.EXPENSE, names, rows, unit=unit)
    table.pages = [page]
    return table


def make_empty_table(
    kind: str = document.GOV_FUND_EXPENSE,
    columns: Sequence[Header] = FUNCTION_EXPENSE_COLUMNS,
    page: int = 13,
    note: str = "注：无政府性基金预算财政拨款预算，空表列示。",
    *,
    unit: str = "万元",
) -> Table:
    """A table printed with headers only and a 注：…空表列示。 (by default 政府性基金, page 13)."""
    table = _table(kind, column_names(columns), [], unit=unit, empty_note=note)
    table.pages = [page]
    return table


def make_three_public_table(
    columns: Sequence[Header],
    rows: Sequence[tuple[str, Sequence[str]]],
    *,
    unit: str = "万元",
    page: int = 15,
) -> Table:
    """A 三公 table: columns as header paths (leaf last), rows as (item, [values in column order],
    "" for an empty cell); each cell is named by its leaf, its path kept beside it."""
    cells = [
        Row(
            item=item,
            page=page,
            amounts=[
                Amount(column=path[-1], value=Decimal(value), column_path=tuple(path))
                for path, value in zip(columns, values, strict=True)
                if value
            ],
        )
        for item, values in rows
    ]
    table = _table(
        document.THREE_PUBLIC, column_names(columns), cells, unit=unit, title=document.THREE_PUBLIC
    )
    table.pages = [page]
    return table


# ---------------------------------------------------------------------------------------------
# Tables typed in as text lines


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
# The explanation: figures, projects, 三公


def make_fact(
    key: str, label: str, value: str, *, page: int = 17, unit: str = "万元", sentence: str = ""
) -> Fact:
    """A figure stated in the explanation's prose (by default in the sentence label+value+unit)."""
    sentence = sentence or f"{label}{value}{unit}"
    return Fact(key=key, label=label, value=Decimal(value), unit=unit, sentence=sentence, page=page)


def make_project(
    name: str = "市级劳模疗休养资金",
    budget: str = "56.00",
    *,
    page: int = 30,
    code: str = "",
    unit: str = "万元",
    **fields,
) -> Project:
    """A project with its 预算数, all 财政资金 (the rest of its performance table only if given)."""
    return Project(
        name=name,
        page=page,
        code=code,
        budget=Decimal(budget),
        fiscal_funds=Decimal(budget),
        unit=unit,
        **fields,
    )


def make_project_with_targets(*, page: int = 30) -> Project:
    """The seed's 市级劳模疗休养资金 with its purpose, spending plan, goals and two indicators."""
    # 二级指标, 三级指标, 描述, 指标值 as printed, page, and the target split: comparator, number, unit.
    rows = [
        ("数量指标", "疗休养人数", "市级劳模疗休养人数", "≤200人", page, "≤", Decimal("200"), "人"),
        ("成本指标", "资金支出控制数", "年度资金支出控制数", "≤56万元", page + 1, "", None, ""),
    ]
    indicators = [
        document.Indicator(
            level1="产出指标",
            level2=level2,
            level3=level3,
            description=description,
            target=target,
            basis="张办文[2022]7号",
            page=on_page,
            comparator=comparator,
            target_value=value,
            target_unit=unit,
        )
        for level2, level3, description, target, on_page, comparator, value, unit in rows
    ]
    return make_project(
        page=page,
        code="13070025P00174510001L",
        purpose="每年组织约200名市级劳动模范参加不超过7天的疗休养。",
        spending_plan={"6月底": "30%", "10月底": "100%"},
        goals=["1.组织200名市级劳动模范参加不超过7天的疗休养。"],
        indicators=indicators,
    )


def make_three_public_figures(
    *, unit: str = "万元", page: int | None = None, **values: str
) -> ThreePublicFigures:
    """ThreePublicFigures from strings: make_three_public_figures(total="0", overseas="0", …)."""
    return ThreePublicFigures(unit=unit, page=page, **{key: Decimal(value) for key, value in values.items()})


def make_three_public(*, table: bool = True, prose: bool = True) -> ThreePublic:
    """The seed's 三公: the table disclosed empty (page 15), zeros in the prose (page 18)."""
    zeros = dict.fromkeys(("total", "overseas", "vehicles", "reception"), "0.00")
    return ThreePublic(
        table=ThreePublicFigures(unit="万元", page=15) if table else None,
        table_disclosed_empty=table,
        prose=make_three_public_figures(page=18, **zeros) if prose else None,
        change="与2024年持平，无增减变化。" if prose else "",
        sentence="2025年，我部门财政拨款“三公”经费预算安排0万元。" if prose else "",
        page=18 if prose else None,
    )


def make_explanation() -> dict:
    """The explanation's parts of a ParsedDisclosure, as keyword arguments."""
    return {
        "sections": [
            document.Section(number="一", title="部门职责及机构设置情况", text="部门职责：……", page=16),
            document.Section(
                number="二", title="部门预算安排的总体情况", text="2025年预算收入870.37万元", page=17
            ),
        ],
        "units": [
            document.UnitInfo(
                name="张家口市总工会本级", nature="行政", rank="正处（县）级", funding="财政拨款", page=16
            )
        ],
        "facts": [make_fact("income_total", "预算收入", "870.37", sentence="2025年预算收入870.37万元")],
        "projects": [make_project_with_targets()],
        "three_public": make_three_public(),
    }


# ---------------------------------------------------------------------------------------------
# Whole documents


def make_document(*tables: Table, **fields) -> ParsedDisclosure:
    """A ParsedDisclosure with these tables and any other fields given (no log)."""
    fields.setdefault("pages", max((page for table in tables for page in table.pages), default=1))
    return ParsedDisclosure(tables=list(tables), **fields)


def make_parsed(
    *,
    department: str = "张家口市总工会",
    code: str = "711",
    year: int = 2025,
    stage: str = document.BUDGET,
    level: str = document.DEPARTMENT,
    tables: list[Table] | None = None,
    explanation: bool = True,
    pages: int = 34,
) -> ParsedDisclosure:
    """A parsed disclosure as parse_pdf gives it, log included: by default tables and explanation,
    like the seed in small."""
    if tables is None:
        tables = [make_summary_table(), make_income_table(), make_basic_table(), make_empty_table()]
    parts = make_explanation() if explanation else {"three_public": make_three_public(prose=False)}
    if not tables:
        parts["three_public"] = make_three_public(table=False) if explanation else None
    doc = make_document(
        *tables,
        pages=pages,
        department=department,
        department_code=code,
        year=year,
        stage=stage,
        level=level,
        title=f"{department} {year} 年部门{stage}信息公开",
        **parts,
    )
    doc.log = document.ParseLog(
        pages=pages,
        pages_with_text=pages,
        tables_found=len(tables) + 3,
        tables=len(tables),
        rows=sum(len(t.rows) for t in tables),
        amounts=sum(len(r.amounts) for t in tables for r in t.rows),
        skipped=[document.Skipped(page=2, what="目录", reason="不是报表")],
        notes=["测试文档"],
    )
    return doc


# ---------------------------------------------------------------------------------------------
# Ingesting them: the stand-in parser and stored disclosures


def make_pdf_file(directory: Path, name: str = "disclosure.pdf", content: bytes = b"") -> Path:
    """A file standing in for a PDF: the ``parser`` fixture decides what parsing it gives."""
    path = directory / name
    path.write_bytes(content or b"%PDF-1.4\n% " + name.encode() + b"\n%%EOF\n")
    return path


def make_stored(parser: FakeParser, tmp_path: Path, name: str = "disclosure.pdf", **fields):
    """Ingest ``make_parsed(**fields)`` through the ``parser`` fixture and return the Disclosure."""
    from disclosures.ingest import ingest_pdf  # Django models: imported when a test stores

    parser.gives(name, make_parsed(**fields))
    return ingest_pdf(file=make_pdf_file(tmp_path, name)).disclosure


def make_stored_expenses(parser: FakeParser, tmp_path: Path, name: str = "disclosure.pdf", **fields):
    """``make_stored`` with, by default, a 支出总表 and a 基本支出表: the coded tables the code
    and comparison pages read."""
    fields.setdefault("tables", [make_expense_table(), make_basic_table()])
    return make_stored(parser, tmp_path, name, **fields)
