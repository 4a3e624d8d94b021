"""``manage.py ingest PATH [PATH ...]``: the command-line twin of the admin upload, for one file or a
city's folder of them.

Folders are searched recursively for PDFs. Each file goes through ``ingest_pdf`` like an upload;
a bad file is reported and the next one read. The contract (docs: open-data.md) is one line per
file on stdout, the reason of each refusal on stderr, and exit status 1 if any file was refused;
the progress bar (on a terminal) and the closing summary go to stderr, so that stdout stays one
line per file for whoever reads it with a script.
"""

from __future__ import annotations

import contextlib
import csv
import re
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from tqdm import tqdm

from disclosures import ingest as service
from disclosures.exports import csv_cell
from disclosures.models import Level, Stage
from disclosures.uploads import sha256_of

REPORT_COLUMNS = (
    "file",
    "sha256",
    "outcome",
    "reason",
    "department",
    "code",
    "year",
    "stage",
    "level",
    "standard_tables",
    "amounts",
    "checks_failed",
    "seconds",
)
# What the summary calls each outcome, in the order it lists them.
SUMMARY = (
    (service.STORED, "已入库"),
    (service.COMPLETED, "补全（两份文件合为一份）"),
    (service.REVIEW, "待确认"),
    (service.UNCHANGED, "未变化"),
    (service.REFUSED, "已拒收"),
    (service.FAILED, "解析出错"),
)
NOT_STORED = (service.REFUSED, service.FAILED)


@dataclass
class Done:
    """One file's result, with what the report needs beside it."""

    path: Path
    result: service.IngestResult
    seconds: float


def collect_files(paths: list[str]) -> list[Path]:
    """The files to ingest: each file as given (even one that is missing or not named .pdf: its
    refusal says why), and every PDF under each folder, in name order; each file once."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def refusal_reason(result: service.IngestResult) -> str:
    """The reason without the file name (and page) that start it, so that reasons can be counted."""
    reason = result.refusal.removeprefix(result.filename).lstrip("：:，, ")
    return re.sub(r"^第\d+页[：，]", "", reason)


class Command(BaseCommand):
    help = (
        "Parse, check and store disclosure PDFs (files, or folders searched recursively), the same way "
        "as an upload in the admin. Prints one line per file; exits 1 if any file was refused, with "
        "the reason on stderr; ends with a summary on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="PDF files or folders of them")
        parser.add_argument(
            "--reparse", action="store_true", help="store again a file already stored as it is (未变化)"
        )
        parser.add_argument("--report", metavar="FILE.csv", help="write one row per file to this CSV")
        parser.add_argument("--jobs", type=int, default=1, metavar="N", help="parse N files at a time")
        identity = parser.add_argument_group(
            "identity",
            "what staff know of the files: it wins over what they print (the log notes a difference)",
        )
        identity.add_argument("--department", metavar="NAME", help="部门名称")
        identity.add_argument("--code", metavar="CODE", help="部门编码")
        identity.add_argument("--year", type=int, metavar="YYYY", help="年度")
        identity.add_argument("--stage", choices=Stage.values, help="预算 or 决算")
        identity.add_argument("--level", choices=Level.values, help="部门 or 单位")

    def handle(self, *args, paths, reparse=False, report=None, jobs=1, **options):
        files = collect_files(paths)
        given = {
            key: options[key]
            for key in ("department", "code", "year", "stage", "level")
            if options.get(key) not in (None, "")
        }
        bar = tqdm(
            total=len(files),
            unit="份",
            file=sys.stderr,
            disable=len(files) < 2 or not sys.stderr.isatty(),
            dynamic_ncols=True,
        )
        done: list[Done] = []
        with bar:
            for item in self._ingested(files, given=given, reparse=reparse, jobs=max(1, jobs)):
                done.append(item)
                self._report_line(item, bar)
                bar.set_postfix_str(item.path.name[:30], refresh=False)
                bar.update(1)
        if report:
            self._write_report(Path(report), sorted(done, key=lambda d: files.index(d.path)))
        if len(files) > 1:
            self._summary(done)
        refused = sum(item.result.outcome in NOT_STORED for item in done)
        if refused:
            raise CommandError(f"{refused} 个文件被拒收", returncode=1)

    def _ingested(self, files: list[Path], *, given: dict, reparse: bool, jobs: int):
        """Each file's result in the order of ``files``: one after the other, or ``jobs`` at a time.

        With several jobs each file is ingested in a thread of this process; the parse, nine
        tenths of the time, runs in the parse's own child process, so the parses use as many
        cores as there are jobs. The largest files start first, so that no long parse starts
        last and keeps the others waiting. On PostgreSQL the stores overlap too: each is one
        transaction that locks the department's row (ingest.py). SQLite has one writer and no
        row locks: there one lock lets only one thread use the database at a time, released
        while a file is parsed, so that each store stays one short transaction, never two at once.
        """
        if jobs == 1:
            for path in files:
                yield _ingest_one(path, given=given, reparse=reparse)
            return
        one_writer = not connections[DEFAULT_DB_ALIAS].features.has_select_for_update
        database = threading.Lock() if one_writer else contextlib.nullcontext()

        @contextlib.contextmanager
        def database_released():
            database.release()
            try:
                yield
            finally:
                database.acquire()

        def ingest_in_thread(path: Path) -> Done:
            with database:
                try:
                    return _ingest_one(
                        path,
                        given=given,
                        reparse=reparse,
                        while_parsing=database_released if one_writer else None,
                    )
                finally:
                    connections.close_all()  # this thread's connections, not the main thread's

        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="ingest") as pool:
            started = {
                path: pool.submit(ingest_in_thread, path) for path in sorted(files, key=_size, reverse=True)
            }
            for path in files:
                yield started[path].result()

    def _report_line(self, item: Done, bar) -> None:
        result = item.result
        if result.outcome in NOT_STORED:
            message = (
                result.refusal
                if result.filename in result.refusal
                else f"{result.filename}：{result.refusal}"
            )
            label = "已拒收" if result.outcome == service.REFUSED else "未入库"
            self._write(bar, self.stderr, f"{label} {message}")
        else:
            self._write(bar, self.stdout, _stored_line(result))

    def _write(self, bar, stream, line: str) -> None:
        if bar.disable:
            stream.write(line)
        else:  # above the bar, which is redrawn below it
            bar.write(line, file=stream._out)

    def _summary(self, done: list[Done]) -> None:
        counts = Counter(item.result.outcome for item in done)
        parts = [f"{label} {counts[outcome]}" for outcome, label in SUMMARY if counts[outcome]]
        seconds = sum(item.seconds for item in done)
        self.stderr.write(f"共 {len(done)} 个文件：{'，'.join(parts)}；用时 {seconds:.0f} 秒")
        reasons = Counter(refusal_reason(item.result) for item in done if item.result.outcome in NOT_STORED)
        if reasons:
            self.stderr.write("拒收原因：")
            for reason, count in reasons.most_common():
                self.stderr.write(f"  {count:4d}  {reason}")

    def _write_report(self, report: Path, done: list[Done]) -> None:
        report.parent.mkdir(parents=True, exist_ok=True)
        with report.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(REPORT_COLUMNS)
            for item in done:
                writer.writerow(_report_row(item))


def _size(path: Path) -> int:
    """A file's size in bytes (0 for one that is missing: its refusal says so)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _ingest_one(path: Path, *, given: dict, reparse: bool, while_parsing=None) -> Done:
    started = time.monotonic()
    result = service.ingest_pdf(file=path, reparse=reparse, given=given or None, while_parsing=while_parsing)
    return Done(path=path, result=result, seconds=time.monotonic() - started)


def _stored_line(result: service.IngestResult) -> str:
    disclosure = result.disclosure
    if result.outcome == service.UNCHANGED:
        return f"{result.filename}: 未变化（已入库为 {disclosure}）"
    department = " ".join(
        part
        for part in (disclosure.department.code if disclosure.department else "", disclosure.department_name)
        if part
    )
    figures = f"{result.tables} 张表，{result.checks_failed} 项核验未通过，{result.seconds:.1f} 秒"
    if result.outcome == service.REVIEW:
        missing = "、".join(disclosure.parse_log.get("missing", [])) or "身份"
        known = " ".join(
            str(part) for part in (department, disclosure.year, disclosure.stage, disclosure.level) if part
        )
        read = f"未能识别{missing}；已读出：{known or '无'}"
        return f"{result.filename}: 待确认（{read}）— {figures}；请在管理后台补填"
    line = (
        f"{result.filename}: {department} {disclosure.year} {disclosure.stage} {disclosure.level} — {figures}"
    )
    if result.outcome == service.COMPLETED:
        line += "；与先前上传的另一部分合为一份"
    return line


def _report_row(item: Done) -> list[str]:
    result = item.result
    disclosure = result.disclosure
    sha256 = disclosure.sha256 if disclosure is not None and disclosure.sha256 else ""
    if not sha256 and item.path.is_file():
        sha256 = sha256_of(item.path)
    values: dict[str, object] = {
        "file": str(item.path),
        "sha256": sha256,
        "outcome": result.outcome,
        "reason": refusal_reason(result) if result.outcome in NOT_STORED else "",
        "seconds": f"{item.seconds:.2f}",
    }
    if disclosure is not None and result.outcome not in NOT_STORED:
        log = disclosure.parse_log or {}
        values |= {
            "department": disclosure.department_name,
            "code": disclosure.department.code if disclosure.department else "",
            "year": disclosure.year or "",
            "stage": disclosure.stage,
            "level": disclosure.level,
            "standard_tables": disclosure.tables.filter(is_standard=True).count(),
            "amounts": log.get("amounts", ""),
            "checks_failed": disclosure.checks.filter(status="failed").count(),
        }
    return [
        csv_cell(values.get(column, ""), number=isinstance(values.get(column), int))
        for column in REPORT_COLUMNS
    ]
