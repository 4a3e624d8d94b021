"""Memory of /export/lines.csv does not grow with the number of rows: it streams.

Stores the sample disclosure in a fresh SQLite database, then grows its lines to 20,000 and
to 200,000 rows and downloads the export each time, measuring the peak Python memory while
the response is consumed. A flat ratio (≈1) means streaming; a ratio near 10 would mean the
whole file is built in memory.

    python bench/export.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="export-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transparency.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from disclosures.ingest import ingest_pdf  # noqa: E402
from disclosures.models import Line  # noqa: E402

SIZES = (20_000, 200_000)


def grow_to(rows: int) -> None:
    """Copy the sample's lines until the export has ``rows`` rows."""
    template = list(Line.objects.all()[:188])
    missing = rows - Line.objects.count()
    copies = (template[i % len(template)] for i in range(missing))
    Line.objects.bulk_create(
        (
            Line(
                **{
                    f.attname: getattr(line, f.attname)
                    for f in Line._meta.concrete_fields
                    if f.attname != "id"
                }
            )
            for line in copies
        ),
        batch_size=5000,
    )


def download() -> tuple[int, float, float]:
    """(data rows, seconds, peak MiB) of one streamed download."""
    client = Client(HTTP_HOST="localhost")
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get("/export/lines.csv")
    lines = sum(chunk.count(b"\r\n") for chunk in response.streaming_content)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return lines - 1, seconds, peak / 2**20


def main() -> None:
    settings.MEDIA_ROOT = WORK / "media"
    call_command("migrate", verbosity=0)
    ingest_pdf(file=ROOT / "sample" / "711-zhangjiakou-2025-budget.pdf")
    peaks = []
    print(f"{'rows':>8} {'seconds':>8} {'peak MiB':>9}")
    for size in SIZES:
        grow_to(size)
        rows, seconds, peak = download()
        peaks.append(peak)
        print(f"{rows:8d} {seconds:8.2f} {peak:9.1f}")
    ratio = peaks[1] / peaks[0]
    print(
        f"peak memory ratio {SIZES[1]:,} rows / {SIZES[0]:,} rows: {ratio:.2f} (rows ×{SIZES[1] // SIZES[0]})"
    )


if __name__ == "__main__":
    main()
