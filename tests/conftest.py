"""Fixtures for the tests (helpers live in tests/builders.py, expected values in tests/expected.py,
the real-PDF fixtures in tests/real.py, the parser's stand-ins in tests/stand_ins.py).

Most tests build the ParsedDisclosure themselves and stand it in for the parser with the
``parser`` fixture, so that what is stored is known exactly; ``seed_pdf`` renders the sample
document to a real PDF for the tests of the whole path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.stand_ins import FakeParser, make_check_results


@pytest.fixture
def parser(monkeypatch) -> FakeParser:
    """parse_pdf replaced by a FakeParser, and run_checks by make_check_results."""
    fake = FakeParser()
    monkeypatch.setattr("disclosures.parsing.parse_pdf", fake)
    monkeypatch.setattr("disclosures.checks.run_checks", make_check_results)
    return fake


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_superuser("finance", "finance@example.org", "a-long-test-password")


@pytest.fixture(scope="session")
def rendered_seed(tmp_path_factory) -> Path:
    """The seed rendered once a session, for tests that only read it (seed_pdf gives each test
    its own copy to store)."""
    from seedpdf import render_document

    return render_document(tmp_path_factory.mktemp("seed") / "seed.pdf").path


@pytest.fixture
def seed_pdf(tmp_path) -> Path:
    """The sample disclosure (张家口市总工会 2025 部门预算) rendered to a real PDF."""
    from seedpdf import render_document

    path = tmp_path / "711-zhangjiakou-2025-budget.pdf"
    render_document(path)
    return path
