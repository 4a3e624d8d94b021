"""Rows ↔ the parser's dataclasses, both directions side by side, one field list per part.

``contents_store`` writes a parsed document's contents under a Disclosure row (inside the ingest
service's transaction); ``stored_as_parsed`` reads a stored version back into the dataclasses, so
that a two-part disclosure can be completed from it (``completion.py``). The parser's dataclasses
and the models share field names, so each part has one list of the fields stored as they are.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

from disclosures import checks
from disclosures.models import (
    CheckResult,
    ClassificationCode,
    Disclosure,
    Fact,
    Indicator,
    Line,
    Project,
    Section,
    StatementTable,
    ThreePublic,
    Unit,
)
from disclosures.parsing import document
from disclosures.parsing.kinds import KINDS

# Which classification a table's codes belong to (docs/domain.md, "Classification codes"), as
# each table kind says (kinds.TableKind.codes is the classification's slug).
CODE_KIND_BY_TABLE = {kind.name: ClassificationCode.KIND_BY_SLUG[kind.codes] for kind in KINDS if kind.codes}

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
THREE_PUBLIC_FIELDS = ("table_disclosed_empty", "change", "reason", "sentence", "page")
THREE_PUBLIC_FIGURE_FIELDS = (*ThreePublic.FIGURES, "unit", "page")


def _fields(source, names: tuple[str, ...]) -> dict:
    """The named fields of a parsed dataclass or a stored row: the two share field names."""
    return {name: getattr(source, name) for name in names}


# --- classification codes ------------------------------------------------------------------------


def code_kind(table: document.Table) -> str:
    return CODE_KIND_BY_TABLE.get(table.kind, "")


def _is_classification_code(code: str) -> bool:
    return code.isdigit() and len(code) in ClassificationCode.RANK_BY_LENGTH


def classification_codes_upsert(tables: list[document.Table]) -> dict[tuple[str, str], int]:
    """Create or rename the codes printed in the tables and link each to its parent (its prefix).

    Returns the primary key of every code, by (kind, code). Safe beside other ingests storing
    the same codes at the same moment: new codes are inserted in one order (so two transactions
    never wait on each other's inserts crosswise), an insert another ingest made first is
    skipped (insert-or-get), and the rows to rename or re-parent are locked in key order.
    """
    printed: dict[tuple[str, str], str] = {}
    for table in tables:
        kind = code_kind(table)
        if not kind:
            continue
        for row in table.rows:
            if _is_classification_code(row.code) and not printed.get((kind, row.code)):
                printed[kind, row.code] = row.item
    if not printed:
        return {}

    wanted = set(printed) | {(kind, code[:-2]) for kind, code in printed if len(code) > 3}
    missing = sorted(set(printed) - set(_codes(wanted)))
    ClassificationCode.objects.bulk_create(
        [
            ClassificationCode(
                kind=kind, code=code, name=printed[kind, code], level=ClassificationCode.rank_for(code)
            )
            for kind, code in missing
        ],
        ignore_conflicts=True,
    )
    existing = _codes(wanted)
    stale = [c.pk for key, c in existing.items() if _code_update(c, key, printed, existing)]
    if stale:
        changed = []
        for classification in (
            ClassificationCode.objects.select_for_update().filter(pk__in=stale).order_by("pk")
        ):
            key = (classification.kind, classification.code)
            existing[key] = classification
            if _code_update(classification, key, printed, existing, apply=True):
                changed.append(classification)
        ClassificationCode.objects.bulk_update(changed, ["name", "parent"])
    return {key: classification.pk for key, classification in existing.items()}


def _codes(keys: set[tuple[str, str]]) -> dict[tuple[str, str], ClassificationCode]:
    return {
        (c.kind, c.code): c
        for kind in {kind for kind, _ in keys}
        for c in ClassificationCode.objects.filter(
            kind=kind, code__in=[code for k, code in keys if k == kind]
        )
    }


def _code_update(classification, key, printed, existing, *, apply: bool = False) -> bool:
    """Whether the code's stored name or parent differs from what was printed (and, with
    ``apply``, set them): a printed name wins, and a code's parent is the code it extends."""
    kind, code = key
    name = printed.get(key)
    parent = existing.get((kind, code[:-2])) if len(code) > 3 else None
    rename = bool(name) and classification.name != name
    reparent = parent is not None and classification.parent_id != parent.pk
    if apply:
        if rename:
            classification.name = name
        if reparent:
            classification.parent = parent
    return rename or reparent


# --- dataclasses → rows --------------------------------------------------------------------------


def contents_store(
    disclosure: Disclosure,
    doc: document.ParsedDisclosure,
    results: list[checks.Finding],
    *,
    codes: dict[tuple[str, str], int],
) -> None:
    """Write the document's tables, lines, projects, indicators, 三公, units, facts, sections and
    check results under a saved Disclosure."""
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
                classification_id=codes.get((code_kind(table), row.code)),
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


def _column_order(table: document.Table, column: str, position: int) -> int:
    """The column's place among the table's amount columns; unknown columns go after them."""
    try:
        return table.columns.index(column)
    except ValueError:
        return len(table.columns) + position


def _three_public_fields(three_public: document.ThreePublic) -> dict:
    fields = {
        **_fields(three_public, THREE_PUBLIC_FIELDS),
        "table_found": three_public.table is not None,
        "prose_found": three_public.prose is not None,
    }
    for prefix, figures in (("table", three_public.table), ("prose", three_public.prose)):
        if figures is not None:
            fields |= {f"{prefix}_{name}": getattr(figures, name) for name in THREE_PUBLIC_FIGURE_FIELDS}
    return fields


def contents_clear(disclosure: Disclosure) -> None:
    """Remove what ``contents_store`` wrote under a row, before it is written again (a 待确认
    disclosure stored once more when staff have completed its identity)."""
    disclosure.tables.all().delete()
    disclosure.projects.all().delete()
    ThreePublic.objects.filter(disclosure=disclosure).delete()
    for related in (disclosure.units, disclosure.facts, disclosure.sections, disclosure.checks):
        related.all().delete()


def parse_log(parsed: document.ParsedDisclosure, *, notes: list[str]) -> dict:
    """The parse log stored with a version: what each stage found, what was skipped and why."""
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
        "identity": dict(getattr(log, "identity", {})),  # which evidence decided each field
    }


# --- rows → dataclasses --------------------------------------------------------------------------


def stored_as_parsed(disclosure: Disclosure) -> document.ParsedDisclosure:
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
            **{name: getattr(stored, f"{prefix}_{name}") for name in THREE_PUBLIC_FIGURE_FIELDS}
        )

    return document.ThreePublic(
        **_fields(stored, THREE_PUBLIC_FIELDS),
        table=figures("table") if stored.table_found else None,
        prose=figures("prose") if stored.prose_found else None,
    )
