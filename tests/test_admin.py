"""The admin: upload disclosures (one or several) end to end, see their parse log and checks, complete a
待确认 one, merge departments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from disclosures.ingest import ingest_pdf
from disclosures.models import Department, DepartmentAlias, Disclosure
from tests.builders import make_parsed, make_pdf_file

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/disclosures/disclosure/upload/"


def pdf_upload(name="711-2025.pdf", size=200):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def upload(client, file):
    return client.post(UPLOAD_URL, {"file": file}, follow=True)


# Outside a test transaction, as in production: the task is enqueued once the upload is committed.
@pytest.mark.django_db(transaction=True)
class TestUploadEndToEnd:
    def test_upload_is_parsed_and_stored(self, staff_client, parser):
        parser.gives("711-2025.pdf", make_parsed())

        response = upload(staff_client, pdf_upload())

        disclosure = Disclosure.objects.get()
        assert response.redirect_chain[-1][0] == reverse(
            "admin:disclosures_disclosure_change", args=[disclosure.pk]
        )
        assert disclosure.status == Disclosure.Status.STORED and disclosure.is_current
        assert disclosure.uploaded_by.username == "finance"
        page = response.content.decode()
        assert "已入库" in page
        assert "解析记录" in page and "合并跨页后 4 张表，8 行，18 个金额" in page
        assert "目录" in page and "不是报表" in page  # what was skipped, and why
        assert "3 项核验，1 项未通过" in page
        assert "20805 行政事业单位养老支出" in page  # the failure's row
        assert "部门预算收入总表" in page and "工会事务" in page  # the parsed tables

    def test_refused_upload_shows_the_message(self, staff_client, parser):
        parser.gives("711-2025.pdf", "看起来不是部门预算或决算公开文件")

        response = upload(staff_client, pdf_upload())

        disclosure = Disclosure.objects.get()
        assert disclosure.status == Disclosure.Status.REFUSED
        assert "711-2025.pdf：看起来不是部门预算或决算公开文件" in response.content.decode()
        assert not Disclosure.objects.current().exists()
        # Nothing public to link to: a refused upload has no page on the site.
        assert "在站点上查看" not in response.content.decode()

    def test_too_large_is_refused_by_the_form(self, staff_client, parser, settings):
        settings.DISCLOSURE_MAX_UPLOAD_MB = 1

        response = upload(staff_client, pdf_upload(size=1024 * 1024 + 1))

        assert response.status_code == 200 and "超过上限 1 MB" in response.content.decode()
        assert not Disclosure.objects.exists() and parser.calls == []

    def test_with_the_database_backend_the_upload_waits_for_the_worker(self, staff_client, parser, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

        response = upload(staff_client, pdf_upload())

        disclosure = Disclosure.objects.get()
        assert disclosure.status == Disclosure.Status.PENDING and parser.calls == []
        assert "正在排队解析" in response.content.decode()
        task = DBTaskResult.objects.get()
        assert task.task_path == "disclosures.tasks.ingest_uploaded_disclosure"
        assert task.args_kwargs["kwargs"] == {"disclosure_id": disclosure.pk}


class TestAdminPages:
    def test_changelist_offers_upload_and_shows_checks(self, staff_client, parser, tmp_path):
        parser.gives("a.pdf", make_parsed())
        ingest_pdf(file=make_pdf_file(tmp_path, "a.pdf"))

        page = staff_client.get("/admin/disclosures/disclosure/").content.decode()

        assert "上传公开文件" in page and UPLOAD_URL in page
        assert "3 项核验，1 项未通过" in page

    def test_add_goes_to_the_upload_form(self, staff_client):
        response = staff_client.get("/admin/disclosures/disclosure/add/")

        assert response.status_code == 302 and response["Location"] == UPLOAD_URL

    def test_parsed_data_is_read_only(self, staff_client, parser, tmp_path):
        parser.gives("a.pdf", make_parsed())
        disclosure = ingest_pdf(file=make_pdf_file(tmp_path, "a.pdf")).disclosure

        page = staff_client.get(f"/admin/disclosures/disclosure/{disclosure.pk}/change/").content.decode()

        assert 'name="_save"' not in page
        source = staff_client.get(reverse("admin:disclosures_disclosure_source", args=[disclosure.pk]))
        assert source["Content-Type"] == "application/pdf"

    def test_upload_needs_staff(self, client, db):
        response = client.get(UPLOAD_URL)

        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_pdf_text_is_escaped(self, staff_client, parser, tmp_path):
        parser.gives("a.pdf", make_parsed(department="<script>alert(1)</script>"))
        disclosure = ingest_pdf(file=make_pdf_file(tmp_path, "a.pdf")).disclosure

        page = staff_client.get(f"/admin/disclosures/disclosure/{disclosure.pk}/change/").content.decode()

        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


class TestMergeDepartments:
    def test_merge_moves_disclosures_and_records_the_alias(self, staff_client, parser, tmp_path):
        parser.gives("a.pdf", make_parsed(department="江苏省委办公厅", code="", year=2024))
        parser.gives("b.pdf", make_parsed(department="中共江苏省委办公厅", code="", year=2025))
        first = ingest_pdf(file=make_pdf_file(tmp_path, "a.pdf")).disclosure
        second = ingest_pdf(file=make_pdf_file(tmp_path, "b.pdf")).disclosure

        response = staff_client.post(
            "/admin/disclosures/department/",
            {"action": "merge", "_selected_action": [first.department_id, second.department_id]},
            follow=True,
        )

        kept = Department.objects.get()
        assert "合并到" in response.content.decode()
        assert kept.name == "江苏省委办公厅"
        assert list(kept.aliases.values_list("name", flat=True)) == ["中共江苏省委办公厅"]
        assert kept.disclosures.count() == 2

        parser.gives("c.pdf", make_parsed(department="中共江苏省委办公厅", code="", year=2026))
        third = ingest_pdf(file=make_pdf_file(tmp_path, "c.pdf")).disclosure
        assert third.department == kept

    def test_merge_of_two_current_versions_keeps_the_later_one_current(self, staff_client, parser, tmp_path):
        parser.gives("a.pdf", make_parsed(department="江苏省委办公厅", code="320"))
        parser.gives("b.pdf", make_parsed(department="中共江苏省委办公厅", code=""))
        older = ingest_pdf(file=make_pdf_file(tmp_path, "a.pdf")).disclosure
        newer = ingest_pdf(file=make_pdf_file(tmp_path, "b.pdf")).disclosure

        staff_client.post(
            "/admin/disclosures/department/",
            {"action": "merge", "_selected_action": [older.department_id, newer.department_id]},
        )

        older.refresh_from_db()
        assert Department.objects.get().code == "320"
        assert not older.is_current and older.superseded_by == newer
        assert Disclosure.objects.current().get() == newer
        assert DepartmentAlias.objects.get().name == "中共江苏省委办公厅"

    def test_merge_needs_two(self, staff_client, db):
        department = Department.objects.create(name="一个部门")

        response = staff_client.post(
            "/admin/disclosures/department/",
            {"action": "merge", "_selected_action": [department.pk]},
            follow=True,
        )

        assert "至少选择两个部门" in response.content.decode()


@pytest.mark.django_db(transaction=True)
class TestUploadSampleDocument:
    def test_the_sample_pdf_through_the_admin(self, staff_client, seed_pdf):
        file = SimpleUploadedFile(seed_pdf.name, seed_pdf.read_bytes(), content_type="application/pdf")

        response = upload(staff_client, file)

        disclosure = Disclosure.objects.get()
        assert disclosure.status == Disclosure.Status.STORED, disclosure.refusal
        assert (disclosure.department.code, disclosure.year, disclosure.stage) == ("711", 2025, "预算")
        page = response.content.decode()
        assert "已入库" in page and "部门预算收入总表" in page and "项核验" in page


# --- 待确认: a disclosure whose file does not say whose it is ---------------------------------------


@pytest.mark.django_db(transaction=True)
class TestCompletingADisclosureToConfirm:
    def test_staff_fill_in_the_department_and_it_is_published(self, staff_client, parser, client):
        parser.gives("scan0001.pdf", make_parsed(department="", code=""))

        response = upload(staff_client, pdf_upload("scan0001.pdf"))

        waiting = Disclosure.objects.get()
        assert waiting.status == Disclosure.Status.REVIEW and not waiting.is_current
        page = response.content.decode()
        assert "待确认：scan0001.pdf，未能从文件中识别部门名称" in page
        confirm_url = reverse("admin:disclosures_disclosure_confirm", args=[waiting.pk])
        assert confirm_url in page and "补填身份并公开" in page
        assert client.get(waiting.get_absolute_url()).status_code == 404  # not public yet

        form = staff_client.get(confirm_url).content.decode()
        assert 'value="2025"' in form  # what was read is offered
        response = staff_client.post(
            confirm_url,
            {"department": "张家口市总工会", "code": "711", "year": "2025", "stage": "预算", "level": "部门"},
            follow=True,
        )

        waiting.refresh_from_db()
        assert waiting.status == Disclosure.Status.STORED and waiting.is_current
        assert (waiting.department.code, waiting.department.name, waiting.year) == (
            "711",
            "张家口市总工会",
            2025,
        )
        assert waiting.given_identity["department"] == "张家口市总工会"
        assert "已入库：张家口市总工会 2025年预算部门" in response.content.decode()
        # The checks ran again on the stored version, and it is public.
        assert waiting.checks.count() == len(set(waiting.checks.values_list("name", flat=True))) > 0
        assert client.get(waiting.get_absolute_url()).status_code == 200
        assert parser.calls == ["scan0001.pdf", "scan0001.pdf"]

    def test_the_confirmation_needs_department_year_and_stage(self, staff_client, parser):
        parser.gives("x.pdf", make_parsed(department="", code="", year=None))
        upload(staff_client, pdf_upload("x.pdf"))
        waiting = Disclosure.objects.get()

        response = staff_client.post(
            reverse("admin:disclosures_disclosure_confirm", args=[waiting.pk]),
            {"department": "张家口市总工会"},
        )

        assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.status == Disclosure.Status.REVIEW

    def test_waiting_disclosures_are_listed_first(self, staff_client, parser):
        parser.gives("waiting.pdf", make_parsed(department="", code=""))
        parser.gives("stored.pdf", make_parsed())
        upload(staff_client, pdf_upload("waiting.pdf", 201))
        upload(staff_client, pdf_upload("stored.pdf", 202))  # uploaded later: listed first but for 待确认

        page = staff_client.get("/admin/disclosures/disclosure/").content.decode()

        assert page.index("waiting.pdf") < page.index("stored.pdf")
        assert "待确认" in page


@pytest.mark.django_db(transaction=True)
class TestUploadingSeveralFiles:
    def test_each_file_is_listed_with_its_status(self, staff_client, parser):
        parser.gives("a.pdf", make_parsed())
        parser.gives("b.pdf", "看起来不是部门预算或决算公开文件")
        parser.gives("c.pdf", make_parsed(department="", code=""))

        response = staff_client.post(
            UPLOAD_URL,
            {"file": [pdf_upload("a.pdf", 201), pdf_upload("b.pdf", 202), pdf_upload("c.pdf", 203)]},
            follow=True,
        )

        assert response.redirect_chain[-1][0].startswith(reverse("admin:disclosures_disclosure_uploads"))
        page = response.content.decode()
        assert "本次上传的 3 个文件" in page
        assert "已入库 1，待确认 1，已拒收 1" in page
        assert "b.pdf：看起来不是部门预算或决算公开文件" in page
        assert "补填身份" in page
        assert 'http-equiv="refresh"' not in page  # nothing is still being parsed

    def test_while_they_wait_for_the_worker_the_page_refreshes(self, staff_client, parser, settings):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

        response = staff_client.post(
            UPLOAD_URL, {"file": [pdf_upload("a.pdf", 201), pdf_upload("b.pdf", 202)]}, follow=True
        )

        page = response.content.decode()
        assert "等待解析 2" in page and 'http-equiv="refresh"' in page
        assert DBTaskResult.objects.count() == 2

    def test_the_identity_given_at_upload_wins(self, staff_client, parser):
        parser.gives("a.pdf", make_parsed(department="张家口市总工会", year=2025))

        staff_client.post(
            UPLOAD_URL,
            {"file": pdf_upload("a.pdf"), "department": "张家口市档案馆", "year": "2024"},
            follow=True,
        )

        disclosure = Disclosure.objects.get()
        assert (disclosure.department_name, disclosure.year) == ("张家口市档案馆", 2024)
        assert (
            "部门名称：上传时填写“张家口市档案馆”，文件印的是“张家口市总工会”，以填写的为准"
            in disclosure.parse_log["notes"]
        )
