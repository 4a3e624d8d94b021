"""Store one disclosure PDF: validate → parse → complete → check → one short transaction.

The admin upload (through the task in ``tasks.py``), ``manage.py ingest`` and the tests all call
``ingest_pdf``. Everything is read and built in memory first; the database is written in a
single ``transaction.atomic`` at the end, so a refused or failed file leaves nothing half-stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from disclosures import checks, parsing
from disclosures.models import (
    CheckResult,
    ClassificationCode,
    Department,
    DepartmentAlias,
    Disclosure,
    Fact,
    Indicator,
    Level,
    Line,
    Project,
    Section,
    Stage,
    StatementTable,
    ThreePublic,
    Unit,
)
from disclosures.parsing import RefusedFile, document
from disclosures.parsing.projects import link_projects_to_expense

logger = logging.getLogger(__name__)

# Which classification a table's codes belong to (domain.md, "Classification codes").
CODE_KIND_BY_TABLE = {
    document.INCOME: ClassificationCode.Kind.FUNCTION,
    document.EXPENSE: ClassificationCode.Kind.FUNCTION,
    document.GENERAL_BUDGET_EXPENSE: ClassificationCode.Kind.FUNCTION,
    document.GOV_FUND_EXPENSE: ClassificationCode.Kind.FUNCTION,
    document.STATE_CAPITAL_EXPENSE: ClassificationCode.Kind.FUNCTION,
    document.GENERAL_BUDGET_BASIC: ClassificationCode.Kind.ECONOMIC,
}

# The parser's fields stored as they are, by model.
INDICATOR_FIELDS = (
    "level1",
    "level2",
    "level3",
    "description",
    "target",
    "comparator",
    "target_value",
    "target_unit",
    "basis",
    "page",
)
PROJECT_FIELDS = (
    "code",
    "name",
    "budget",
    "fiscal_funds",
    "other_funds",
    "unit",
    "purpose",
    "spending_plan",
    "goals",
    "expense_code",
    "page",
)
UNIT_FIELDS = ("name", "nature", "rank", "funding", "page")
FACT_FIELDS = ("key", "label", "value", "unit", "sentence", "page")
SECTION_FIELDS = ("number", "title", "text", "page")

# Attempts at storing when another upload of the same disclosure lands in between.
STORE_ATTEMPTS = 3


@dataclass
class IngestResult:
    """What happened to one file: stored as ``disclosure``, or refused with ``refusal``."""

    filename: str
    disclosure: Disclosure | None = None
    refusal: str = ""
    seconds: float = 0.0
    tables: int = 0
    checks_failed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        return not self.refusal and self.disclosure is not None


class _CurrentVersionChanged(Exception):
    """Another version became current while this one was being prepared; prepare again."""


def ingest_pdf(
    *,
    file: str | os.PathLike | File,
    filename: str = "",
    uploaded_by=None,
    disclosure: Disclosure | None = None,
) -> IngestResult:
    """Parse, check and store one disclosure PDF as the current version of its disclosure.

    ``file`` is a path, a Python file opened from a path, or a Django ``File``. With
    ``disclosure`` (a pending upload from the admin) that row becomes the stored version, or records
    the refusal; without it (the command) a refused file leaves the database and the media storage
    exactly as they were.

    The earlier current version of the same (department, year, stage, level) is kept, no longer
    current. When the new file brings only tables or only the explanation, the part it lacks is
    carried over from the earlier version (two-part disclosures).
    """
    timing = _Timing(started=timezone.now(), clock=time.monotonic())
    filename = filename or Path(getattr(file, "name", None) or os.fspath(file)).name
    try:
        with _local_path(file) as path:
            sha256 = _validated_sha256(path, filename=filename)
            if disclosure is not None:
                disclosure.status = Disclosure.Status.PARSING
                disclosure.sha256 = sha256
                disclosure.save(update_fields=["status", "sha256"])
            parsed = parsing.parse_pdf(path, filename=filename, max_pages=settings.DISCLOSURE_MAX_PAGES)
            identity = _identity(parsed, filename=filename)
            if disclosure is None:
                # The file is kept under its sha256 before the transaction; its row is written inside.
                disclosure = _upload_prepared(
                    path=path, sha256=sha256, filename=filename, uploaded_by=uploaded_by
                )
    except RefusedFile as refusal:
        return _refuse(disclosure, filename=filename, message=str(refusal), timing=timing)
    except Exception as error:
        _fail(disclosure, error=error, timing=timing)
        raise

    try:
        for _attempt in range(STORE_ATTEMPTS):
            try:
                return _complete_check_store(disclosure, parsed, identity=identity, timing=timing)
            except _CurrentVersionChanged:
                continue
        raise RuntimeError(f"{filename}：同一公开文件正被反复替换，请稍后重试")
    except Exception as error:
        _fail(disclosure, error=error, timing=timing)
        raise


def disclosure_upload(*, file: File, uploaded_by=None) -> Disclosure:
    """Keep an uploaded PDF as a pending Disclosure, to be parsed by the ingest task."""
    with _local_path(file) as path:
        disclosure = _upload_prepared(
            path=path, sha256=_sha256(path), filename=Path(file.name).name, uploaded_by=uploaded_by
        )
    disclosure.save()
    return disclosure


def department_merge(*, departments: list[Department]) -> Department:
    """Merge several names of one department into one: move their disclosures, keep the names.

    The department that prints a code (else the one with most disclosures, else the oldest) is
    kept; the others' names and aliases become its aliases. Where both had a current version of
    the same disclosure, the one uploaded last stays current and supersedes the other.
    """
    with transaction.atomic():
        departments = list(
            Department.objects.select_for_update().filter(pk__in=[d.pk for d in departments]).order_by("pk")
        )
        counts = {d.pk: d.disclosures.count() for d in departments}
        kept = min(departments, key=lambda d: (not d.code, -counts[d.pk], d.pk))
        for other in departments:
            if other.pk == kept.pk:
                continue
            for disclosure in other.disclosures.filter(is_current=True).select_for_update():
                clash = Disclosure.objects.filter(
                    department=kept,
                    year=disclosure.year,
                    stage=disclosure.stage,
                    level=disclosure.level,
                    is_current=True,
                ).first()
                if clash is None:
                    continue
                older, newer = sorted([clash, disclosure], key=lambda d: (d.uploaded_at, d.pk))
                older.is_current = False
                older.superseded_by = newer
                older.save(update_fields=["is_current", "superseded_by"])
            other.disclosures.update(department=kept)
            other.aliases.update(department=kept)
            if other.name != kept.name and not DepartmentAlias.objects.filter(name=other.name).exists():
                DepartmentAlias.objects.create(department=kept, name=other.name)
            other.delete()
    return kept


# --- reading -------------------------------------------------------------------------------------


@dataclass
class _Timing:
    started: object
    clock: float

    def log(self) -> dict:
        finished = timezone.now()
        return {
            "started": self.started.isoformat(),
            "finished": finished.isoformat(),
            "seconds": round(time.monotonic() - self.clock, 3),
        }


@dataclass(frozen=True)
class _Identity:
    department: str
    department_code: str
    year: int
    stage: str
    level: str


@contextlib.contextmanager
def _local_path(file) -> Iterator[Path]:
    """A filesystem path for ``file``: itself, where it already lies on disk, or a temporary copy."""
    if isinstance(file, str | os.PathLike):
        yield Path(file)
        return
    local = _filesystem_path(file)
    if local is not None:
        yield local
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
        if hasattr(file, "chunks"):  # a Django File: chunks() reads it from the start
            for chunk in file.chunks():
                copy.write(chunk)
        else:
            file.seek(0)
            shutil.copyfileobj(file, copy)
        copy.flush()
        yield Path(copy.name)


def _filesystem_path(file) -> Path | None:
    if hasattr(file, "temporary_file_path"):  # a large upload Django already wrote to disk
        return Path(file.temporary_file_path())
    try:
        local = file.path  # a FieldFile on a filesystem storage
    except (AttributeError, NotImplementedError, ValueError):
        local = None
    if local is None:
        raw = getattr(file, "file", None) if isinstance(file, File) else file
        if isinstance(raw, io.FileIO | io.BufferedReader) and isinstance(raw.name, str):
            local = raw.name  # a Python file opened from a path
    return Path(local) if local and Path(local).is_file() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _validated_sha256(path: Path, *, filename: str) -> str:
    if not path.is_file():
        raise RefusedFile("文件不存在", filename=filename)
    limit = settings.DISCLOSURE_MAX_UPLOAD_MB
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        raise RefusedFile(f"文件大小 {size / 1024 / 1024:.1f} MB，超过上限 {limit} MB", filename=filename)
    return _sha256(path)


def _identity(parsed: document.ParsedDisclosure, *, filename: str) -> _Identity:
    """Department, year, stage and level identify a disclosure; without them it cannot be stored."""
    if not parsed.department:
        raise RefusedFile("未能识别部门名称", filename=filename)
    if parsed.year is None:
        raise RefusedFile("未能识别预算年度", filename=filename)
    if parsed.stage not in Stage.values:
        raise RefusedFile("未能识别是部门预算还是部门决算", filename=filename)
    return _Identity(
        department=parsed.department,
        department_code=parsed.department_code,
        year=parsed.year,
        stage=parsed.stage,
        level=parsed.level if parsed.level in Level.values else Level.DEPARTMENT,
    )


def _upload_prepared(*, path: Path, sha256: str, filename: str, uploaded_by) -> Disclosure:
    """An unsaved pending Disclosure whose file is in the media storage, kept once per sha256."""
    disclosure = Disclosure(sha256=sha256, original_filename=filename, uploaded_by=uploaded_by)
    field = Disclosure._meta.get_field("source_file")
    name = field.generate_filename(disclosure, filename)
    storage = field.storage
    if not storage.exists(name):
        with path.open("rb") as handle:
            name = storage.save(name, File(handle))
    disclosure.source_file.name = name
    return disclosure


def _refuse(disclosure: Disclosure | None, *, filename: str, message: str, timing: _Timing) -> IngestResult:
    log = timing.log()
    if disclosure is not None and disclosure.pk is not None:
        disclosure.status = Disclosure.Status.REFUSED
        disclosure.refusal = message
        disclosure.parse_log = log
        disclosure.save(update_fields=["status", "refusal", "parse_log"])
    logger.info("refused %s: %s", filename, message)
    return IngestResult(filename=filename, disclosure=disclosure, refusal=message, seconds=log["seconds"])


def _fail(disclosure: Disclosure | None, *, error: Exception, timing: _Timing) -> None:
    """Record an unexpected error on an upload that has a row (the command's have none yet)."""
    if disclosure is None or disclosure.pk is None:
        return
    logger.exception("ingest of %s failed", disclosure.original_filename)
    Disclosure.objects.filter(pk=disclosure.pk).update(
        status=Disclosure.Status.FAILED,
        refusal=f"解析时出错（{type(error).__name__}）：{error}",
        parse_log=timing.log(),
    )


# --- completing a two-part disclosure ------------------------------------------------------------


def _has_tables(doc: document.ParsedDisclosure) -> bool:
    """Whether the file brings the statement tables: any of the nine standard tables (an
    explanation PDF may still print its own small tables, such as 固定资产占用情况表)."""
    return any(table.is_standard for table in doc.tables)


def _has_explanation(doc: document.ParsedDisclosure) -> bool:
    prose_three_public = doc.three_public is not None and doc.three_public.prose is not None
    return bool(doc.sections or doc.facts or doc.units or doc.projects or prose_three_public)


@dataclass
class _Completed:
    doc: document.ParsedDisclosure
    tables_source: Disclosure | None = None
    explanation_source: Disclosure | None = None
    notes: list[str] = field(default_factory=list)


def _completed(parsed: document.ParsedDisclosure, previous: Disclosure | None) -> _Completed:
    """The new file plus whatever part of the previous version it lacks."""
    if previous is None:
        return _Completed(parsed)
    doc = replace(parsed)
    completed = _Completed(doc)
    earlier = None
    if not _has_tables(parsed) and previous.has_tables:
        earlier = _as_parsed(previous)
        doc.tables = earlier.tables
        doc.three_public = _three_public_merged(
            tables_from=earlier.three_public, prose_from=parsed.three_public
        )
        completed.tables_source = previous.tables_source or previous
        completed.notes.append(
            f"本文件没有表格；表格沿用第{previous.version}版（{previous.original_filename}）"
        )
    if not _has_explanation(parsed) and previous.has_explanation:
        earlier = earlier or _as_parsed(previous)
        doc.sections, doc.facts, doc.units, doc.projects = (
            earlier.sections,
            earlier.facts,
            earlier.units,
            earlier.projects,
        )
        doc.three_public = _three_public_merged(tables_from=doc.three_public, prose_from=earlier.three_public)
        completed.explanation_source = previous.explanation_source or previous
        completed.notes.append(
            f"本文件没有情况说明；说明沿用第{previous.version}版（{previous.original_filename}）"
        )
    if earlier is not None:
        # Projects and tables now come from different files: link them on the whole.
        link_projects_to_expense(doc.projects, doc.tables)
    return completed


def _three_public_merged(
    *, tables_from: document.ThreePublic | None, prose_from: document.ThreePublic | None
) -> document.ThreePublic | None:
    if tables_from is None and prose_from is None:
        return None
    tables_from = tables_from or document.ThreePublic()
    prose_from = prose_from or document.ThreePublic()
    return document.ThreePublic(
        table=tables_from.table,
        table_disclosed_empty=tables_from.table_disclosed_empty,
        prose=prose_from.prose,
        change=prose_from.change,
        reason=prose_from.reason,
        sentence=prose_from.sentence,
        page=prose_from.page,
    )


def _as_parsed(disclosure: Disclosure) -> document.ParsedDisclosure:
    """A stored version read back into the parser's dataclasses, to complete a new version."""
    tables = []
    for stored in disclosure.tables.prefetch_related("lines").order_by("order"):
        rows: dict[int, document.Row] = {}
        for line in stored.lines.all():
            row = rows.get(line.row_order)
            if row is None:
                row = rows[line.row_order] = document.Row(
                    item=line.item, page=line.page, code=line.code, row_no=line.row_no, side=line.side
                )
            path = tuple(stored.column_paths.get(line.column, ()))
            amount = document.Amount(column=line.column, value=Decimal(line.printed), column_path=path)
            row.amounts.append(amount)
        tables.append(
            document.Table(
                kind=stored.kind,
                title=stored.title,
                pages=list(stored.pages),
                unit=stored.unit,
                columns=list(stored.columns),
                rows=[rows[order] for order in sorted(rows)],
                empty_note=stored.empty_note,
            )
        )
    projects = [
        document.Project(
            **_fields(project, PROJECT_FIELDS),
            indicators=[document.Indicator(**_fields(i, INDICATOR_FIELDS)) for i in project.indicators.all()],
        )
        for project in disclosure.projects.prefetch_related("indicators")
    ]
    return document.ParsedDisclosure(
        pages=disclosure.pages or 0,
        department=disclosure.department_name,
        department_code=disclosure.department.code if disclosure.department else "",
        year=disclosure.year,
        stage=disclosure.stage,
        level=disclosure.level,
        title=disclosure.title,
        tables=tables,
        projects=projects,
        three_public=_three_public_as_parsed(disclosure),
        units=[document.UnitInfo(**_fields(u, UNIT_FIELDS)) for u in disclosure.units.all()],
        facts=[document.Fact(**_fields(f, FACT_FIELDS)) for f in disclosure.facts.all()],
        sections=[document.Section(**_fields(s, SECTION_FIELDS)) for s in disclosure.sections.all()],
    )


def _three_public_as_parsed(disclosure: Disclosure) -> document.ThreePublic | None:
    stored = ThreePublic.objects.filter(disclosure=disclosure).first()
    if stored is None:
        return None

    def figures(prefix: str) -> document.ThreePublicFigures:
        return document.ThreePublicFigures(
            **{name: getattr(stored, f"{prefix}_{name}") for name in ThreePublic.FIGURES},
            unit=getattr(stored, f"{prefix}_unit"),
            page=getattr(stored, f"{prefix}_page"),
        )

    return document.ThreePublic(
        table=figures("table") if stored.table_found else None,
        table_disclosed_empty=stored.table_disclosed_empty,
        prose=figures("prose") if stored.prose_found else None,
        change=stored.change,
        reason=stored.reason,
        sentence=stored.sentence,
        page=stored.page,
    )


# --- storing -------------------------------------------------------------------------------------


def _complete_check_store(
    disclosure: Disclosure, parsed: document.ParsedDisclosure, *, identity: _Identity, timing: _Timing
) -> IngestResult:
    department = Department.objects.find_printed(code=identity.department_code, name=identity.department)
    previous = _current_version(department, identity) if department else None
    completed = _completed(parsed, previous)
    results = checks.run_checks(completed.doc)
    log = _parse_log(parsed, notes=completed.notes) | timing.log()

    with transaction.atomic():
        department = _department_for_storing(department, identity)
        locked = _current_version(department, identity, lock=True)
        if (locked.pk if locked else None) != (previous.pk if previous else None):
            raise _CurrentVersionChanged
        codes = _classification_codes_upsert(completed.doc.tables)
        key = {
            "department": department,
            "year": identity.year,
            "stage": identity.stage,
            "level": identity.level,
        }
        latest = Disclosure.objects.filter(**key).exclude(pk=disclosure.pk).aggregate(Max("version"))
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])

        doc = completed.doc
        disclosure.department = department
        disclosure.department_name = identity.department
        disclosure.year, disclosure.stage, disclosure.level = identity.year, identity.stage, identity.level
        disclosure.title = doc.title or (previous.title if previous else "")
        disclosure.pages = parsed.pages
        disclosure.status = Disclosure.Status.STORED
        disclosure.is_current = True
        disclosure.version = (latest["version__max"] or 0) + 1
        disclosure.tables_source = completed.tables_source
        disclosure.explanation_source = completed.explanation_source
        disclosure.has_tables = _has_tables(doc)
        disclosure.has_explanation = _has_explanation(doc)
        disclosure.parse_log = log
        disclosure.refusal = ""
        disclosure.stored_at = timezone.now()
        disclosure.save()
        if previous is not None:
            previous.superseded_by = disclosure
            previous.save(update_fields=["superseded_by"])
        _contents_store(disclosure, doc, results, codes=codes)

    failed = sum(result.status == checks.FAILED for result in results)
    logger.info("stored %s as %s", disclosure.original_filename, disclosure)
    return IngestResult(
        filename=disclosure.original_filename,
        disclosure=disclosure,
        seconds=log["seconds"],
        tables=len(doc.tables),
        checks_failed=failed,
        notes=completed.notes,
    )


def _current_version(department: Department, identity: _Identity, *, lock: bool = False) -> Disclosure | None:
    queryset = Disclosure.objects.current().filter(
        department=department, year=identity.year, stage=identity.stage, level=identity.level
    )
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def _department_for_storing(found: Department | None, identity: _Identity) -> Department:
    """The department found before the transaction, or a new one; printed names become aliases."""
    department = found or Department.objects.find_printed(
        code=identity.department_code, name=identity.department
    )
    if department is None:
        return Department.objects.create(code=identity.department_code, name=identity.department)
    if identity.department_code and not department.code:
        department.code = identity.department_code
        department.save(update_fields=["code"])
    known = (
        department.name == identity.department
        or DepartmentAlias.objects.filter(name=identity.department).exists()
    )
    if not known:
        DepartmentAlias.objects.create(department=department, name=identity.department)
    return department


def _code_kind(table: document.Table) -> str:
    return CODE_KIND_BY_TABLE.get(table.kind, "")


def _is_classification_code(code: str) -> bool:
    return code.isdigit() and len(code) in ClassificationCode.RANK_BY_LENGTH


def _classification_codes_upsert(tables: list[document.Table]) -> dict[tuple[str, str], int]:
    """Create or rename the codes printed in the tables and link each to its parent (its prefix).

    Returns the primary key of every code, by (kind, code).
    """
    printed: dict[tuple[str, str], str] = {}
    for table in tables:
        kind = _code_kind(table)
        if not kind:
            continue
        for row in table.rows:
            if _is_classification_code(row.code) and not printed.get((kind, row.code)):
                printed[kind, row.code] = row.item
    if not printed:
        return {}

    wanted = set(printed) | {(kind, code[:-2]) for kind, code in printed if len(code) > 3}
    existing = {
        (c.kind, c.code): c
        for kind in {kind for kind, _ in wanted}
        for c in ClassificationCode.objects.filter(
            kind=kind, code__in=[code for k, code in wanted if k == kind]
        )
    }
    renamed = []
    for key, name in printed.items():
        found = existing.get(key)
        if found is None:
            existing[key] = ClassificationCode(
                kind=key[0], code=key[1], name=name, level=ClassificationCode.rank_for(key[1])
            )
        elif name and found.name != name:
            found.name = name
            renamed.append(found)
    ClassificationCode.objects.bulk_create([c for c in existing.values() if c.pk is None])
    ClassificationCode.objects.bulk_update(renamed, ["name"])

    with_new_parent = []
    for (kind, code), classification in existing.items():
        parent = existing.get((kind, code[:-2])) if len(code) > 3 else None
        if parent is not None and classification.parent_id != parent.pk:
            classification.parent = parent
            with_new_parent.append(classification)
    ClassificationCode.objects.bulk_update(with_new_parent, ["parent"])
    return {key: classification.pk for key, classification in existing.items()}


def _contents_store(
    disclosure: Disclosure,
    doc: document.ParsedDisclosure,
    results: list[checks.CheckResult],
    *,
    codes: dict[tuple[str, str], int],
) -> None:
    tables = StatementTable.objects.bulk_create(
        StatementTable(
            disclosure=disclosure,
            order=order,
            kind=table.kind,
            title=table.title,
            unit=table.unit,
            pages=list(table.pages),
            columns=list(table.columns),
            column_paths={
                amount.column: list(amount.column_path)
                for row in table.rows
                for amount in row.amounts
                if amount.column_path
            },
            empty_note=table.empty_note,
            is_standard=table.is_standard,
        )
        for order, table in enumerate(doc.tables)
    )
    Line.objects.bulk_create(
        (
            Line(
                table=stored,
                row_order=row_order,
                column_order=_column_order(table, amount.column, position),
                side=row.side,
                row_no=row.row_no,
                code=row.code,
                classification_id=codes.get((_code_kind(table), row.code)),
                item=row.item,
                column=amount.column,
                amount=amount.value,
                printed=str(amount.value),
                page=row.page,
            )
            for stored, table in zip(tables, doc.tables, strict=True)
            for row_order, row in enumerate(table.rows)
            for position, amount in enumerate(row.amounts)
        ),
        batch_size=2000,
    )
    projects = Project.objects.bulk_create(
        Project(disclosure=disclosure, order=order, **_fields(project, PROJECT_FIELDS))
        for order, project in enumerate(doc.projects)
    )
    Indicator.objects.bulk_create(
        Indicator(project=stored, order=order, **_fields(indicator, INDICATOR_FIELDS))
        for stored, project in zip(projects, doc.projects, strict=True)
        for order, indicator in enumerate(project.indicators)
    )
    if doc.three_public is not None:
        ThreePublic.objects.create(disclosure=disclosure, **_three_public_fields(doc.three_public))
    Unit.objects.bulk_create(
        Unit(disclosure=disclosure, order=order, **_fields(unit, UNIT_FIELDS))
        for order, unit in enumerate(doc.units)
    )
    Fact.objects.bulk_create(
        Fact(disclosure=disclosure, order=order, **_fields(fact, FACT_FIELDS))
        for order, fact in enumerate(doc.facts)
    )
    Section.objects.bulk_create(
        Section(disclosure=disclosure, order=order, **_fields(section, SECTION_FIELDS))
        for order, section in enumerate(doc.sections)
    )
    CheckResult.objects.bulk_create(
        CheckResult(
            disclosure=disclosure,
            order=order,
            name=result.check,
            status=result.status,
            table=result.table,
            row=result.row,
            column=result.column,
            expected=result.expected,
            actual=result.actual,
            difference=result.difference,
            unit=result.unit,
            page=result.page,
            message=result.message,
        )
        for order, result in enumerate(results)
    )


def _fields(source, names: tuple[str, ...]) -> dict:
    """The named fields of a parsed dataclass or a stored row: the two share field names."""
    return {name: getattr(source, name) for name in names}


def _column_order(table: document.Table, column: str, position: int) -> int:
    """The column's place among the table's amount columns; unknown columns go after them."""
    try:
        return table.columns.index(column)
    except ValueError:
        return len(table.columns) + position


def _three_public_fields(three_public: document.ThreePublic) -> dict:
    fields: dict[str, object] = {
        "table_found": three_public.table is not None,
        "table_disclosed_empty": three_public.table_disclosed_empty,
        "prose_found": three_public.prose is not None,
        "change": three_public.change,
        "reason": three_public.reason,
        "sentence": three_public.sentence,
        "page": three_public.page,
    }
    for prefix, figures in (("table", three_public.table), ("prose", three_public.prose)):
        if figures is None:
            continue
        for name in ThreePublic.FIGURES:
            fields[f"{prefix}_{name}"] = getattr(figures, name)
        fields[f"{prefix}_unit"] = figures.unit
        fields[f"{prefix}_page"] = figures.page
    return fields


def _parse_log(parsed: document.ParsedDisclosure, *, notes: list[str]) -> dict:
    log = parsed.log
    return {
        "pages": log.pages or parsed.pages,
        "pages_with_text": log.pages_with_text,
        "tables_found": log.tables_found,
        "tables": log.tables or len(parsed.tables),
        "rows": log.rows or sum(len(table.rows) for table in parsed.tables),
        "amounts": log.amounts or sum(len(row.amounts) for table in parsed.tables for row in table.rows),
        "projects": len(parsed.projects),
        "skipped": [asdict(skipped) for skipped in log.skipped],
        "notes": [*log.notes, *notes],
    }
