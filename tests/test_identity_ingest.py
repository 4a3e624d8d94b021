"""Nothing readable is refused for a missing field; what staff give wins over what a file prints.

A disclosure whose department, year or stage cannot be read is stored 待确认: its contents and
checks are kept for staff to look at, it is in no department and not published. Given the
missing fields (at upload, on the command line, or by completing it in the admin), the file is
read again with them and becomes a stored, current version like any other.
"""

from __future__ import annotations

import pytest

from disclosures.ingest import REVIEW, STORED, UNCHANGED, ingest_pdf
from disclosures.models import CheckResult, Department, Disclosure, StatementTable
from tests.builders import make_parsed, make_pdf_file
from tests.reading import csv_rows

pytestmark = pytest.mark.django_db


def nameless(**fields):
    return make_parsed(department="", code="", **fields)


class TestKeptForReview:
    def test_a_readable_file_without_a_department_is_kept_unpublished(self, parser, tmp_path):
        parser.gives("scan0001.pdf", nameless())

        result = ingest_pdf(file=make_pdf_file(tmp_path, "scan0001.pdf"))

        assert result.outcome == REVIEW and result.label == "待确认"
        disclosure = result.disclosure
        assert disclosure.status == Disclosure.Status.REVIEW
        assert not disclosure.is_current and disclosure.department is None
        assert (disclosure.year, disclosure.stage) == (2025, "预算")  # what was read is kept
        assert disclosure.parse_log["missing"] == ["部门名称"]
        assert disclosure.tables.count() == 4 and disclosure.checks.exists()
        assert not Disclosure.objects.current().exists() and not Department.objects.exists()

    def test_each_missing_field_is_named(self, parser, tmp_path):
        parser.gives("x.pdf", make_parsed(department="", code="", year=None, stage=""))

        disclosure = ingest_pdf(file=make_pdf_file(tmp_path, "x.pdf")).disclosure

        assert disclosure.parse_log["missing"] == ["部门名称", "年度", "类型"]

    def test_it_is_not_on_the_public_site(self, parser, tmp_path, client):
        parser.gives("x.pdf", nameless())
        disclosure = ingest_pdf(file=make_pdf_file(tmp_path, "x.pdf")).disclosure

        assert client.get(disclosure.get_absolute_url()).status_code == 404
        assert csv_rows(client.get("/export/lines.csv")) == []

    def test_the_same_file_again_stays_waiting_unread(self, parser, tmp_path):
        parser.gives("x.pdf", nameless())
        path = make_pdf_file(tmp_path, "x.pdf")
        first = ingest_pdf(file=path).disclosure

        again = ingest_pdf(file=path)

        assert again.outcome == REVIEW and again.disclosure == first
        assert parser.calls == ["x.pdf"]  # not parsed a second time
        assert Disclosure.objects.count() == 1


class TestGivenIdentity:
    def test_what_staff_give_wins_and_the_log_says_where_the_print_differs(self, parser, tmp_path):
        parser.gives("a.pdf", make_parsed(department="张家口市总工会", year=2025))

        result = ingest_pdf(
            file=make_pdf_file(tmp_path, "a.pdf"), given={"department": "张家口市档案馆", "year": 2024}
        )

        disclosure = result.disclosure
        assert result.outcome == STORED
        assert (disclosure.department_name, disclosure.year) == ("张家口市档案馆", 2024)
        assert disclosure.department.name == "张家口市档案馆"
        assert disclosure.department.code == ""  # 711 is the code printed with the other name
        notes = disclosure.parse_log["notes"]
        assert "部门名称：上传时填写“张家口市档案馆”，文件印的是“张家口市总工会”，以填写的为准" in notes
        assert "年度：上传时填写“2024”，文件印的是“2025”，以填写的为准" in notes
        assert disclosure.given_identity == {"department": "张家口市档案馆", "year": 2024}

    def test_a_given_field_that_agrees_with_the_print_adds_no_note(self, parser, tmp_path):
        parser.gives("a.pdf", make_parsed())

        disclosure = ingest_pdf(file=make_pdf_file(tmp_path, "a.pdf"), given={"year": 2025}).disclosure

        assert not [note for note in disclosure.parse_log["notes"] if "上传时填写" in note]
        assert disclosure.department.code == "711"

    def test_a_waiting_file_given_its_department_is_stored_in_the_same_row(self, parser, tmp_path):
        parser.gives("x.pdf", nameless())
        path = make_pdf_file(tmp_path, "x.pdf")
        waiting = ingest_pdf(file=path).disclosure

        result = ingest_pdf(file=path, given={"department": "张家口市总工会", "code": "711"})

        assert result.outcome == STORED and result.disclosure.pk == waiting.pk
        waiting.refresh_from_db()
        assert waiting.status == Disclosure.Status.STORED and waiting.is_current
        assert (waiting.department.code, waiting.department.name) == ("711", "张家口市总工会")
        # Its contents were written again, not twice.
        assert StatementTable.objects.filter(disclosure=waiting).count() == 4
        names = list(CheckResult.objects.filter(disclosure=waiting).values_list("name", flat=True))
        assert names and len(names) == len(set(names))
        assert Disclosure.objects.count() == 1

    def test_once_stored_the_same_file_is_unchanged(self, parser, tmp_path):
        parser.gives("x.pdf", nameless())
        path = make_pdf_file(tmp_path, "x.pdf")
        ingest_pdf(file=path)
        ingest_pdf(file=path, given={"department": "张家口市总工会"})

        assert ingest_pdf(file=path).outcome == UNCHANGED
