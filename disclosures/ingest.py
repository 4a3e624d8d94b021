"""Store one disclosure PDF: validate → parse (bounded) → complete → check → one short transaction.

The admin upload (through the task in ``tasks.py``), ``manage.py ingest`` and the tests all call
``ingest_pdf``. Everything is read and built in memory first; the database is written in a
single ``transaction.atomic`` at the end, so a refused or failed file leaves nothing half-stored.
Whatever happens, ``ingest_pdf`` returns an ``IngestResult`` with a message; it does not raise.

This module only orchestrates; the stages live beside it:

- ``uploads.py``: the file handed in, its size, its sha256, its place in the media storage;
- ``isolation.py``: the parse, in a child process with a time and a memory limit;
- ``departments.py``: which department a printed name and code belong to (created and locked
  safely beside concurrent ingests), and merging names;
- ``completion.py``: a two-part disclosure completed from its earlier version (pure);
- ``store.py``: the parsed dataclasses written as rows, and stored rows read back.

Concurrent ingests (several staff, a bulk ingest with several workers) store one after the
other per department: each takes the department's row lock before it reads or replaces the
current version, so nothing is retried and no ingest can lose a race. The same file read by
the same parser again is 未变化: nothing is parsed or stored (``reparse=True`` forces it).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from disclosures import checks, completion, isolation, review, store, uploads
from disclosures.departments import department_locked, department_merge
from disclosures.models import Department, Disclosure
from disclosures.parsing import RefusedFile, document
from disclosures.parsing.errors import ParserBug
from disclosures.uploads import disclosure_upload

__all__ = ["IngestResult", "department_merge", "disclosure_upload", "ingest_pdf", "parser_version"]

logger = logging.getLogger(__name__)

# What happened to a file (IngestResult.outcome).
STORED = "stored"  # a new current version
COMPLETED = "completed"  # a new current version, one part carried over from the earlier one
UNCHANGED = "unchanged"  # this very file, read by this parser, is already (part of) the current version
REVIEW = "review"  # stored unpublished as 待确认: its department, year or stage could not be read
REFUSED = "refused"  # not a readable disclosure: the message says why; nothing stored
FAILED = "failed"  # an error of ours: logged with a reference; nothing stored
OUTCOME_LABELS = {
    STORED: "已入库",
    COMPLETED: "已入库（补全）",
    UNCHANGED: "未变化",
    REVIEW: "待确认",
    REFUSED: "已拒收",
    FAILED: "解析出错",
}

# An upload still 解析中 this long after the parse's own limit has lost its worker.
ABANDONED_AFTER_SECONDS = 300


@dataclass
class IngestResult:
    """What happened to one file (``outcome``), the version it is now, and the message."""

    filename: str
    outcome: str = STORED
    disclosure: Disclosure | None = None  # stored, completed: the new version; unchanged: the current one
    refusal: str = ""  # refused, failed: the message for the user (names the file)
    seconds: float = 0.0
    tables: int = 0
    checks_failed: int = 0
    notes: list[str] = field(default_factory=list)
    reference: str = ""  # failed: the reference under which the log has the details
    peak_memory: int = 0  # bytes: the parse's peak resident memory, in its child process

    @property
    def stored(self) -> bool:
        return self.outcome in (STORED, COMPLETED)

    @property
    def label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome, self.outcome)


def ingest_pdf(
    *,
    file: str | os.PathLike | File,
    filename: str = "",
    uploaded_by=None,
    disclosure: Disclosure | None = None,
    reparse: bool = False,
    given: Mapping | None = None,
    while_parsing: Callable[[], AbstractContextManager] | None = None,
) -> IngestResult:
    """Parse, check and store one disclosure PDF as the current version of its disclosure.

    ``file`` is a path, a Python file opened from a path, or a Django ``File``. With
    ``disclosure`` (a pending upload from the admin) that row becomes the stored version, or records
    the refusal; without it (the command) a refused file leaves the database and the media storage
    exactly as they were.

    The earlier current version of the same (department, year, stage, level) is kept, no longer
    current. When the new file brings only tables or only the explanation, the part it lacks is
    carried over from the earlier version (two-part disclosures). A file whose bytes the current
    version was already read from by this parser is ``UNCHANGED`` unless ``reparse``.

    ``given`` is what staff know of the file (department, code, year, stage, level): it wins over
    what the file prints (review.py). A readable file whose department, year or stage neither
    gives is stored unpublished as ``REVIEW`` (待确认); the same file ingested again with them, or
    the 待确认 row read again after staff completed it, becomes a stored version.

    ``while_parsing`` is entered around the parse (in its child process) and nothing else: a bulk
    ingest of several files at a time releases its hold on the database there (management
    command ``ingest --jobs``), so that parses overlap while reads and stores do not.
    """
    timing = _Timing(started=timezone.now(), clock=time.monotonic())
    filename = filename or Path(getattr(file, "name", None) or os.fspath(file)).name
    bounded = None
    try:
        with uploads.local_path(file) as path:
            sha256 = uploads.validated_sha256(path, filename=filename)
            same = None if reparse else _current_reading_of(sha256)
            if same is not None:
                return _unchanged(disclosure, same, filename=filename, timing=timing)
            waiting = review.awaiting_review(sha256) if disclosure is None else None
            if waiting is not None and not (given or reparse):
                return _still_in_review(waiting, filename=filename, timing=timing)
            disclosure = disclosure or waiting
            if disclosure is not None:
                disclosure.status = Disclosure.Status.PARSING
                disclosure.sha256 = sha256
                disclosure.parse_log = {"started": timing.started.isoformat()}
                disclosure.save(update_fields=["status", "sha256", "parse_log"])
            with while_parsing() if while_parsing else nullcontext():
                bounded = isolation.parse_bounded(
                    path, filename=filename, max_pages=settings.DISCLOSURE_MAX_PAGES, limits=parse_limits()
                )
            if bounded.bug is not None:
                raise bounded.bug
            if bounded.refusal is not None:
                if bounded.details:
                    logger.warning("parse of %s ended abnormally: %s", filename, bounded.details)
                raise bounded.refusal
            identity = review.identity_for_storing(bounded.parsed, given)
            if disclosure is None:
                # The file is kept under its sha256 before the transaction; its row is written inside.
                disclosure = uploads.upload_prepared(
                    path=path, sha256=sha256, filename=filename, uploaded_by=uploaded_by
                )
            if given:
                disclosure.given_identity = {**(disclosure.given_identity or {}), **dict(given)}
        result = _complete_check_store(
            disclosure,
            bounded.parsed,
            identity=identity,
            timing=timing,
            peak_memory=bounded.peak_memory,
            reparse=reparse,
        )
    except RefusedFile as refusal:
        result = _refuse(disclosure, filename=filename, message=str(refusal), timing=timing)
    except Exception as error:
        result = _fail(disclosure, filename=filename, error=error, timing=timing)
    result.peak_memory = bounded.peak_memory if bounded is not None else 0
    return result


def parse_limits() -> isolation.Limits:
    """The limits of one parse, from the settings (DISCLOSURE_PARSE_SECONDS, …_MEMORY_MB)."""
    return isolation.Limits(
        seconds=settings.DISCLOSURE_PARSE_SECONDS, memory=settings.DISCLOSURE_PARSE_MEMORY_MB * 1024 * 1024
    )


@functools.cache
def parser_version() -> str:
    """What read the files: a digest of the parser's and the checks' source and of the PDF
    libraries' versions. A change to any of them makes every file worth reading again."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    sources = [
        *here.joinpath("parsing").rglob("*.py"),
        *here.joinpath("checks").rglob("*.py"),
        *here.glob("checks.py"),
    ]
    for source in sorted(sources):
        digest.update(source.relative_to(here).as_posix().encode())
        digest.update(source.read_bytes())
    for library in ("pdfplumber", "pdfminer.six", "pypdfium2"):
        digest.update(importlib.metadata.version(library).encode())
    # The page layer (parsing.pdf.reading_pages): PDFium by default, pdfminer when asked.
    digest.update(("pdfminer" if os.environ.get("DISCLOSURE_PDF_LAYER") == "pdfminer" else "pdfium").encode())
    return digest.hexdigest()[:16]


def abandoned_parses_failed(*, now: datetime | None = None) -> int:
    """Uploads left 解析中 by a parse that cannot still be running (its worker died or was
    stopped) become 解析出错 with the reason, for staff to retry. Returns how many."""
    now = now or timezone.now()
    after = settings.DISCLOSURE_PARSE_SECONDS + ABANDONED_AFTER_SECONDS
    count = 0
    for disclosure in Disclosure.objects.filter(status=Disclosure.Status.PARSING):
        started = _started(disclosure)
        if now - started < timedelta(seconds=after):
            continue
        message = (
            f"{disclosure.original_filename}：解析中断（开始于 {timezone.localtime(started):%Y-%m-%d %H:%M}，"
            f"{after:g} 秒后仍未完成，解析进程已退出）；可选中后用“重新解析”再试"
        )
        count += Disclosure.objects.filter(pk=disclosure.pk, status=Disclosure.Status.PARSING).update(
            status=Disclosure.Status.FAILED, refusal=message
        )
    return count


def uploads_requeued(pks: list[int]) -> list[int]:
    """Uploads that failed, were refused, or were abandoned 解析中, back to 等待解析 to be parsed
    again (after a fix, or with higher limits); the others are left as they are. Returns the
    keys of those re-queued: the caller enqueues their task."""
    abandoned_parses_failed()
    retried = Disclosure.Status.FAILED, Disclosure.Status.REFUSED
    requeued = list(Disclosure.objects.filter(pk__in=pks, status__in=retried).values_list("pk", flat=True))
    Disclosure.objects.filter(pk__in=requeued, status__in=retried).update(
        status=Disclosure.Status.PENDING, refusal="", parse_log={}, superseded_by=None
    )
    return requeued


def _started(disclosure: Disclosure) -> datetime:
    try:
        return datetime.fromisoformat(disclosure.parse_log["started"])
    except (KeyError, TypeError, ValueError):
        return disclosure.uploaded_at


@dataclass
class _Timing:
    started: datetime
    clock: float

    def log(self) -> dict:
        finished = timezone.now()
        return {
            "started": self.started.isoformat(),
            "finished": finished.isoformat(),
            "seconds": round(time.monotonic() - self.clock, 3),
        }


def _still_in_review(waiting: Disclosure, *, filename: str, timing: _Timing) -> IngestResult:
    """The file is already kept 待确认 and nothing new is known of it: it stays so, unread."""
    return IngestResult(
        filename=filename,
        outcome=REVIEW,
        disclosure=waiting,
        seconds=timing.log()["seconds"],
        tables=waiting.tables.count(),
        checks_failed=waiting.checks.filter(status=checks.FAILED).count(),
        notes=[f"已于 {timezone.localtime(waiting.uploaded_at):%Y-%m-%d %H:%M} 上传，仍待确认"],
    )


# --- outcomes without a new version --------------------------------------------------------------


def _same_reading(sha256: str) -> Q:
    """Current versions read, by this parser, from this file: as a whole, or the part they carry."""
    version = parser_version()
    return (
        Q(sha256=sha256, parser_version=version)
        | Q(tables_source__sha256=sha256, tables_source__parser_version=version)
        | Q(explanation_source__sha256=sha256, explanation_source__parser_version=version)
    )


def _current_reading_of(sha256: str, **identity) -> Disclosure | None:
    return Disclosure.objects.current().filter(_same_reading(sha256), **identity).first()


def _unchanged(
    disclosure: Disclosure | None, same: Disclosure, *, filename: str, timing: _Timing
) -> IngestResult:
    """Nothing to do: the file is already read into the current version ``same``. A pending
    upload of it records that, pointing to ``same``, and stays unpublished."""
    message = f"{filename}：未变化，与已入库的{same}为同一文件，未重新解析"
    if disclosure is not None and disclosure.pk is not None and disclosure.pk != same.pk:
        Disclosure.objects.filter(pk=disclosure.pk).update(
            status=Disclosure.Status.REFUSED, refusal=message, superseded_by=same, parse_log=timing.log()
        )
    logger.info("unchanged %s: %s", filename, same)
    return IngestResult(
        filename=filename, outcome=UNCHANGED, disclosure=same, refusal="", seconds=timing.log()["seconds"]
    )


def _refuse(disclosure: Disclosure | None, *, filename: str, message: str, timing: _Timing) -> IngestResult:
    log = timing.log()
    if disclosure is not None and disclosure.pk is not None:
        disclosure.status = Disclosure.Status.REFUSED
        disclosure.refusal = message
        disclosure.parse_log = log
        disclosure.save(update_fields=["status", "refusal", "parse_log"])
    logger.info("refused %s: %s", filename, message)
    return IngestResult(
        filename=filename, outcome=REFUSED, disclosure=disclosure, refusal=message, seconds=log["seconds"]
    )


def _fail(disclosure: Disclosure | None, *, filename: str, error: Exception, timing: _Timing) -> IngestResult:
    """An error of ours: logged with its traceback under a reference, shown as 解析出错 with it."""
    reference = uuid.uuid4().hex[:8]
    if isinstance(error, ParserBug):
        summary = error.summary
        logger.error("解析出错 [%s] %s: %s\n%s", reference, filename, summary, error.details)
    else:
        summary = f"{type(error).__name__}: {error}"[:500]
        logger.error("解析出错 [%s] %s: %s", reference, filename, summary, exc_info=error)
    message = f"{filename}：解析出错（编号 {reference}）：{summary}；详细信息已记入日志"
    log = timing.log() | {"reference": reference}
    row = disclosure if disclosure is not None and disclosure.pk is not None else None
    if row is not None:
        Disclosure.objects.filter(pk=row.pk).update(
            status=Disclosure.Status.FAILED, refusal=message, parse_log=log
        )
    return IngestResult(
        filename=filename,
        outcome=FAILED,
        disclosure=row,
        refusal=message,
        seconds=log["seconds"],
        reference=reference,
    )


# --- storing -------------------------------------------------------------------------------------


def _complete_check_store(
    disclosure: Disclosure,
    parsed: document.ParsedDisclosure,
    *,
    identity: review.Identity,
    timing: _Timing,
    peak_memory: int,
    reparse: bool,
) -> IngestResult:
    """Lock the department, complete the document from its current version, check it, store it.

    The completion and the checks run inside the transaction, after the lock: the current version
    they build on cannot change until this one is stored (they are pure and take milliseconds).
    A document whose identity is incomplete is stored 待确认 instead, in no department.
    """
    if identity.missing:
        return _review_stored(disclosure, parsed, identity=identity, timing=timing, peak_memory=peak_memory)
    with transaction.atomic():
        department = department_locked(code=identity.department_code, name=identity.department)
        previous = _current_version(department, identity)
        same = None
        if previous is not None and not reparse:  # another ingest of this file may have just stored it
            same = _current_reading_of(disclosure.sha256, pk=previous.pk)
        if same is None:
            log = timing.log() | {"peak_memory_mb": peak_memory // 2**20}  # the parse's, in its child
            result = _version_stored(
                disclosure, parsed, department=department, previous=previous, identity=identity, log=log
            )
    if same is not None:
        return _unchanged(disclosure, same, filename=disclosure.original_filename, timing=timing)
    logger.info("stored %s as %s", disclosure.original_filename, disclosure)
    return result


def _version_stored(
    disclosure: Disclosure,
    parsed: document.ParsedDisclosure,
    *,
    department: Department,
    previous: Disclosure | None,
    identity: review.Identity,
    log: dict,
) -> IngestResult:
    """Write ``disclosure`` as the new current version, ``previous`` superseded (in the transaction)."""
    completed = completion.completed(parsed, _earlier_as_parsed(parsed, previous))
    notes = completed.notes(f"第{previous.version}版（{previous.original_filename}）") if previous else []
    results = checks.run_checks(completed.doc)
    log = store.parse_log(parsed, notes=[*identity.notes, *notes, *checks.doubt_notes(results)]) | log
    stored_before = disclosure.pk is not None and disclosure.tables.exists()  # a 待确认 row completed

    codes = store.classification_codes_upsert(completed.doc.tables)
    key = {"department": department, "year": identity.year, "stage": identity.stage, "level": identity.level}
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
    disclosure.parser_version = parser_version()
    disclosure.status = Disclosure.Status.STORED
    disclosure.is_current = True
    disclosure.version = (latest["version__max"] or 0) + 1
    disclosure.tables_source = (previous.tables_source or previous) if completed.tables_carried else None
    disclosure.explanation_source = (
        (previous.explanation_source or previous) if completed.explanation_carried else None
    )
    disclosure.has_tables = completion.has_tables(doc)
    disclosure.has_explanation = completion.has_explanation(doc)
    disclosure.parse_log = log
    disclosure.refusal = ""
    disclosure.stored_at = timezone.now()
    disclosure.save()
    if previous is not None:
        previous.superseded_by = disclosure
        previous.save(update_fields=["superseded_by"])
    if stored_before:
        store.contents_clear(disclosure)
    store.contents_store(disclosure, doc, results, codes=codes)
    return IngestResult(
        filename=disclosure.original_filename,
        outcome=COMPLETED if completed.tables_carried or completed.explanation_carried else STORED,
        disclosure=disclosure,
        seconds=log["seconds"],
        tables=len(doc.tables),
        checks_failed=sum(result.status == checks.FAILED for result in results),
        notes=notes,
    )


def _earlier_as_parsed(parsed: document.ParsedDisclosure, previous: Disclosure | None):
    """The previous version read back, when it has a part the new file lacks; else None."""
    if previous is None or not completion.needs_earlier(
        parsed, earlier_tables=previous.has_tables, earlier_explanation=previous.has_explanation
    ):
        return None
    return store.stored_as_parsed(previous)


def _review_stored(
    disclosure: Disclosure,
    parsed: document.ParsedDisclosure,
    *,
    identity: review.Identity,
    timing: _Timing,
    peak_memory: int,
) -> IngestResult:
    """Keep a readable document whose identity is incomplete as 待确认 (review.py)."""
    log = store.parse_log(parsed, notes=list(identity.notes)) | timing.log()
    log |= {"peak_memory_mb": peak_memory // 2**20, "missing": list(identity.missing)}
    results = review.review_stored(
        disclosure, parsed, identity=identity, log=log, parser_version=parser_version()
    )
    logger.info("kept %s 待确认: %s missing", disclosure.original_filename, "、".join(identity.missing))
    return IngestResult(
        filename=disclosure.original_filename,
        outcome=REVIEW,
        disclosure=disclosure,
        seconds=log["seconds"],
        tables=len(parsed.tables),
        checks_failed=sum(result.status == checks.FAILED for result in results),
        notes=list(identity.notes),
    )


def _current_version(department: Department, identity: review.Identity) -> Disclosure | None:
    return (
        Disclosure.objects.current()
        .filter(department=department, year=identity.year, stage=identity.stage, level=identity.level)
        .select_for_update()
        .first()
    )
