"""/export/lines.csv against PostgreSQL's own COPY of the same rows, and its memory: flat.

    python bench/export.py [--rows 1000000] [--database postgres://…/transparency_export_bench]
                           [--repeat 3] [--python]

Into a scratch PostgreSQL database (dropped and created again) it stores the sample disclosure,
then grows its lines to ``--rows / 10`` and to ``--rows`` (INSERT … SELECT over
generate_series: the sample's 188 amounts copied with later row numbers). At each size it
measures, alternating, best of ``--repeat``:

- COPY: ``COPY (SELECT …the columns and rows of lines.csv, in its order…) TO STDOUT WITH CSV``
  read through psycopg and thrown away: the baseline, what PostgreSQL itself can do;
- lines.csv: the site's /export/lines.csv streamed through the Django test client (the whole
  request: URL, filters, middleware, response) and thrown away;
- with ``--python``: the same export written by the Python writer (``csv_lines``, what every
  database but PostgreSQL uses), for comparison.

It prints rows per second of each, the ratio lines.csv / COPY (the target is ≥ 0.5), and the
peak Python memory of one download at each size (measured in a separate pass, as tracemalloc
slows the code it watches): a ratio near 1 between the sizes means the export streams.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/transparency_export_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="lines at the larger size")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="a scratch PostgreSQL database")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (the best is kept)")
    parser.add_argument("--python", action="store_true", help="also time the Python writer")
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="export-bench-"))
    os.environ["DATABASE_URL"] = options.database
    os.environ["MEDIA_ROOT"] = str(scratch / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transparency.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    scratch_database(options.database)

    import django

    django.setup()
    from django.core.management import call_command

    from disclosures.ingest import ingest_pdf

    call_command("migrate", verbosity=0)
    ingest_pdf(file=ROOT / "sample" / "711-zhangjiakou-2025-budget.pdf")

    sizes = (options.rows // 10, options.rows)
    peaks = []
    print(f"{'rows':>9} {'COPY rows/s':>12} {'lines.csv rows/s':>17} {'ratio':>6} {'peak MiB':>9}", end="")
    print(f" {'python rows/s':>14}" if options.python else "")
    for size in sizes:
        grow_to(size)
        copy_rate, export_rate, python_rate = 0.0, 0.0, 0.0
        for _ in range(options.repeat):
            copy_rate = max(copy_rate, rate(copy_baseline))
            export_rate = max(export_rate, rate(download))
            if options.python:
                python_rate = max(python_rate, rate(python_writer))
        peaks.append(peak_mib(download))
        ratio = export_rate / copy_rate
        print(f"{size:9,d} {copy_rate:12,.0f} {export_rate:17,.0f} {ratio:6.2f} {peaks[-1]:9.1f}", end="")
        print(f" {python_rate:14,.0f}" if options.python else "")
    print(
        f"lines.csv / COPY at {sizes[1]:,} rows: {export_rate / copy_rate:.2f} (target ≥ 0.5); "
        f"peak memory {sizes[1]:,} rows / {sizes[0]:,} rows: {peaks[1] / peaks[0]:.2f} (flat ≈ 1)"
    )


def scratch_database(url: str) -> None:
    """Drop and create the database ``url`` names, from the server's ``postgres`` database."""
    import psycopg
    from psycopg import sql

    *server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server[0]}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def grow_to(rows: int) -> None:
    """Copy the sample's lines, with later row numbers in the same tables, until there are ``rows``."""
    from django.db import connection

    from disclosures.models import Line

    template = list(Line.objects.order_by("pk").values_list("pk", flat=True)[:188])
    missing = rows - Line.objects.count()
    if missing <= 0:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Line._meta.db_table}
                (table_id, row_order, column_order, side, row_no, code, classification_id,
                 item, "column", amount, printed, page)
            SELECT table_id, row_order + 1000 * copy, column_order, side, row_no, code,
                   classification_id, item, "column", amount, printed, page
            FROM {Line._meta.db_table}, generate_series(1, %s) AS copy
            WHERE id BETWEEN %s AND %s
            ORDER BY copy, id
            LIMIT %s
            """,
            [missing // len(template) + 1, template[0], template[-1], missing],
        )
        cursor.execute(f"ANALYZE {Line._meta.db_table}")


def rate(measure) -> float:
    """Rows per second of one run of ``measure`` (which returns the rows it read)."""
    started = time.perf_counter()
    rows = measure()
    return rows / (time.perf_counter() - started)


def lines_query():
    from disclosures.exports import LINES
    from disclosures.models import Disclosure

    return LINES.queryset(Disclosure.objects.current())


def copy_baseline() -> int:
    """COPY of the rows and columns lines.csv holds, in its order, read and thrown away."""
    from django.db import connection

    from disclosures.exports import LINES

    query = lines_query().values_list(*(column.source for column in LINES.columns)).query
    sql, params = query.get_compiler(using="default").as_sql()
    rows = 0
    with (
        open(os.devnull, "wb") as sink,
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        for data in copy:
            sink.write(data)
            rows += 1
    return rows


def download() -> int:
    """/export/lines.csv through the test client, read and thrown away; its data rows."""
    from django.test import Client

    response = Client(HTTP_HOST="localhost").get("/export/lines.csv")
    rows = 0
    with open(os.devnull, "wb") as sink:
        for chunk in response.streaming_content:
            sink.write(chunk)
            rows += chunk.count(b"\r\n")
    response.close()
    return rows - 1


def python_writer() -> int:
    """lines.csv written by the Python writer, as on SQLite."""
    from disclosures.exports import CHUNK_SIZE, LINES, csv_lines

    sources = [column.source for column in LINES.columns]
    rows = lines_query().values_list(*sources).iterator(chunk_size=CHUNK_SIZE)
    count = 0
    with open(os.devnull, "wb") as sink:
        for chunk in csv_lines(LINES, rows):
            sink.write(chunk.encode())
            count += chunk.count("\r\n")
    return count - 1


def peak_mib(measure) -> float:
    """Peak Python memory while ``measure`` runs, in MiB."""
    tracemalloc.start()
    measure()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


if __name__ == "__main__":
    main()
