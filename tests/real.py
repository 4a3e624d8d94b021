"""The real documents beside the repository (../shared/real, ../shared/corpus, the seed's text),
for the tests that read them, and the ``real_pdf`` marker that counts their skips.

The shared folder is not part of the repository: a clone has no real PDFs, and a test that needs
one skips rather than fails. So that a CI log says how much went untested, every such test is
marked ``@pytest.mark.real_pdf`` and the terminal summary counts its skips (a pytest plugin:
the project's conftest.py loads this module). ``TRANSPARENCY_SHARED`` points at another shared
folder; pointed at a missing one, it shows what a clone without the folder runs:

    TRANSPARENCY_SHARED=/nowhere python -m pytest -q -p no:cacheprovider
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from disclosures.parsing import document, parse_pdf

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TRANSPARENCY_SHARED") or REPO.parent / "shared")
REAL = SHARED / "real"  # seven disclosures, each named by a prefix: SH12_…pdf
CORPUS = SHARED / "corpus"  # a city's worth of downloads, disclosures and not
SEED_TEXT = SHARED / "seed" / "000_0d11237ca329338a.txt"  # the seed's text, as extracted

MARKER = "real_pdf"


def real_pdf(prefix: str) -> Path:
    """The real disclosure whose file name starts with ``prefix_`` (SH12), or skip the test."""
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent (no shared folder on this machine)")
    matches = sorted(REAL.glob(f"{prefix}_*.pdf"))
    if not matches:
        pytest.skip(f"{REAL} has no {prefix}_*.pdf")
    return matches[0]


def corpus_pdfs() -> list:
    """The corpus's PDFs as parameters (one test each, named by the file), for
    ``@pytest.mark.parametrize("path", corpus_pdfs())``; one skipped parameter when it is absent."""
    paths = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
    if not paths:
        reason = f"{CORPUS} is absent (no shared folder on this machine)"
        return [pytest.param(None, id="no-corpus", marks=pytest.mark.skip(reason=reason))]
    return [pytest.param(path, id=path.stem) for path in paths]


@pytest.fixture(scope="session")
def real_parsed() -> Callable[[str], document.ParsedDisclosure]:
    """``real_parsed("SH12")``: the real disclosure parsed, once a session (skips when absent)."""
    cache: dict[str, document.ParsedDisclosure] = {}

    def get(prefix: str) -> document.ParsedDisclosure:
        if prefix not in cache:
            cache[prefix] = parse_pdf(real_pdf(prefix))
        return cache[prefix]

    return get


def pytest_terminal_summary(terminalreporter):
    """Count the tests marked ``real_pdf`` that ran and that skipped, with the skip reasons, so a
    CI log says how many tests did not run because the shared folder is absent (works under
    xdist: the reports carry their keywords)."""
    outcomes: dict[str, set[str]] = {}
    reasons: dict[str, set[str]] = {}
    for status, reports in terminalreporter.stats.items():
        for report in reports:
            if not status or MARKER not in getattr(report, "keywords", {}):
                continue  # "" holds the setup and teardown reports of tests that ran
            if status != "passed" or report.when == "call":
                outcomes.setdefault(status, set()).add(report.nodeid)
            if status == "skipped" and isinstance(report.longrepr, tuple):
                reasons.setdefault(report.longrepr[2].removeprefix("Skipped: "), set()).add(report.nodeid)
    if not outcomes:
        return
    terminalreporter.section(f"tests of the real documents (marker {MARKER}, folder {SHARED})")
    counts = ", ".join(f"{len(nodes)} {status}" for status, nodes in sorted(outcomes.items()))
    terminalreporter.write_line(counts)
    for reason, nodes in sorted(reasons.items(), key=lambda item: -len(item[1])):
        terminalreporter.write_line(f"  {len(nodes)} skipped: {reason}")
