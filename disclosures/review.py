"""The identity a disclosure is stored under, and the disclosures kept 待确认 until staff complete it.

What staff give (at upload, on the command line, or when they complete a 待确认 disclosure) wins
over what the file prints, and the parse log notes where the two differ. A readable disclosure
whose department, year or stage neither the file nor staff give is not refused: it is stored as
待确认 with what was read (its tables, explanation and checks, for staff to look at), unpublished
and in no department, until staff fill in what is missing; then it is read again as a normal
upload with that identity, and published (``ingest.ingest_pdf`` does both).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from disclosures import checks, completion, store
from disclosures.models import Disclosure, Level, Stage
from disclosures.parsing import document

# What each identity field is called, in the parse log and the messages.
LABELS = {"department": "部门名称", "code": "部门编码", "year": "年度", "stage": "类型", "level": "级次"}
REQUIRED = ("department", "year", "stage")


@dataclass(frozen=True)
class Identity:
    """Department, year, stage and level a disclosure is stored under, and what could not be read."""

    department: str
    department_code: str
    year: int | None
    stage: str
    level: str
    missing: tuple[str, ...] = ()  # labels of the required fields neither the file nor staff gave
    notes: tuple[str, ...] = field(default=())  # where what staff gave differs from the print


def identity_for_storing(parsed: document.ParsedDisclosure, given: Mapping | None = None) -> Identity:
    """The parsed identity, with each field staff gave in its place (a note where they differ)."""
    given = {key: value for key, value in (given or {}).items() if key in LABELS and value not in (None, "")}
    printed = {
        "department": parsed.department,
        "code": parsed.department_code,
        "year": parsed.year,
        "stage": parsed.stage if parsed.stage in Stage.values else "",
        "level": parsed.level if parsed.level in Level.values else "",
    }
    values = dict(printed)
    notes = []
    for key, value in given.items():
        value = int(value) if key == "year" else str(value).strip()
        if printed[key] not in (None, "") and str(printed[key]) != str(value):
            notes.append(f"{LABELS[key]}：上传时填写“{value}”，文件印的是“{printed[key]}”，以填写的为准")
        values[key] = value
    if "department" in given and "code" not in given and given["department"] != printed["department"]:
        values["code"] = ""  # the printed code is the printed department's, not the one given
    missing = tuple(LABELS[key] for key in REQUIRED if values[key] in (None, ""))
    return Identity(
        department=values["department"] or "",
        department_code=values["code"] or "",
        year=values["year"],
        stage=values["stage"] or "",
        level=values["level"] or Level.DEPARTMENT,
        missing=missing,
        notes=tuple(notes),
    )


def awaiting_review(sha256: str) -> Disclosure | None:
    """The 待确认 disclosure this very file was stored as, if any."""
    return Disclosure.objects.filter(sha256=sha256, status=Disclosure.Status.REVIEW).order_by("-pk").first()


def review_stored(
    disclosure: Disclosure,
    parsed: document.ParsedDisclosure,
    *,
    identity: Identity,
    log: dict,
    parser_version: str,
) -> list[checks.Finding]:
    """Write ``disclosure`` as 待确认: what was read, its checks, no department, not current.

    One transaction; a row stored before (read again) has its earlier contents replaced."""
    results = checks.run_checks(parsed)
    with transaction.atomic():
        if disclosure.pk is not None:
            store.contents_clear(disclosure)
        codes = store.classification_codes_upsert(parsed.tables)
        disclosure.department = None
        disclosure.department_name = identity.department
        disclosure.year, disclosure.stage, disclosure.level = identity.year, identity.stage, identity.level
        disclosure.title = parsed.title
        disclosure.pages = parsed.pages
        disclosure.parser_version = parser_version
        disclosure.status = Disclosure.Status.REVIEW
        disclosure.is_current = False
        disclosure.version = None
        disclosure.tables_source = disclosure.explanation_source = None
        disclosure.has_tables = completion.has_tables(parsed)
        disclosure.has_explanation = completion.has_explanation(parsed)
        disclosure.parse_log = log
        disclosure.refusal = ""
        disclosure.stored_at = timezone.now()
        disclosure.save()
        store.contents_store(disclosure, parsed, results, codes=codes)
    return results


def review_message(disclosure: Disclosure) -> str:
    """Why a disclosure waits, for the admin and the command: 未能识别部门名称、年度."""
    missing = "、".join((disclosure.parse_log or {}).get("missing", [])) or "部门名称、年度或类型"
    return f"未能从文件中识别{missing}；请补填后公开"


def confirmation_requested(disclosure: Disclosure, given: Mapping) -> Disclosure:
    """Staff filled in the identity of a 待确认 disclosure: keep it, and queue the file to be read
    again with it (the caller enqueues the ingest task once this is committed)."""
    updated = Disclosure.objects.filter(pk=disclosure.pk, status=Disclosure.Status.REVIEW).update(
        given_identity={**(disclosure.given_identity or {}), **dict(given)},
        status=Disclosure.Status.PENDING,
    )
    if not updated:
        raise ValueError(f"{disclosure} 不是待确认的公开文件")
    disclosure.refresh_from_db()
    return disclosure
