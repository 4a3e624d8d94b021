"""Several ``manage.py ingest`` processes storing one file at the same moment, on PostgreSQL.

As a bulk ingest with several workers, or two staff uploading the same file at once, would:
every process exits 0 without a traceback, the file is stored once (one current version, no
second version of the same file), and the others report it 未变化. Into an empty database (the
department, its codes and the disclosure are all created by whoever comes first) and into a
filled one (a new version replaces the current one exactly once).

SQLite lets one writer at a time in and has no row locks to test: skipped there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from disclosures.ingest import ingest_pdf
from disclosures.models import ClassificationCode, Department, Disclosure

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent ingests are tested on PostgreSQL (SQLite has one writer at a time)")


@pytest.fixture(scope="module")
def tables_pdf(tmp_path_factory) -> Path:
    """The seed's tables alone: a real disclosure, quicker to parse than the whole seed."""
    from seedpdf import SEED, render_document

    path = tmp_path_factory.mktemp("concurrency") / "711-2025-tables.pdf"
    render_document(path, replace(SEED, explanation=()))
    return path


@pytest.fixture(scope="module")
def earlier_pdf(tmp_path_factory) -> Path:
    """The same disclosure as one earlier file: the seed's explanation alone."""
    from seedpdf import SEED, render_document

    path = tmp_path_factory.mktemp("concurrency") / "711-2025-explanation.pdf"
    render_document(path, replace(SEED, tables=()))
    return path


def database_url() -> str:
    """The test database, as the processes' DATABASE_URL."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'])}{password}@{host}/{db['NAME']}"


def ingest_at_once(path: Path, processes: int, settings) -> list[subprocess.CompletedProcess]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "transparency.settings",
    }
    started = [
        subprocess.Popen(
            [sys.executable, "manage.py", "ingest", str(path)],
            cwd=PROJECT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    finished = []
    for process in started:
        out, err = process.communicate(timeout=600)
        finished.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return finished


def assert_stored_once(finished, path: Path, *, versions: list[tuple[int, bool]]):
    for process in finished:
        assert process.returncode == 0, process.stderr
        assert "Traceback" not in process.stderr and process.stderr == ""
    lines = [process.stdout.strip() for process in finished]
    stored = [line for line in lines if "未变化" not in line]
    assert len(stored) == 1, lines
    assert stored[0].startswith(f"{path.name}: 711 张家口市总工会 2025 预算 部门")
    assert all(line.startswith(f"{path.name}: 未变化") for line in lines if line not in stored)
    assert list(Disclosure.objects.order_by("version").values_list("version", "is_current")) == versions
    assert Disclosure.objects.current().count() == 1
    assert Department.objects.count() == 1
    codes = ClassificationCode.objects.values_list("kind", "code")
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("processes", [2, 8])
def test_into_an_empty_database(tables_pdf, settings, processes):
    finished = ingest_at_once(tables_pdf, processes, settings)

    assert_stored_once(finished, tables_pdf, versions=[(1, True)])


@pytest.mark.parametrize("processes", [2, 8])
def test_into_a_filled_database(tables_pdf, earlier_pdf, settings, processes):
    earlier = ingest_pdf(file=earlier_pdf)
    assert earlier.stored

    finished = ingest_at_once(tables_pdf, processes, settings)

    assert_stored_once(finished, tables_pdf, versions=[(1, False), (2, True)])
    current = Disclosure.objects.current().get()
    assert current.explanation_source == earlier.disclosure  # completed from it, once
    assert current.superseded_by is None and earlier.disclosure.pk != current.pk
