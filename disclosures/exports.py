"""The open-data CSV exports (docs/open-data.md): one column spec per export, two streaming writers.

Every export can be written by Python from ``values_list`` rows (``csv_lines``). On PostgreSQL an
export whose columns are all text or integers (lines.csv, by far the largest) is written by
PostgreSQL itself instead: ``COPY (SELECT …) TO STDOUT WITH CSV`` over the very query the Python
writer would run, its text cells guarded against formulas in SQL, its rows passed on as they come
(``copy_lines``). That runs near the rate of COPY (bench/export.py) rather than at a few Python
calls per cell, and writes the same bytes (tests/test_export_fast.py holds the two to each other).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, models
from django.http import StreamingHttpResponse

from disclosures.models import CheckResult, Disclosure, Indicator, Line, Project, ThreePublic

# A text cell starting with one of these would run as a formula in a spreadsheet (one character
# each: the SQL guard compares the first character).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 2000  # rows per chunk of a response written by Python
CHUNK_SIZE = 2000  # rows fetched at a time by the server-side cursor
COPY_CHUNK_BYTES = 1 << 16  # bytes of COPY output gathered into one chunk of a response


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
    return _number_cell(value) if number else _text_cell(value)


def _number_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if value.as_tuple().exponent < -2:
            value = value.normalize()
        return format(value, "f")
    return str(value)


def _text_cell(value) -> str:
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_lines(export: Export, rows: Iterable[tuple]) -> Iterator[str]:
    """The CSV text in chunks: byte-order mark and header first, ``\\r\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    cells = [_number_cell if column.number else _text_cell for column in export.columns]
    buffer.write("\ufeff")
    writer.writerow([column.header for column in export.columns])
    batch = []
    for row in rows:
        batch.append([cell(value) for cell, value in zip(cells, row, strict=True)])
        if len(batch) >= ROWS_PER_CHUNK:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue()


# --- PostgreSQL: the export written by COPY -------------------------------------------------------

# The cells as ``_text_cell`` and ``_number_cell`` write them, computed by PostgreSQL from the
# export's own query: a text starting with a formula character gets a ``'``, and an empty text
# becomes NULL, which COPY writes as nothing (it writes an empty string as ``""``, where
# Python's csv module writes nothing).
_FORMULA_CODES = ", ".join(str(ord(prefix)) for prefix in FORMULA_PREFIXES)
_TEXT_SQL = "CASE WHEN ascii({0}) IN (" + _FORMULA_CODES + ") THEN chr(39) || {0} ELSE NULLIF({0}, '') END"
_NUMBER_SQL = "NULLIF(CAST({0} AS text), '')"
# Field types whose values PostgreSQL writes exactly as the Python writer does (Decimal and
# boolean ones differ: 1.50 against a normalised Decimal, t against True).
_TEXT_FIELDS = (models.CharField, models.TextField)
_NUMBER_FIELDS = (models.IntegerField, *_TEXT_FIELDS)  # an amount kept as printed is text


def copy_applies(export: Export, using: str) -> bool:
    """Whether ``copy_lines`` may write this export: on PostgreSQL, when every column is text or
    an integer."""
    if connections[using].vendor != "postgresql":
        return False
    return all(
        isinstance(_field(export.model, column.source), _NUMBER_FIELDS if column.number else _TEXT_FIELDS)
        for column in export.columns
    )


def _field(model: type[models.Model], lookup: str) -> models.Field:
    *relations, name = lookup.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def copy_statement(export: Export, rows: models.QuerySet) -> tuple[str, tuple]:
    """``COPY (the export's query, its cells as the contract writes them) TO STDOUT`` and its
    parameters (psycopg merges them into the statement).

    The cells are computed over the sorted rows of the query as Django writes it (a subquery
    that PostgreSQL reads in its order), not inside it: the sort then carries only the plain
    columns, as the COPY of the bare query does (bench/export.py)."""
    sources = [column.source for column in export.columns]
    sql, params = rows.values_list(*sources).query.get_compiler(using=rows.db).as_sql()
    names = [f"c{index}" for index in range(len(sources))]
    cells = ", ".join(
        (_NUMBER_SQL if column.number else _TEXT_SQL).format(name)
        for column, name in zip(export.columns, names, strict=True)
    )
    statement = (
        f"COPY (SELECT {cells} FROM ({sql}) AS export_rows ({', '.join(names)})) TO STDOUT WITH (FORMAT csv)"
    )
    return statement, tuple(params)


def copy_lines(export: Export, rows: models.QuerySet) -> Iterator[bytes]:
    """The CSV bytes in chunks, written by PostgreSQL's COPY: byte-order mark and header first.

    COPY ends rows with ``\\n``; the contract's ``\\r\\n`` replaces it outside quoted cells (a
    quoted cell keeps a line break it holds, as Python's csv module does).

    From the first row to the last the COPY has the request's database connection to itself
    (psycopg holds its lock): nothing may query that connection in between, in this thread.
    Django's request cycle does not (the response streams after the middleware has run); a
    stream abandoned half-way is closed, which cancels the COPY."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow([column.header for column in export.columns])
    yield ("\ufeff" + header.getvalue()).encode()
    statement, params = copy_statement(export, rows)
    connection = connections[rows.db]
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        batch: list = []
        size = 0
        for row in copy:  # libpq hands over one whole row at a time
            batch.append(row)
            size += len(row)
            if size >= COPY_CHUNK_BYTES:
                yield _crlf(b"".join(batch))
                batch.clear()
                size = 0
        if batch:
            yield _crlf(b"".join(batch))


def _crlf(data: bytes) -> bytes:
    """Whole CSV rows ending ``\\n`` as rows ending ``\\r\\n``. A line break inside a quoted cell
    (after an odd-numbered ``"``: a doubled quote counts twice) stays as it is; ``data`` is whole
    rows, so it starts outside quotes."""
    if b'"' not in data:
        return data.replace(b"\n", b"\r\n")
    parts = data.split(b'"')
    parts[::2] = [part.replace(b"\n", b"\r\n") for part in parts[::2]]
    return b'"'.join(parts)


def export_response(
    export: Export, disclosures: models.QuerySet[Disclosure], where: dict | None = None
) -> StreamingHttpResponse:
    """Stream one export over the given disclosures; memory stays flat however many rows there are."""
    rows = export.queryset(disclosures, where)
    if copy_applies(export, rows.db):
        content = copy_lines(export, rows)
    else:
        sources = [column.source for column in export.columns]
        content = csv_lines(export, rows.values_list(*sources).iterator(chunk_size=CHUNK_SIZE))
    return StreamingHttpResponse(
        content,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{export.filename}"'},
    )
