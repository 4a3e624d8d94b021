"""Stored disclosures built straight in the database, for the public pages' query-count tests.

Parsing fifty PDFs (or ingesting fifty parsed documents) to test that a page's queries do not grow
with the data would be slow; these builders write the rows directly, a few bulk inserts per
disclosure, with what the pages read: a two-sided 收支总表, a 支出总表 with 类/款/项 rows and its
合计 row, a 基本支出表 with economic codes, a project, the 三公 figures and a few check results.
The amounts are made up but add up, so the pages show real totals.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from itertools import count

from django.utils import timezone

from disclosures.models import (
    CheckResult,
    ClassificationCode,
    Department,
    Disclosure,
    Line,
    Project,
    StatementTable,
    ThreePublic,
)
from disclosures.parsing.document import EXPENSE, GENERAL_BUDGET_BASIC, INCOME_EXPENSE_SUMMARY

# code → name: three 类 of function codes, each with a 款 and a 项.
FUNCTION_CODES = {
    "201": "一般公共服务支出",
    "20101": "人大事务",
    "2010101": "行政运行",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
}
ECONOMIC_CODES = {"301": "工资福利支出", "30101": "基本工资"}
_serial = count(1)


def make_codes() -> dict[tuple[str, str], ClassificationCode]:
    """The classification codes the built disclosures use, with their parents."""
    codes: dict[tuple[str, str], ClassificationCode] = {}
    for kind, names in (
        (ClassificationCode.Kind.FUNCTION, FUNCTION_CODES),
        (ClassificationCode.Kind.ECONOMIC, ECONOMIC_CODES),
    ):
        for code, name in names.items():
            parent = codes.get((kind, code[:3] if len(code) == 5 else code[:5])) if len(code) > 3 else None
            codes[kind, code], _ = ClassificationCode.objects.get_or_create(
                kind=kind,
                code=code,
                defaults={"name": name, "level": ClassificationCode.rank_for(code), "parent": parent},
            )
    return codes


def make_department(name: str, code: str = "") -> Department:
    return Department.objects.create(name=name, code=code)


def make_disclosure(
    department: Department,
    *,
    year: int = 2025,
    stage: str = "预算",
    level: str = "部门",
    scale: Decimal = Decimal(1),
    unit: str = "万元",
    codes: dict | None = None,
) -> Disclosure:
    """A stored, current disclosure whose amounts are the defaults below times ``scale``."""
    codes = codes or make_codes()
    serial = next(_serial)
    sha = hashlib.sha256(f"{department.pk}-{year}-{stage}-{level}-{serial}".encode()).hexdigest()
    disclosure = Disclosure.objects.create(
        department=department,
        department_name=department.name,
        year=year,
        stage=stage,
        level=level,
        title=f"{department.name} {year} 年部门{stage}",
        source_file=f"disclosures/{sha[:2]}/{sha}.pdf",
        original_filename=f"{serial}.pdf",
        sha256=sha,
        pages=20,
        status=Disclosure.Status.STORED,
        is_current=True,
        version=1,
        has_tables=True,
        has_explanation=True,
        stored_at=timezone.now(),
    )

    def amount(value: str) -> Decimal:
        return (Decimal(value) * scale).quantize(Decimal("0.01"))

    classes = {"201": "100.00", "208": "300.00", "210": "50.00"}  # 类 totals; 款 and 项 the same
    basic, project = amount("350.00"), amount("100.00")
    total = basic + project
    summary, expense, economic = StatementTable.objects.bulk_create(
        [
            StatementTable(
                disclosure=disclosure,
                order=0,
                kind=INCOME_EXPENSE_SUMMARY,
                title="部门预算收支总表",
                unit=unit,
                pages=[1],
                columns=["预算数"],
            ),
            StatementTable(
                disclosure=disclosure,
                order=1,
                kind=EXPENSE,
                title="部门预算支出总表",
                unit=unit,
                pages=[2],
                columns=["合计", "基本支出", "项目支出"],
            ),
            StatementTable(
                disclosure=disclosure,
                order=2,
                kind=GENERAL_BUDGET_BASIC,
                title="部门预算一般公共预算财政拨款基本支出表",
                unit=unit,
                pages=[3],
                columns=["合计", "人员经费", "公用经费"],
            ),
        ]
    )
    lines = [
        Line(
            table=summary,
            row_order=0,
            column_order=0,
            side="收入",
            row_no="1",
            item="一、一般公共预算拨款收入",
            column="预算数",
            amount=total,
            printed=str(total),
            page=1,
        ),
        Line(
            table=summary,
            row_order=1,
            column_order=0,
            side="支出",
            row_no="1",
            item="一、一般公共服务支出",
            column="预算数",
            amount=amount(classes["201"]),
            printed=str(amount(classes["201"])),
            page=1,
        ),
        Line(
            table=summary,
            row_order=2,
            column_order=0,
            side="收入",
            row_no="9",
            item="本年收入合计",
            column="预算数",
            amount=total,
            printed=str(total),
            page=1,
        ),
        Line(
            table=summary,
            row_order=3,
            column_order=0,
            side="支出",
            row_no="9",
            item="本年支出合计",
            column="预算数",
            amount=total,
            printed=str(total),
            page=1,
        ),
    ]
    rows = [("", "合计", total, basic, project)]
    for code, name in FUNCTION_CODES.items():
        value = amount(classes[code[:3]])
        rows.append(
            (
                code,
                name,
                value,
                None if code.startswith("201") else value,
                value if code.startswith("201") else None,
            )
        )
    for row_order, (code, name, *values) in enumerate(rows):
        for column_order, (column, value) in enumerate(
            zip(("合计", "基本支出", "项目支出"), values, strict=True)
        ):
            if value is not None:
                lines.append(
                    Line(
                        table=expense,
                        row_order=row_order,
                        column_order=column_order,
                        row_no=str(row_order + 1),
                        code=code,
                        classification=codes.get((ClassificationCode.Kind.FUNCTION, code)),
                        item=name,
                        column=column,
                        amount=value,
                        printed=str(value),
                        page=2,
                    )
                )
    for row_order, (code, name) in enumerate(ECONOMIC_CODES.items()):
        value = amount("120.00")
        lines.append(
            Line(
                table=economic,
                row_order=row_order,
                column_order=0,
                row_no=str(row_order + 1),
                code=code,
                classification=codes[ClassificationCode.Kind.ECONOMIC, code],
                item=name,
                column="合计",
                amount=value,
                printed=str(value),
                page=3,
            )
        )
    Line.objects.bulk_create(lines)
    Project.objects.create(
        disclosure=disclosure,
        order=0,
        code=f"P{serial:05}",
        name=f"{department.name}专项业务经费",
        budget=project,
        unit=unit,
        page=10,
    )
    ThreePublic.objects.create(
        disclosure=disclosure,
        table_found=True,
        table_total=amount("6.00"),
        table_overseas=amount("1.00"),
        table_vehicles=amount("3.00"),
        table_reception=amount("2.00"),
        table_unit="万元",
        table_page=4,
    )
    CheckResult.objects.bulk_create(
        [
            CheckResult(
                disclosure=disclosure,
                order=0,
                name="balance",
                status=CheckResult.Status.OK,
                table=INCOME_EXPENSE_SUMMARY,
            ),
            CheckResult(
                disclosure=disclosure,
                order=1,
                name="hierarchy",
                status=CheckResult.Status.FAILED,
                table=EXPENSE,
                row="208",
                column="合计",
                page=2,
                message="类的金额不等于其款之和",
            ),
        ]
    )
    return disclosure


def make_city(disclosures: int = 50, *, years: tuple[int, ...] = (2023, 2024, 2025)) -> list[Disclosure]:
    """``disclosures`` stored disclosures over departments and years (each department one per year)."""
    codes = make_codes()
    built = []
    first = Department.objects.filter(name__startswith="示例市第").count()  # grown twice in one test
    for index in range(disclosures):
        department_index, year_index = divmod(index, len(years))
        department_index += first
        if year_index == 0:
            department = make_department(f"示例市第{department_index + 1}局", code=f"9{department_index:03}")
        built.append(
            make_disclosure(
                department, year=years[year_index], scale=Decimal(department_index + 1) / 3, codes=codes
            )
        )
    return built
