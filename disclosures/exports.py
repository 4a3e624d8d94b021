"""The open-data CSV exports (docs/open-data.md): one streaming writer, one column spec per export."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.http import StreamingHttpResponse

from disclosures.models import CheckResult, Disclosure, Indicator, Line, Project, ThreePublic

# A text cell starting with one of these would run as a formula in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 500
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class CsvColumn:
    header: str
    source: str  # a values_list() lookup from the export's model
    number: bool = False  # amounts and other numbers are written as they are, never escaped


@dataclass(frozen=True)
class Export:
    """What one CSV holds: rows of ``model`` under current disclosures, and their columns."""

    filename: str
    model: type[models.Model]
    disclosure: str  # the lookup from ``model`` to its Disclosure
    columns: tuple[CsvColumn, ...]
    order_by: tuple[str, ...]
    exclude: dict | None = None

    def queryset(
        self, disclosures: models.QuerySet[Disclosure], where: dict | None = None
    ) -> models.QuerySet:
        """The rows under ``disclosures``; ``where`` narrows the rows themselves (a page's table or
        code: lines.csv?table=收入总表)."""
        rows = self.model.objects.filter(**{f"{self.disclosure}__in": disclosures}, **(where or {}))
        if self.exclude:
            rows = rows.exclude(**self.exclude)
        return rows.order_by(*self.disclosure_order(), *self.order_by)

    def disclosure_order(self) -> list[str]:
        fields = ("department__code", "department__name", "year", "stage", "level", "pk")
        return [f"{self.disclosure}__{field}" for field in fields]


def disclosure_columns(path: str) -> tuple[CsvColumn, ...]:
    """The five columns that start every export: which disclosure a row belongs to."""
    return (
        CsvColumn("department_code", f"{path}__department__code"),
        CsvColumn("department", f"{path}__department_name"),
        CsvColumn("year", f"{path}__year", number=True),
        CsvColumn("stage", f"{path}__stage"),
        CsvColumn("level", f"{path}__level"),
    )


LINES = Export(
    filename="lines.csv",
    model=Line,
    disclosure="table__disclosure",
    columns=(
        *disclosure_columns("table__disclosure"),
        CsvColumn("table", "table__kind"),
        CsvColumn("table_title", "table__title"),
        CsvColumn("side", "side"),
        CsvColumn("row_no", "row_no"),
        CsvColumn("code", "code"),
        CsvColumn("item", "item"),
        CsvColumn("column", "column"),
        CsvColumn("amount", "printed", number=True),
        CsvColumn("unit", "table__unit"),
        CsvColumn("page", "page", number=True),
    ),
    order_by=("table__order", "row_order", "column_order"),
)

PROJECTS = Export(
    filename="projects.csv",
    model=Project,
    disclosure="disclosure",
    columns=(
        *disclosure_columns("disclosure"),
        CsvColumn("project_code", "code"),
        CsvColumn("project_name", "name"),
        CsvColumn("budget", "budget", number=True),
        CsvColumn("fiscal_funds", "fiscal_funds", number=True),
        CsvColumn("other_funds", "other_funds", number=True),
        CsvColumn("purpose", "purpose"),
        CsvColumn("unit", "unit"),
        CsvColumn("page", "page", number=True),
        # Added after the contract's columns.
        CsvColumn("expense_code", "expense_code"),
    ),
    order_by=("order",),
)

INDICATORS = Export(
    filename="indicators.csv",
    model=Indicator,
    disclosure="project__disclosure",
    columns=(
        *disclosure_columns("project__disclosure"),
        CsvColumn("project_code", "project__code"),
        CsvColumn("level1", "level1"),
        CsvColumn("level2", "level2"),
        CsvColumn("level3", "level3"),
        CsvColumn("description", "description"),
        CsvColumn("target", "target"),
        CsvColumn("basis", "basis"),
        CsvColumn("page", "page", number=True),
        # Added after the contract's columns: the target read as comparator, number and unit.
        CsvColumn("comparator", "comparator"),
        CsvColumn("target_value", "target_value", number=True),
        CsvColumn("target_unit", "target_unit"),
    ),
    order_by=("project__order", "order"),
)

CHECKS = Export(
    filename="checks.csv",
    model=CheckResult,
    disclosure="disclosure",
    columns=(
        *disclosure_columns("disclosure"),
        CsvColumn("check", "name"),
        CsvColumn("table", "table"),
        CsvColumn("row", "row"),
        CsvColumn("column", "column"),
        CsvColumn("expected", "expected", number=True),
        CsvColumn("actual", "actual", number=True),
        CsvColumn("difference", "difference", number=True),
        CsvColumn("status", "status"),
        # Added after the contract's columns.
        CsvColumn("unit", "unit"),
        CsvColumn("page", "page", number=True),
        CsvColumn("message", "message"),
    ),
    order_by=("order",),
    exclude={"status": CheckResult.Status.NOT_APPLICABLE},
)

# Not in the first contract: one row per disclosure with its 三公 figures, from the table and from
# the explanation's prose side by side (the home page's 三公 ranking offers it).
THREE_PUBLIC = Export(
    filename="three_public.csv",
    model=ThreePublic,
    disclosure="disclosure",
    columns=(
        *disclosure_columns("disclosure"),
        *(
            CsvColumn(f"{source}_{figure}", f"{source}_{figure}", number=True)
            for source in ("table", "prose")
            for figure in ThreePublic.FIGURES
        ),
        CsvColumn("table_unit", "table_unit"),
        CsvColumn("table_page", "table_page", number=True),
        CsvColumn("table_disclosed_empty", "table_disclosed_empty"),
        CsvColumn("prose_unit", "prose_unit"),
        CsvColumn("prose_page", "prose_page", number=True),
        CsvColumn("change", "change"),
    ),
    order_by=(),
)

EXPORTS = {export.filename: export for export in (LINES, PROJECTS, INDICATORS, CHECKS, THREE_PUBLIC)}


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


def export_response(
    export: Export, disclosures: models.QuerySet[Disclosure], where: dict | None = None
) -> StreamingHttpResponse:
    """Stream one export over the given disclosures; memory stays flat however many rows there are."""
    sources = [column.source for column in export.columns]
    rows = export.queryset(disclosures, where).values_list(*sources).iterator(chunk_size=CHUNK_SIZE)
    return StreamingHttpResponse(
        csv_lines(export, rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
    )
