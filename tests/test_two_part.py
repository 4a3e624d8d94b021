"""A disclosure published as two PDFs, the explanation and the tables: the second completes it.

The seed is rendered as two files: its nine tables (15 pages) and its explanation (19 pages,
numbered from 1, so the seed's page 23 is page 8 of the explanation PDF).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from disclosures.ingest import ingest_pdf
from disclosures.models import Disclosure
from seedpdf import SEED, render_document
from tests.expected import SEED_LINES
from tests.reading import csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def parts(tmp_path):
    tables = tmp_path / "711-2025-tables.pdf"
    explanation = tmp_path / "711-2025-explanation.pdf"
    render_document(tables, replace(SEED, explanation=()))
    render_document(explanation, replace(SEED, tables=()))
    return tables, explanation


def downloaded(client):
    lines = csv_rows(client.get("/export/lines.csv?department=711"))
    projects = csv_rows(client.get("/export/projects.csv?department=711"))
    checks = csv_rows(client.get("/export/checks.csv?department=711"))
    return lines, projects, checks


def assert_complete(client):
    lines, projects, checks = downloaded(client)
    got = [
        (r["table"], r["side"], r["row_no"], r["code"], r["item"], r["column"], r["amount"], int(r["page"]))
        for r in lines
    ]
    assert sorted(got) == sorted(SEED_LINES)  # the tables PDF numbers its pages as the seed does
    assert [(r["project_name"], r["page"]) for r in projects] == [
        ("冀财行【2024】97号—提前下达2025年省级困难职工及劳模帮扶救助专项资金", "8"),
        ("困难职工及劳模帮扶救助资金", "10"),
        ("市级劳模疗休养资金", "13"),
        ("市劳模表彰奖励资金", "15"),
    ]
    # The checks ran on the whole disclosure: tables against prose, projects against 项目支出.
    assert {r["status"] for r in checks} == {"ok", "warning"}
    assert {"prose.income_total", "projects", "cross_table.three_public"} <= {r["check"] for r in checks}


class TestTwoPartDisclosure:
    def test_explanation_first_then_tables(self, client, parts):
        tables, explanation = parts
        first = ingest_pdf(file=explanation)
        second = ingest_pdf(file=tables)
        assert first.stored and second.stored
        assert_complete(client)
        current = Disclosure.objects.current().get()
        assert current.explanation_source == first.disclosure
        assert Disclosure.objects.stored().count() == 2

    def test_tables_first_then_explanation(self, client, parts):
        tables, explanation = parts
        first = ingest_pdf(file=tables)
        ingest_pdf(file=explanation)
        assert_complete(client)
        current = Disclosure.objects.current().get()
        assert current.tables_source == first.disclosure
        assert {p["expense_code"] for p in downloaded(client)[1]} == {"2012906"}
