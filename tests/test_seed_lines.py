"""Every amount of the seed's nine tables comes out of /export/lines.csv exactly.

SEED_LINES (tests/expected.py) was transcribed from the seed text
(../shared/seed/000_0d11237ca329338a.txt): one tuple per non-empty amount cell, with the page its
table occupies in the seed's own page numbering (收支总表 pages 1-2, 收入总表 3-4, …), which the
generated PDF reproduces. The three empty tables (政府性基金, 国有资本经营, 三公) have no amounts
and no lines.
"""

from __future__ import annotations

import pytest

from disclosures.ingest import ingest_pdf
from tests.expected import SEED_LINES
from tests.reading import csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_lines(client, seed_pdf):
    with seed_pdf.open("rb") as fh:
        ingest_pdf(file=fh, filename=seed_pdf.name)
    return csv_rows(client.get("/export/lines.csv"))


class TestSeedLines:
    def test_every_amount_comes_out_exactly(self, seed_lines):
        got = [
            (
                r["table"],
                r["side"],
                r["row_no"],
                r["code"],
                r["item"],
                r["column"],
                r["amount"],
                int(r["page"]),
            )
            for r in seed_lines
        ]
        assert len(SEED_LINES) == 188
        assert sorted(got) == sorted(SEED_LINES)

    def test_each_line_names_the_document(self, seed_lines):
        identities = {
            (r["department_code"], r["department"], r["year"], r["stage"], r["level"], r["unit"])
            for r in seed_lines
        }
        assert identities == {("711", "张家口市总工会", "2025", "预算", "部门", "万元")}

    def test_printed_titles_are_kept(self, seed_lines):
        titles = {r["table"]: r["table_title"] for r in seed_lines}
        assert titles["收入总表"] == "部门预算收入总表"
        assert titles["一般公共预算财政拨款基本支出表"] == "部门预算一般公共预算财政拨款基本支出表"

    def test_wrapped_row_name_is_joined_across_the_page_break(self, seed_lines):
        row11 = [r for r in seed_lines if r["table"] == "收入总表" and r["row_no"] == "11"]
        assert {r["item"] for r in row11} == {"财政对其他社会保险基金的补助"}
        assert {r["page"] for r in row11} == {"3"}

    def test_stray_spaces_in_codes_are_removed(self, seed_lines):
        codes = {r["code"] for r in seed_lines if r["table"] == "支出总表" and r["page"] == "6"}
        assert {"2101101", "2101102", "2210201"} <= codes
