"""A folder of real disclosures through the bulk ingest, into a scratch database: what went in.

    python bench/corpus.py [FOLDER] [--jobs N] [--database URL] [--report FILE.csv] [--failures FILE.csv]

FOLDER defaults to ../shared/corpus (117 files a scraper collected from ~26 cities). The
database defaults to a fresh SQLite file in a temporary folder (``--database
postgres://…/scratch`` uses a scratch PostgreSQL database: it is emptied first), the uploaded
files go to a temporary MEDIA_ROOT, so nothing the site serves is touched.

It prints the figures that say how well the site reads a folder it was not tuned to: files;
stored, completed (the second half of a two-PDF disclosure), 待确认, unchanged, refused by
reason; standard tables per stored document (median and distribution); documents with no failed
check; failed checks by check name; seconds per document. ``--failures`` lists every published
未通过 (file, check, page, table, row, column, expected, actual) for reading against the page.
The ingest is ``manage.py ingest FOLDER --report`` where the command takes folders; otherwise
(before the bulk command existed) the ingest service is called for each file in turn, with the
same figures.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_FOLDER = ROOT.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--jobs", type=int, default=1, help="parse in N processes (bulk command only)")
    parser.add_argument("--database", default="", help="scratch DATABASE_URL (default: a new SQLite file)")
    parser.add_argument("--report", type=Path, default=None, help="keep the per-file CSV report here")
    parser.add_argument(
        "--failures", type=Path, default=None, help="list every published 未通过 (file, check, page, …) here"
    )
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    os.environ["DATABASE_URL"] = options.database or f"sqlite:///{scratch / 'corpus.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transparency.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")

    import django

    django.setup()
    from django.core.management import call_command

    if options.database:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)

    files = sorted(p for p in options.folder.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    report = options.report or scratch / "report.csv"
    started = time.monotonic()
    if _bulk_command_available():
        mode = f"manage.py ingest FOLDER --report --jobs {options.jobs}"
        rows = _run_bulk(options.folder, report, jobs=options.jobs)
    else:
        mode = "ingest_pdf per file (no bulk command yet)"
        rows = _run_per_file(files, report)
    wall = time.monotonic() - started
    _print_figures(rows, folder=options.folder, mode=mode, wall=wall)
    if options.failures:
        count = _write_failures(options.failures)
        print(f"{count} published 未通过 listed in {options.failures}")


def _bulk_command_available() -> bool:
    from django.core.management import load_command_class

    command = load_command_class("disclosures", "ingest")
    parser = command.create_parser("manage.py", "ingest")
    return any("--report" in action.option_strings for action in parser._actions)


def _run_bulk(folder: Path, report: Path, *, jobs: int) -> list[dict]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    # Exit status 1 (some file was refused) is what the report says too.
    with open(os.devnull, "w") as quiet, contextlib.suppress(CommandError):
        call_command("ingest", str(folder), report=str(report), jobs=jobs, stdout=quiet, stderr=quiet)
    with report.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _run_per_file(files: list[Path], report: Path) -> list[dict]:
    """The "before" path: the ingest service, file by file, with the report's columns."""
    from disclosures.ingest import ingest_pdf

    rows = []
    for path in files:
        started = time.monotonic()
        try:
            result = ingest_pdf(file=path)
        except Exception as error:  # keep going past a bad file, as the bulk command will
            rows.append(_row(path, "failed", f"{type(error).__name__}: {error}", time.monotonic() - started))
            _progress(rows, len(files))
            continue
        seconds = time.monotonic() - started
        if not result.stored:
            rows.append(_row(path, "refused", result.refusal, seconds))
            _progress(rows, len(files))
            continue
        disclosure = result.disclosure
        outcome = "completed" if any("沿用" in note for note in result.notes) else "stored"
        row = _row(path, outcome, "", seconds)
        row.update(
            department=disclosure.department_name,
            code=disclosure.department.code,
            year=str(disclosure.year),
            stage=disclosure.stage,
            level=disclosure.level,
            standard_tables=str(disclosure.tables.filter(is_standard=True).count()),
            checks_failed=str(result.checks_failed),
        )
        rows.append(row)
        _progress(rows, len(files))
    with report.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["file"])
        writer.writeheader()
        writer.writerows(rows)
    return rows


def _progress(rows: list[dict], total: int) -> None:
    row = rows[-1]
    line = f"{len(rows):3d}/{total} {row['outcome']:9} {float(row['seconds']):6.1f}s {row['file']}"
    print(line, file=sys.stderr)


def _row(path: Path, outcome: str, reason: str, seconds: float) -> dict:
    return {
        "file": str(path),
        "outcome": outcome,
        "reason": reason,
        "department": "",
        "code": "",
        "year": "",
        "stage": "",
        "level": "",
        "standard_tables": "",
        "checks_failed": "",
        "seconds": f"{seconds:.2f}",
    }


def _reason(row: dict) -> str:
    """The refusal without the file name and page that start it, so that reasons can be counted."""
    reason = row.get("reason", "")
    name = Path(row["file"]).name
    reason = reason.removeprefix(name).lstrip("：，: ")
    return re.sub(r"^第\d+页[：，]", "", reason)


OUTCOME_LABELS = {
    "stored": "stored",
    "completed": "completed",
    "review": "待确认",
    "待确认": "待确认",
    "unchanged": "unchanged",
    "refused": "refused",
    "failed": "failed (error)",
}


def _print_figures(rows: list[dict], *, folder: Path, mode: str, wall: float) -> None:
    from disclosures.models import CheckResult

    outcomes = Counter(OUTCOME_LABELS.get(row["outcome"], row["outcome"]) for row in rows)
    print(f"corpus: {folder}  ({mode})")
    print(f"files: {len(rows)}")
    for label in ("stored", "completed", "待确认", "unchanged", "refused", "failed (error)"):
        print(f"  {label:15} {outcomes.pop(label, 0):4d}")
    for label, count in outcomes.items():
        print(f"  {label:15} {count:4d}")
    reasons = Counter(_reason(row) for row in rows if row["outcome"] in ("refused", "failed"))
    if reasons:
        print("refused by reason:")
        for reason, count in reasons.most_common():
            print(f"  {count:4d}  {reason}")

    kept = [row for row in rows if row["outcome"] not in ("refused", "failed", "unchanged")]
    tables = [int(row["standard_tables"] or 0) for row in kept]
    if tables:
        print(
            f"standard tables per stored document: median {statistics.median(tables):g}, "
            f"mean {statistics.mean(tables):.1f}"
        )
        distribution = Counter(tables)
        print("  distribution: " + ", ".join(f"{n} tables ×{distribution[n]}" for n in sorted(distribution)))

    published = _published()
    failed = CheckResult.objects.filter(disclosure__in=published, status=CheckResult.Status.FAILED)
    with_failures = set(failed.values_list("disclosure", flat=True))
    total = published.count()
    print(f"current documents: {total}; with zero failed checks: {total - len(with_failures)}")
    by_name = Counter(failed.values_list("name", flat=True))
    if by_name:
        print("failed checks by check name:")
        for name, count in by_name.most_common():
            print(f"  {count:4d}  {name}")

    seconds = [float(row["seconds"] or 0) for row in rows]
    if seconds:
        print(
            f"seconds per document: median {statistics.median(seconds):.1f}, "
            f"mean {statistics.mean(seconds):.1f}, max {max(seconds):.1f}; wall clock {wall:.0f} s"
        )


def _published():
    """The current documents the site shows (what its 未通过 are published on)."""
    from disclosures.models import Disclosure

    return Disclosure.objects.exclude(
        status__in=[Disclosure.Status.REFUSED, Disclosure.Status.FAILED, Disclosure.Status.PENDING]
    ).filter(is_current=True)


FAILURE_FIELDS = (
    "file",
    "check",
    "page",
    "table",
    "row",
    "column",
    "expected",
    "actual",
    "difference",
    "unit",
)


def _write_failures(path: Path) -> int:
    """Every 未通过 a current document publishes, one a line, to be read against the printed page
    (tests/test_corpus_checks.py names each one that is a real error of its document)."""
    from disclosures.models import CheckResult

    failed = (
        CheckResult.objects.filter(disclosure__in=_published(), status=CheckResult.Status.FAILED)
        .select_related("disclosure")
        .order_by("disclosure__original_filename", "order")
    )
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(FAILURE_FIELDS)
        for result in failed:
            writer.writerow(
                [
                    result.disclosure.original_filename,
                    result.name,
                    result.page or "",
                    result.table,
                    result.row,
                ]
                + [result.column, result.expected, result.actual, result.difference, result.unit]
            )
    return failed.count()


if __name__ == "__main__":
    main()
