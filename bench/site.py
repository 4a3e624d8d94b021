"""Public pages under gunicorn against a static file of the same size, in one run.

Loads 1,000 disclosures into a scratch PostgreSQL database (the sample PDF ingested once, its
contents then stored under 999 more departments and years through ``disclosures.store``, so each
page has the sizes of a real one: 188 amounts, projects with indicators, units, prose figures),
starts gunicorn with one worker on 127.0.0.1:8765 in production settings (DEBUG=0, collected
static files), and for each page type prints the median and 99th percentile of

- ``cold``: the first request of a page (a query string the page ignores makes each one new to
  the cache), i.e. the full render;
- ``warm``: the same page again, i.e. what most readers get (from the page cache);
- ``304``: a repeat visit sending the ``ETag`` back;

against a static file of exactly the page's bytes served by whitenoise by the same server, and
the ratios. A new connection per request (gunicorn's sync worker closes each one), for both.

    python bench/site.py [--requests 200] [--cold 5] [--reload]

``--reload`` rebuilds the data even when the database already holds it. The database is
postgres://postgres@127.0.0.1:5432/transparency_site_bench (``BENCH_DATABASE_URL``).
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/transparency_site_bench"
)
HOST, PORT = "127.0.0.1", 8765
WORK = Path(tempfile.gettempdir()) / "site-bench"
STATIC_ROOT = WORK / "static"
DISCLOSURES = 1000
YEARS = (2023, 2024, 2025)
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "DEBUG": "0",
    "SECRET_KEY": "site-bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": HOST,
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_ROOT": str(STATIC_ROOT),
    "MEDIA_ROOT": str(WORK / "media"),
    # Keep the worker's database connection between requests, as a production deployment does:
    # opening a PostgreSQL connection costs more than serving a cached page.
    "CONN_MAX_AGE": "60",
}
os.environ.update({name: value for name, value in SERVER_ENV.items() if name != "DEBUG"})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transparency.settings")


def database_ready(reload: bool) -> bool:
    """Create the scratch database if needed; True when it already holds the data."""
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reload:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            return False
    with psycopg.connect(DATABASE_URL) as connection:
        try:
            row = connection.execute(
                "SELECT count(*) FROM disclosures_disclosure WHERE status = 'stored' AND is_current"
            ).fetchone()
        except psycopg.errors.UndefinedTable:
            return False
    return row[0] >= DISCLOSURES


def clone(row, **changes):
    """A new, unsaved copy of a model instance with some fields changed."""
    fields = {
        f.attname: getattr(row, f.attname) for f in type(row)._meta.concrete_fields if not f.primary_key
    }
    return type(row)(**{**fields, **changes})


def load() -> None:
    """The sample ingested once, then its rows copied under 999 more disclosures (bulk inserts)."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from disclosures.ingest import ingest_pdf
    from disclosures.models import Department, Disclosure, Indicator, Line, Project, ThreePublic

    call_command("flush", interactive=False, verbosity=0)
    first = ingest_pdf(file=ROOT / "sample" / "711-zhangjiakou-2025-budget.pdf").disclosure
    started = time.perf_counter()
    batch = {"batch_size": 5000}
    with transaction.atomic():
        departments = Department.objects.bulk_create(
            Department(code=f"8{number:04}", name=f"基准市第{number + 1}局")
            for number in range(-(-(DISCLOSURES - 1) // len(YEARS)))
        )
        disclosures = Disclosure.objects.bulk_create(
            clone(
                first,
                department_id=departments[number // len(YEARS)].pk,
                department_name=departments[number // len(YEARS)].name,
                year=YEARS[number % len(YEARS)],
                title=f"{departments[number // len(YEARS)].name}{YEARS[number % len(YEARS)]}年部门预算",
                original_filename=f"bench-{number}.pdf",
                sha256=f"{number:064x}",
                stored_at=timezone.now(),
            )
            for number in range(DISCLOSURES - 1)
        )
        tables = list(first.tables.order_by("order"))
        copies = first.tables.model.objects.bulk_create(
            (clone(table, disclosure_id=disclosure.pk) for disclosure in disclosures for table in tables),
            **batch,
        )
        table_of = {(copy.disclosure_id, copy.order): copy.pk for copy in copies}
        lines = list(Line.objects.filter(table__disclosure=first).select_related("table"))
        Line.objects.bulk_create(
            (
                clone(line, table_id=table_of[disclosure.pk, line.table.order])
                for disclosure in disclosures
                for line in lines
            ),
            **batch,
        )
        projects = list(first.projects.order_by("order"))
        copies = Project.objects.bulk_create(
            (
                clone(project, disclosure_id=disclosure.pk)
                for disclosure in disclosures
                for project in projects
            ),
            **batch,
        )
        project_of = {(copy.disclosure_id, copy.order): copy.pk for copy in copies}
        indicators = list(Indicator.objects.filter(project__disclosure=first).select_related("project"))
        Indicator.objects.bulk_create(
            (
                clone(indicator, project_id=project_of[disclosure.pk, indicator.project.order])
                for disclosure in disclosures
                for indicator in indicators
            ),
            **batch,
        )
        three_public = ThreePublic.objects.filter(disclosure=first).first()
        if three_public is not None:
            ThreePublic.objects.bulk_create(clone(three_public, disclosure_id=d.pk) for d in disclosures)
        for related in (first.units, first.facts, first.sections, first.checks):
            rows = list(related.all())
            related.model.objects.bulk_create(
                (clone(row, disclosure_id=disclosure.pk) for disclosure in disclosures for row in rows),
                **batch,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum would gather them
    print(f"  {DISCLOSURES - 1} copies stored in {time.perf_counter() - started:.0f} s", flush=True)


def urls() -> dict[str, str]:
    """One URL of each page type, on a department in the middle of the data."""
    from disclosures.models import ClassificationCode, Disclosure

    middle = Disclosure.objects.current().filter(department__code="80166").order_by("year")
    earlier, latest = middle.first(), middle.last()
    code = ClassificationCode.objects.filter(kind=ClassificationCode.Kind.FUNCTION, code="208").first()
    return {
        "home": "/",
        "disclosures": "/disclosures/",
        "disclosure": latest.get_absolute_url(),
        "department": latest.department.get_absolute_url(),
        "code": code.get_absolute_url(),
        "compare": f"/compare/?a={earlier.pk}&b={latest.pk}",
        "lines.csv": f"/export/lines.csv?department={latest.department.code}&year={latest.year}",
    }


def fetch(path: str, headers: dict | None = None) -> tuple[float, int, bytes, dict]:
    """(seconds, status, body, headers) of one request on a new connection."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - start
    connection.close()
    return seconds, response.status, body, dict(response.getheaders())


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p99) in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def with_param(path: str, name: str, value: object) -> str:
    return f"{path}{'&' if '?' in path else '?'}{name}={value}"


def server() -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "transparency.wsgi",
            "--workers=1",
            f"--bind={HOST}:{PORT}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        start_new_session=True,
    )
    for _ in range(100):
        try:
            fetch("/static/disclosures/site.css")
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start on 127.0.0.1:8765")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="warm requests per page (and file)")
    parser.add_argument("--cold", type=int, default=5, help="cold requests per page")
    parser.add_argument("--reload", action="store_true", help="rebuild the data")
    args = parser.parse_args()
    started = time.perf_counter()

    WORK.mkdir(parents=True, exist_ok=True)
    ready = database_ready(args.reload)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not ready:
        print(f"loading {DISCLOSURES} disclosures into {DATABASE_URL} …", flush=True)
        load()
    pages = urls()

    # The static twins: each page's own bytes as a file, so both responses have the same size.
    shutil.rmtree(STATIC_ROOT, ignore_errors=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    twins = STATIC_ROOT / "bench"
    twins.mkdir()
    process = server()
    try:
        sizes = {}
        for name, path in pages.items():
            _, status, body, _ = fetch(with_param(path, "size", 1))
            if status != 200:
                raise SystemExit(f"{name} {path}: HTTP {status}")
            sizes[name] = len(body)
            (twins / f"{name}.html").write_bytes(body)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
    process = server()  # whitenoise indexes the static files at start (DEBUG=0)
    try:
        print(
            f"{'page':<11} {'bytes':>8} | {'cold p50':>8} {'p99':>7} | {'warm p50':>8} {'p99':>7} | "
            f"{'304 p50':>7} | {'file p50':>8} {'p99':>7} | {'warm/file':>9} {'cold/file':>9}"
        )
        ratios = {}
        for name, path in pages.items():
            cold = [fetch(with_param(path, "cold", run))[0] for run in range(args.cold)]
            _, _, _, headers = fetch(path)  # the page is now cached
            etag = headers.get("ETag")
            # Page, file and revisit in turn, so that all three see the same load on the machine.
            warm, static, revisits = [], [], []
            for _ in range(args.requests):
                warm.append(fetch(path)[0])
                static.append(fetch(f"/static/bench/{name}.html")[0])
                revisits.append(fetch(path, {"If-None-Match": etag}))
            if etag is None or any(status != 304 for _, status, _, _ in revisits):
                raise SystemExit(f"{name}: a repeat visit with its ETag did not get 304")
            (cold50, cold99), (warm50, warm99), (file50, file99) = map(percentiles, (cold, warm, static))
            not_modified50, _ = percentiles([seconds for seconds, _, _, _ in revisits])
            ratios[name] = warm50 / file50
            print(
                f"{name:<11} {sizes[name]:>8,} | {cold50:8.1f} {cold99:7.1f} | {warm50:8.2f} {warm99:7.2f} | "
                f"{not_modified50:7.2f} | {file50:8.2f} {file99:7.2f} | {warm50 / file50:8.2f}× "
                f"{cold50 / file50:8.1f}×"
            )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
    worst = max(ratios, key=ratios.get)
    print(
        f"warm pages at the median: {min(ratios.values()):.2f}× to {ratios[worst]:.2f}× ({worst}) a static "
        f"file of the same size (target ≤ 3×); milliseconds; {time.perf_counter() - started:.0f} s in all"
    )


if __name__ == "__main__":
    main()
