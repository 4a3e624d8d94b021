"""The public pages: the list, a disclosure, a department, the original PDF."""

import pytest
from django.core.files import File

from disclosures.ingest import disclosure_upload, ingest_pdf
from tests.builders import make_income_table, make_parsed, make_pdf_file, make_stored

pytestmark = pytest.mark.django_db


class TestList:
    def test_lists_current_disclosures_with_filters(self, client, parser, tmp_path):
        make_stored(parser, tmp_path, "a.pdf")
        make_stored(parser, tmp_path, "b.pdf", department="张家口市财政局", code="712", year=2024)

        page = client.get("/disclosures/").content.decode()
        filtered = client.get("/disclosures/", {"year": "2024"}).content.decode()

        assert "张家口市总工会" in page and "张家口市财政局" in page
        assert "1 / 3" in page  # failed / applicable checks
        assert "张家口市财政局" in filtered and "张家口市总工会" not in filtered
        assert "/export/lines.csv?year=2024" in filtered  # the CSV of what the list shows


class TestDisclosurePage:
    def test_tables_with_page_links_and_checks_failed_first(self, client, parser, tmp_path):
        disclosure = make_stored(parser, tmp_path)

        page = client.get(disclosure.get_absolute_url()).content.decode()

        assert "部门预算收入总表" in page and "工会事务" in page and "176.30" in page
        assert f'href="/disclosures/{disclosure.pk}/pdf#page=4"' in page
        assert "3 项核验，1 项未通过" in page
        assert page.index("款的金额不等于其项之和") < page.index("项目合计小于项目支出")
        assert "注：无政府性基金预算财政拨款预算，空表列示。" in page
        assert "市级劳模疗休养资金" in page and "≤200人" in page
        assert "张家口市总工会本级" in page

    def test_an_earlier_version_says_it_was_replaced(self, client, parser, tmp_path):
        first = make_stored(parser, tmp_path, "first.pdf")
        parser.gives("second.pdf", make_parsed(tables=[make_income_table()]))
        ingest_pdf(file=make_pdf_file(tmp_path, "second.pdf"))

        page = client.get(first.get_absolute_url()).content.decode()

        assert "已被新版本替换" in page

    def test_text_from_the_pdf_is_escaped(self, client, parser, tmp_path):
        table = make_income_table()
        table.rows[0].item = '<img src=x onerror="alert(1)">'
        disclosure = make_stored(parser, tmp_path, tables=[table])

        page = client.get(disclosure.get_absolute_url()).content.decode()

        assert "<img src=x" not in page and "&lt;img src=x" in page


class TestDepartmentPage:
    def test_lists_its_disclosures_across_years(self, client, parser, tmp_path):
        disclosure = make_stored(parser, tmp_path, "a.pdf")
        make_stored(parser, tmp_path, "b.pdf", year=2024, stage="决算")

        page = client.get(disclosure.department.get_absolute_url()).content.decode()

        assert "2025" in page and "2024" in page and "决算" in page


class TestOriginalPdf:
    def test_stored_pdf_is_served_inline(self, client, parser, tmp_path):
        disclosure = make_stored(parser, tmp_path)

        response = client.get(disclosure.pdf_url())

        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_an_upload_not_stored_is_not_public(self, client, tmp_path):
        path = make_pdf_file(tmp_path, "pending.pdf")
        upload = disclosure_upload(file=File(path.open("rb"), name="pending.pdf"))

        assert client.get(upload.pdf_url()).status_code == 404
