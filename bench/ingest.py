"""Bulk ingest against the number of processes: ``manage.py ingest --jobs N`` and N task workers.

    python bench/ingest.py [FOLDER] [--limit N] [--jobs 1 2 4] [--workers 1 2 4]
                           [--database postgres://postgres@127.0.0.1:5432/transparency_ingest_bench]

FOLDER defaults to ../shared/corpus; ``--limit N`` takes N of its PDFs, spread over the folder
(the whole corpus takes long on a shared machine). The database is a scratch PostgreSQL
database, dropped and created again, and emptied (``flush``) before each run; uploads go to a
temporary MEDIA_ROOT, emptied too. Two ways of loading the same files are timed:

- ``manage.py ingest FILES --jobs N``, as a subprocess: one command, N files at a time;
- N ``manage.py db_worker --batch`` processes (django-tasks-db) pulling from one PostgreSQL
  queue: the files are first kept as pending uploads and their tasks enqueued, as the admin
  does (not timed), then the workers start together and the clock stops when the last one
  exits, the queue being empty.

It prints documents per second of each run, the speed-up over one job (one worker), and the
CPU seconds the run's processes used (parses included) over its wall-clock seconds: the cores it
had. On a machine with C free cores expect a speed-up of about min(N, C)×; on a shared one the
cores column says how many it got.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_FOLDER = ROOT.parent / "shared" / "corpus"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/transparency_ingest_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--limit", type=int, default=0, help="ingest N of the folder's PDFs (default: all)")
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2, 4], help="jobs of each command run")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2, 4], help="workers of each task run")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="a scratch PostgreSQL database")
    options = parser.parse_args()

    files = sorted(path for path in options.folder.rglob("*") if path.suffix.lower() == ".pdf")
    if options.limit and options.limit < len(files):
        step = len(files) / options.limit
        files = [files[int(index * step)] for index in range(options.limit)]
    scratch = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    media = scratch / "media"
    os.environ |= {
        "DATABASE_URL": options.database,
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "database",
        "DJANGO_SETTINGS_MODULE": "transparency.settings",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "ERROR"),
    }
    scratch_database(options.database)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    def emptied() -> None:
        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)

    print(f"{len(files)} files from {options.folder}, into {options.database.rsplit('/', 1)[1]}")
    print(f"{'run':<16} {'seconds':>8} {'docs/s':>7} {'speed-up':>8} {'CPU s':>7} {'cores':>5}  outcomes")
    for label, runs, run in (
        ("ingest --jobs", options.jobs, lambda n: command_run(files, n, scratch)),
        ("db_worker ×", options.workers, lambda n: workers_run(files, n)),
    ):
        first = None
        for count in runs:
            emptied()
            cpu = children_cpu()
            seconds, outcomes = run(count)
            cpu = children_cpu() - cpu
            rate = len(files) / seconds
            first = first or rate
            summary = ", ".join(f"{name} {number}" for name, number in sorted(outcomes.items()))
            print(
                f"{label + ' ' + str(count):<16} {seconds:8.1f} {rate:7.2f} {rate / first:7.2f}× "
                f"{cpu:7.1f} {cpu / seconds:5.2f}  {summary}"
            )


def children_cpu() -> float:
    """CPU seconds used so far by this process's finished children and theirs (the parses)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def scratch_database(url: str) -> None:
    """Drop and create the database ``url`` names, from the server's ``postgres`` database."""
    import psycopg
    from psycopg import sql

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def command_run(files: list[Path], jobs: int, scratch: Path) -> tuple[float, Counter]:
    """``manage.py ingest FILES --jobs N --report``: seconds, and the outcomes the report gives."""
    report = scratch / f"report-{jobs}.csv"
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "ingest",
            *map(str, files),
            "--jobs",
            str(jobs),
            "--report",
            str(report),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,  # exit status 1 when a file is refused: the outcomes say which
    )
    seconds = time.perf_counter() - started
    with report.open(encoding="utf-8-sig", newline="") as handle:
        return seconds, Counter(row["outcome"] for row in csv.DictReader(handle))


def workers_run(files: list[Path], workers: int) -> tuple[float, Counter]:
    """The files kept as pending uploads with their tasks enqueued, then ``workers`` db_worker
    processes until the queue is empty: seconds from their start, and the uploads' statuses."""
    from django.core.files import File

    from disclosures.models import Disclosure
    from disclosures.tasks import ingest_uploaded_disclosure
    from disclosures.uploads import disclosure_upload

    for path in files:
        with path.open("rb") as handle:
            disclosure = disclosure_upload(file=File(handle, name=path.name))
        ingest_uploaded_disclosure.enqueue(disclosure_id=disclosure.pk)
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [*command, "--worker-id", f"bench-{index}", "--interval", "0.1", "--verbosity", "0"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for index in range(workers)
    ]
    for process in processes:
        process.wait()
    seconds = time.perf_counter() - started
    return seconds, Counter(Disclosure.objects.values_list("status", flat=True))


if __name__ == "__main__":
    main()
