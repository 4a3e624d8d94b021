"""Small ``make_*`` helpers and fixtures for the ingest, export, admin and command tests.

Most tests build the ParsedDisclosure themselves and stand it in for the parser with the
``parser`` fixture, so that what is stored is known exactly; ``seed_pdf`` renders the sample
document to a real PDF for the tests of the whole path.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from disclosures import checks
from disclosures.parsing import document
from disclosures.parsing.errors import RefusedFile


def make_row(
    item: str, amounts: dict[str, str], *, page: int = 3, code: str = "", row_no: str = "", side: str = ""
):
    return document.Row(
        item=item,
        page=page,
        code=code,
        row_no=row_no,
        side=side,
        amounts=[document.Amount(column=column, value=Decimal(value)) for column, value in amounts.items()],
    )


def make_income_table(*, total: str = "870.37", page: int = 3) -> document.Table:
    """A 收入总表 with a 类/款/项 chain of function codes."""
    columns = ["合计", "小计", "财政拨款收入"]
    return document.Table(
        kind=document.INCOME,
        title="部门预算收入总表",
        pages=[page, page + 1],
        unit="万元",
        columns=columns,
        rows=[
            make_row("合计", dict.fromkeys(columns, total), page=page, row_no="1"),
            make_row("一般公共服务支出", dict.fromkeys(columns, "176.30"), page=page, code="201", row_no="2"),
            make_row("群众团体事务", dict.fromkeys(columns, "176.30"), page=page, code="20129", row_no="3"),
            make_row("工会事务", dict.fromkeys(columns, "176.30"), page=page + 1, code="2012906", row_no="4"),
        ],
    )


def make_basic_table(*, page: int = 12) -> document.Table:
    """A 基本支出表 with economic codes."""
    return document.Table(
        kind=document.GENERAL_BUDGET_BASIC,
        title="部门预算一般公共预算财政拨款基本支出表",
        pages=[page],
        unit="万元",
        columns=["合计", "人员经费", "公用经费"],
        rows=[
            make_row(
                "工资福利支出", {"合计": "307.24", "人员经费": "307.24"}, page=page, code="301", row_no="1"
            ),
            make_row("基本工资", {"合计": "80.10", "人员经费": "80.10"}, page=page, code="30101", row_no="2"),
        ],
    )


def make_summary_table(*, page: int = 1) -> document.Table:
    """A two-sided 收支总表."""
    return document.Table(
        kind=document.INCOME_EXPENSE_SUMMARY,
        title="部门预算收支总表",
        pages=[page],
        unit="万元",
        columns=["预算数"],
        rows=[
            make_row("一、一般公共预算拨款收入", {"预算数": "870.37"}, page=page, row_no="1", side="收入"),
            make_row("一、一般公共服务支出", {"预算数": "176.30"}, page=page, row_no="1", side="支出"),
        ],
    )


def make_empty_table(*, kind: str = document.GOV_FUND_EXPENSE, page: int = 13) -> document.Table:
    return document.Table(
        kind=kind,
        title=f"部门预算{kind}",
        pages=[page],
        unit="万元",
        columns=["合计", "基本支出", "项目支出"],
        empty_note="注：无政府性基金预算财政拨款预算，空表列示。",
    )


def make_project(*, name: str = "市级劳模疗休养资金", code: str = "13070025P00174510001L", page: int = 30):
    return document.Project(
        name=name,
        page=page,
        code=code,
        budget=Decimal("56.00"),
        fiscal_funds=Decimal("56.00"),
        unit="万元",
        purpose="每年组织约200名市级劳动模范参加不超过7天的疗休养。",
        spending_plan={"6月底": "30%", "10月底": "100%"},
        goals=["1.组织200名市级劳动模范参加不超过7天的疗休养。"],
        indicators=[
            document.Indicator(
                level1="产出指标",
                level2="数量指标",
                level3="疗休养人数",
                description="市级劳模疗休养人数",
                target="≤200人",
                basis="张办文[2022]7号",
                page=page,
                comparator="≤",
                target_value=Decimal("200"),
                target_unit="人",
            ),
            document.Indicator(
                level1="产出指标",
                level2="成本指标",
                level3="资金支出控制数",
                description="年度资金支出控制数",
                target="≤56万元",
                basis="张办文[2022]7号",
                page=page + 1,
            ),
        ],
    )


def make_three_public(*, table: bool = True, prose: bool = True) -> document.ThreePublic:
    zero = Decimal("0.00")
    figures = dict.fromkeys(("total", "overseas", "vehicles", "reception"), zero)
    return document.ThreePublic(
        table=document.ThreePublicFigures(unit="万元", page=15) if table else None,
        table_disclosed_empty=table,
        prose=document.ThreePublicFigures(**figures, unit="万元", page=18) if prose else None,
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
        "facts": [
            document.Fact(
                key="income_total",
                label="预算收入",
                value=Decimal("870.37"),
                unit="万元",
                sentence="2025年预算收入870.37万元",
                page=17,
            )
        ],
        "projects": [make_project()],
        "three_public": make_three_public(),
    }


def make_parsed(
    *,
    department: str = "张家口市总工会",
    code: str = "711",
    year: int = 2025,
    stage: str = document.BUDGET,
    level: str = document.DEPARTMENT,
    tables: list[document.Table] | None = None,
    explanation: bool = True,
    pages: int = 34,
) -> document.ParsedDisclosure:
    """A parsed disclosure: by default tables and explanation, like the seed in small."""
    if tables is None:
        tables = [make_summary_table(), make_income_table(), make_basic_table(), make_empty_table()]
    parts = make_explanation() if explanation else {"three_public": make_three_public(prose=False)}
    if not tables:
        parts["three_public"] = make_three_public(table=False) if explanation else None
    doc = document.ParsedDisclosure(
        pages=pages,
        department=department,
        department_code=code,
        year=year,
        stage=stage,
        level=level,
        title=f"{department} {year} 年部门{stage}信息公开",
        tables=tables,
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


def make_check_results(doc: document.ParsedDisclosure) -> list[checks.CheckResult]:
    """Stands in for run_checks: one pass, one failure, one warning, one not applicable."""
    return [
        checks.CheckResult(
            check="balance", status=checks.OK, table=document.INCOME_EXPENSE_SUMMARY, row="收入总计"
        ),
        checks.CheckResult(
            check="hierarchy",
            status=checks.FAILED,
            table=document.INCOME,
            row="20805 行政事业单位养老支出",
            column="合计",
            expected=Decimal("536.45"),
            actual=Decimal("-12.50"),
            difference=Decimal("548.95"),
            unit="万元",
            page=4,
            message="款的金额不等于其项之和",
        ),
        checks.CheckResult(check="projects", status=checks.WARNING, message="项目合计小于项目支出"),
        checks.CheckResult(check="three_public.prose", status=checks.NOT_APPLICABLE),
    ]


def csv_rows(response) -> list[dict[str, str]]:
    """The rows of a streamed CSV export, as a journalist's script reads them (BOM dropped)."""
    assert response.status_code == 200, response
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def make_pdf_file(directory: Path, name: str = "disclosure.pdf", content: bytes = b"") -> Path:
    """A file standing in for a PDF: the ``parser`` fixture decides what parsing it gives."""
    path = directory / name
    path.write_bytes(content or b"%PDF-1.4\n% " + name.encode() + b"\n%%EOF\n")
    return path


class FakeParser:
    """Maps file names to what parse_pdf gives for them: a ParsedDisclosure or a refusal."""

    def __init__(self):
        self.results: dict[str, document.ParsedDisclosure | str] = {}
        self.calls: list[str] = []

    def gives(self, filename: str, result: document.ParsedDisclosure | str) -> None:
        self.results[filename] = result

    def __call__(self, path, *, filename: str = "", max_pages: int = 500) -> document.ParsedDisclosure:
        self.calls.append(filename)
        result = self.results[filename]
        if isinstance(result, str):
            raise RefusedFile(result, filename=filename)
        return result


@pytest.fixture
def parser(monkeypatch) -> FakeParser:
    """parse_pdf replaced by a FakeParser, and run_checks by make_check_results."""
    fake = FakeParser()
    monkeypatch.setattr("disclosures.parsing.parse_pdf", fake)
    monkeypatch.setattr("disclosures.checks.run_checks", make_check_results)
    return fake


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser("finance", "finance@example.org", "a-long-test-password")


@pytest.fixture
def seed_pdf(tmp_path) -> Path:
    """The sample disclosure (张家口市总工会 2025 部门预算) rendered to a real PDF."""
    from tests.pdfgen import render_disclosure

    path = tmp_path / "711-zhangjiakou-2025-budget.pdf"
    render_disclosure(path)
    return path
