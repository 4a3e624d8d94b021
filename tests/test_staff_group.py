"""The 财务人员 group (migration 0003): finance staff upload and review disclosures, nothing more."""

import pytest
from django.contrib.auth.models import Group, User

from disclosures.ingest import ingest_pdf
from tests.builders import make_parsed, make_pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_client(client):
    user = User.objects.create_user("kuaiji", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="财务人员"))
    client.force_login(user)
    return client


def test_the_group_has_only_upload_and_review_permissions():
    codenames = set(Group.objects.get(name="财务人员").permissions.values_list("codename", flat=True))

    assert {"add_disclosure", "view_disclosure", "change_department"} <= codenames
    assert not {name for name in codenames if name.startswith("delete_")}
    assert (
        not Group.objects.get(name="财务人员")
        .permissions.exclude(content_type__app_label="disclosures")
        .exists()
    )


def test_finance_staff_upload_and_review(finance_client, parser, tmp_path):
    parser.gives("a.pdf", make_parsed())
    disclosure = ingest_pdf(file=make_pdf_file(tmp_path, "a.pdf")).disclosure

    assert finance_client.get("/admin/disclosures/disclosure/upload/").status_code == 200
    assert finance_client.get("/admin/disclosures/disclosure/").status_code == 200
    assert finance_client.get(f"/admin/disclosures/disclosure/{disclosure.pk}/change/").status_code == 200
    assert finance_client.get("/admin/disclosures/department/").status_code == 200


def test_finance_staff_neither_manage_users_nor_delete_versions(finance_client, parser, tmp_path):
    parser.gives("a.pdf", make_parsed())
    disclosure = ingest_pdf(file=make_pdf_file(tmp_path, "a.pdf")).disclosure

    assert finance_client.get("/admin/auth/user/").status_code == 403
    assert finance_client.get("/admin/auth/group/").status_code == 403
    assert finance_client.get(f"/admin/disclosures/disclosure/{disclosure.pk}/delete/").status_code == 403
    page = finance_client.get("/admin/disclosures/disclosure/").content.decode()
    assert "delete_selected" not in page and "retry_parse" in page
