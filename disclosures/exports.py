"""The open-data CSV exports (open-data.md): one streaming writer, one column spec per export."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.http import StreamingHttpResponse

from disclosures.models import CheckResult, Disclosure, Indicator, Line, Project

# A text cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 500
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    header: str
    source: str  # a values_list() lookup from the export's model
    number: bool = False  # amounts and other numbers are written as they are, never escaped


@dataclass(frozen=True)
class Export:
    """What one CSV holds: rows of ``model`` under current disclosures, and their columns."""

    filename: str
    model: type[models.Model]
    disclosure: str  # the lookup from ``model`` to its Disclosure
    columns: tuple[Column, ...]
    order_by: tuple[str, ...]
    exclude: dict | None = None

    def queryset(self, disclosures: models.QuerySet[Disclosure]) -> models.QuerySet:
        rows = self.model.objects.filter(**{f"{self.disclosure}__in": disclosures})
        if self.exclude:
            rows = rows.exclude(**self.exclude)
        return rows.order_by(*self.disclosure_order(), *self.order_by)

    def disclosure_order(self) -> list[str]:
        fields = ("department__code", "department__name", "year", "stage", "level", "pk")
        return [f"{self.disclosure}__{field}" for field in fields]


def disclosure_columns(path: str) -> tuple[Column, ...]:
    """The five columns that start every export: which disclosure a row belongs to."""
    return (
        Column("department_code", f"{path}__department__code"),
        Column("department", f"{path}__department_name"),
        Column("year", f"{path}__year", number=True),
        Column("stage", f"{path}__stage"),
        Column("level", f"{path}__level"),
    )


LINES = Export(
    filename="lines.csv",
    model=Line,
    disclosure="table__disclosure",
    columns=(
        *disclosure_columns("table__disclosure"),
        Column("table", "table__kind"),
        Column("table_title", "table__title"),
        Column("side", "side"),
        Column("row_no", "row_no"),
        Column("code", "code"),
        Column("item", "item"),
        Column("column", "column"),
        Column("amount", "printed", number=True),
        Column("unit", "table__unit"),
        Column("page", "page", number=True),
    ),
    order_by=("table__order", "row_order", "column_order"),
)

PROJECTS = Export(
    filename="projects.csv",
    model=Project,
    disclosure="disclosure",
    columns=(
        *disclosure_columns("disclosure"),
        Column("project_code", "code"),
        Column("project_name", "name"),
        Column("budget", "budget", number=True),
        Column("fiscal_funds", "fiscal_funds", number=True),
        Column("other_funds", "other_funds", number=True),
        Column("purpose", "purpose"),
        Column("unit", "unit"),
        Column("page", "page", number=True),
        # Added after the contract's columns.
        Column("expense_code", "expense_code"),
    ),
    order_by=("order",),
)

INDICATORS = Export(
    filename="indicators.csv",
    model=Indicator,
    disclosure="project__disclosure",
    columns=(
        *disclosure_columns("project__disclosure"),
        Column("project_code", "project__code"),
        Column("level1", "level1"),
        Column("level2", "level2"),
        Column("level3", "level3"),
        Column("description", "description"),
        Column("target", "target"),
        Column("basis", "basis"),
        Column("page", "page", number=True),
        # Added after the contract's columns: the target read as comparator, number and unit.
        Column("comparator", "comparator"),
        Column("target_value", "target_value", number=True),
        Column("target_unit", "target_unit"),
    ),
    order_by=("project__order", "order"),
)

CHECKS = Export(
    filename="checks.csv",
    model=CheckResult,
    disclosure="disclosure",
    columns=(
        *disclosure_columns("disclosure"),
        Column("check", "name"),
        Column("table", "table"),
        Column("row", "row"),
        Column("column", "column"),
        Column("expected", "expected", number=True),
        Column("actual", "actual", number=True),
        Column("difference", "difference", number=True),
        Column("status", "status"),
        # Added after the contract's columns.
        Column("unit", "unit"),
        Column("page", "page", number=True),
        Column("message", "message"),
    ),
    order_by=("order",),
    exclude={"status": CheckResult.Status.NOT_APPLICABLE},
)

EXPORTS = {export.filename: export for export in (LINES, PROJECTS, INDICATORS, CHECKS)}


def csv_cell(value, *, number: bool) -> str:
    """One cell as text: numbers as they are, text guarded against running as a formula."""
    if value is None:
        return ""
    if number:
        if isinstance(value, Decimal) and value.as_tuple().exponent < -2:
            value = value.normalize()
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """A file-like object whose write() hands back what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(export: Export, rows: Iterable[tuple]) -> Iterator[str]:
    """The CSV text in chunks: byte-order mark and header first, ``\\r\\n`` line ends."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    numbers = [column.number for column in export.columns]
    chunk = ["\ufeff", writer.writerow([column.header for column in export.columns])]
    for row in rows:
        chunk.append(writer.writerow([csv_cell(v, number=n) for v, n in zip(row, numbers, strict=True)]))
        if len(chunk) >= ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def export_response(export: Export, disclosures: models.QuerySet[Disclosure]) -> StreamingHttpResponse:
    """Stream one export over the given disclosures; memory stays flat however many rows there are."""
    sources = [column.source for column in export.columns]
    rows = export.queryset(disclosures).values_list(*sources).iterator(chunk_size=CHUNK_SIZE)
    return StreamingHttpResponse(
        csv_lines(export, rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
    )
