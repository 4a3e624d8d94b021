"""The public pages are kept in the cache and revalidated, and never show what is no longer so.

A repeat visit is served from the cache (no rendering, the same bytes, at most the one query that
reads the data's version) or answered 304; an ingest, a withdrawal or a deletion shows at once;
staff never get a visitor's cached page and their own pages are never kept for visitors.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosures import caching, exports
from disclosures.departments import department_merge
from disclosures.ingest import ingest_pdf
from disclosures.models import Disclosure
from tests.builders import make_parsed, make_pdf_file
from tests.expected import make_seed_doc
from tests.reading import csv_rows
from tests.site_builders import make_city, make_department, make_disclosure
from tests.test_page_queries import urls

pytestmark = pytest.mark.django_db

SEED_DEPARTMENT = "张家口市总工会"


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with nothing kept, and asks for the data's version on every request."""
    settings.PAGE_CACHE_RECHECK_SECONDS = 0
    caches[caching.CACHE_ALIAS].clear()
    caching._version_memo.clear()
    yield
    caches[caching.CACHE_ALIAS].clear()
    caching._version_memo.clear()


@pytest.fixture
def staff_client(db) -> Client:
    user = get_user_model().objects.create_superuser("finance", "finance@example.org", "a-long-test-password")
    client = Client()
    client.force_login(user)
    return client


def fetched(client, url: str, **headers):
    """(response, body, queries) of one request, a streamed body read to the end."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body, len(queries.captured_queries)


def test_a_repeat_visit_is_served_from_the_cache_with_the_same_bytes(client):
    make_city(6)
    for name, url in urls().items():
        first, first_body, rendering = fetched(client, url)
        again, again_body, cached = fetched(client, url)
        assert first.status_code == again.status_code == 200, name
        assert again_body == first_body, name
        assert again["ETag"] == first["ETag"], name
        # The one query left reads the data's version; rendering the page took more (an export
        # on PostgreSQL is one COPY, not seen here: test_a_small_csv_is_kept… covers it).
        assert cached <= 1, (name, cached)
        assert name == "lines.csv" or rendering > 1, (name, rendering)


def test_between_rechecks_a_cached_page_costs_no_query(client, settings):
    make_city(6)
    settings.PAGE_CACHE_RECHECK_SECONDS = 60
    url = urls()["disclosure"]
    fetched(client, url)
    _, _, queries = fetched(client, url)
    assert queries == 0


def test_query_strings_are_part_of_the_key(client):
    by_year = {year: [d.get_absolute_url() for d in found] for year, found in years_of(make_city(6)).items()}
    page_2024 = client.get("/disclosures/?year=2024").content.decode()
    page_2025 = client.get("/disclosures/?year=2025").content.decode()
    assert all(url in page_2024 for url in by_year[2024])
    assert not any(url in page_2024 for url in by_year[2025])
    assert all(url in page_2025 for url in by_year[2025])
    assert not any(url in page_2025 for url in by_year[2024])


def years_of(disclosures: list[Disclosure]) -> dict[int, list[Disclosure]]:
    found: dict[int, list[Disclosure]] = {}
    for disclosure in disclosures:
        found.setdefault(disclosure.year, []).append(disclosure)
    return found


def test_if_none_match_and_if_modified_since_get_304(client):
    make_city(6)
    for name, url in urls().items():
        first, _, _ = fetched(client, url)
        assert "max-age=0" in first["Cache-Control"] and "must-revalidate" in first["Cache-Control"], name
        revisit, body, _ = fetched(client, url, if_none_match=first["ETag"])
        assert revisit.status_code == 304 and body == b"", name
        revisit, body, _ = fetched(client, url, if_modified_since=first["Last-Modified"])
        assert revisit.status_code == 304 and body == b"", name
        other, _, _ = fetched(client, url, if_none_match='"something-else"')
        assert other.status_code == 200, name


def test_an_ingest_changes_the_pages(client, parser, tmp_path):
    make_city(6)
    home = client.get("/").content.decode()
    department_list = client.get("/departments/").content.decode()
    etag = client.get("/")["ETag"]
    assert SEED_DEPARTMENT not in home and SEED_DEPARTMENT not in department_list

    parser.gives("seed.pdf", make_seed_doc())
    ingest_pdf(file=make_pdf_file(tmp_path, "seed.pdf"))

    assert SEED_DEPARTMENT in client.get("/").content.decode()
    assert SEED_DEPARTMENT in client.get("/departments/").content.decode()
    assert client.get("/", headers={"if_none_match": etag}).status_code == 200


def test_a_waiting_disclosure_completed_and_published_shows(client, parser, tmp_path):
    make_city(6)
    parser.gives("scan0001.pdf", make_parsed(department="", code=""))
    path = make_pdf_file(tmp_path, "scan0001.pdf")
    waiting = ingest_pdf(file=path).disclosure  # 待确认: not published
    assert SEED_DEPARTMENT not in client.get("/departments/").content.decode()
    assert client.get(waiting.get_absolute_url()).status_code == 404

    # 补填身份并公开: the same file read again with what staff gave.
    ingest_pdf(file=path, given={"department": SEED_DEPARTMENT, "code": "711"})

    assert SEED_DEPARTMENT in client.get("/departments/").content.decode()
    assert client.get(waiting.get_absolute_url()).status_code == 200


def test_with_a_recheck_window_a_change_shows_once_it_has_passed(client, settings, monkeypatch):
    [first, *_] = make_city(6)
    settings.PAGE_CACHE_RECHECK_SECONDS = 2
    now = [1000.0]
    monkeypatch.setattr(caching, "clock", lambda: now[0])
    assert first.get_absolute_url() in client.get("/disclosures/").content.decode()

    Disclosure.objects.filter(pk=first.pk).update(is_current=False)
    now[0] += 1  # within the window: the page as it was
    assert first.get_absolute_url() in client.get("/disclosures/").content.decode()
    now[0] += 2  # past it: the version is read again
    assert first.get_absolute_url() not in client.get("/disclosures/").content.decode()


def test_a_new_version_shows_on_the_superseded_page(client):
    [first] = make_city(1)
    page = client.get(first.get_absolute_url()).content.decode()
    assert "第2版" not in page
    department = first.department
    Disclosure.objects.filter(pk=first.pk).update(is_current=False)  # as the ingest supersedes it
    newer = make_disclosure(department, year=first.year)
    Disclosure.objects.filter(pk=newer.pk).update(version=2)
    Disclosure.objects.filter(pk=first.pk).update(superseded_by=newer)
    assert newer.get_absolute_url() in client.get(first.get_absolute_url()).content.decode()


def test_a_withdrawn_version_leaves_the_pages(client):
    disclosures = make_city(6)
    withdrawn = disclosures[-1]
    name = withdrawn.department.name
    assert name in client.get("/departments/").content.decode()
    assert withdrawn.get_absolute_url() in client.get("/").content.decode()

    # A queryset update: no save(), no signal.
    Disclosure.objects.filter(pk=withdrawn.pk).update(is_current=False)

    assert withdrawn.get_absolute_url() not in client.get("/").content.decode()
    assert withdrawn.get_absolute_url() not in client.get("/disclosures/").content.decode()


def test_a_disclosure_deleted_in_the_admin_leaves_the_pages(client, staff_client):
    disclosures = make_city(6)
    deleted = disclosures[-1]
    assert deleted.get_absolute_url() in client.get("/disclosures/").content.decode()

    response = staff_client.post(
        reverse("admin:disclosures_disclosure_delete", args=[deleted.pk]), {"post": "yes"}
    )
    assert response.status_code == 302

    assert deleted.get_absolute_url() not in client.get("/disclosures/").content.decode()
    assert client.get(deleted.get_absolute_url()).status_code == 404


def test_merged_departments_show_on_one_page(client):
    kept = make_department("示例市甲局", code="7001")
    other = make_department("示例市甲局（旧名）")
    make_disclosure(kept, year=2024)
    moved = make_disclosure(other, year=2025)
    assert moved.get_absolute_url() not in client.get(kept.get_absolute_url()).content.decode()

    department_merge(departments=[kept, other])

    assert moved.get_absolute_url() in client.get(kept.get_absolute_url()).content.decode()


def test_staff_pages_are_neither_served_from_nor_kept_in_the_cache(client, staff_client):
    make_city(6)
    url = urls()["disclosure"]

    staff_first, staff_body, staff_queries = fetched(staff_client, url)
    assert "private" in staff_first["Cache-Control"] and not staff_first.has_header("ETag")
    # A visitor after staff: rendered for the visitor, not the staff member's page.
    visitor, visitor_body, visitor_queries = fetched(client, url)
    assert visitor.has_header("ETag") and visitor_queries > 1
    # Staff after the visitor: rendered for staff again, never the visitor's cached copy.
    staff_again, _, staff_again_queries = fetched(staff_client, url)
    assert staff_again_queries > 1 and not staff_again.has_header("ETag")
    assert "Cookie" in visitor["Vary"] and "Cookie" in staff_first["Vary"]


def test_a_small_csv_is_kept_with_its_download_name(client, monkeypatch):
    make_city(6)
    url = urls()["lines.csv"]
    exported = []
    export_response = exports.export_response
    monkeypatch.setattr(
        exports, "export_response", lambda *a, **k: exported.append(a) or export_response(*a, **k)
    )
    first, body, _ = fetched(client, url)
    again, again_body, queries = fetched(client, url)
    assert len(exported) == 1, "the second download ran the export again"
    assert again_body == body and queries <= 1
    assert again["Content-Disposition"] == first["Content-Disposition"] == 'attachment; filename="lines.csv"'
    assert again["Content-Type"].startswith("text/csv")
    assert csv_rows(client.get(url))  # the rows a script reads


def test_a_csv_too_large_to_keep_streams_whole_and_is_revalidated(client, settings):
    make_city(6)
    settings.PAGE_CACHE_MAX_BYTES = 100
    url = urls()["lines.csv"]
    settings.PAGE_CACHE_MAX_BYTES = 10**9
    whole = fetched(client, url + "&whole=1")[1]
    settings.PAGE_CACHE_MAX_BYTES = 100

    first, body, _ = fetched(client, url)
    assert body.replace(b"\r\n", b"\n").count(b"\n") == whole.replace(b"\r\n", b"\n").count(b"\n") > 5
    assert body == whole and first["ETag"].startswith('W/"')
    revisit, revisit_body, _ = fetched(client, url, if_none_match=first["ETag"])
    assert revisit.status_code == 304 and revisit_body == b""


def test_the_cache_backend_is_chosen_by_url():
    from django.core.exceptions import ImproperlyConfigured

    from transparency.settings import cache_from_url

    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("file:///var/cache/pages")["LOCATION"] == "/var/cache/pages"
    assert cache_from_url("redis://127.0.0.1:6379/1")["LOCATION"] == "redis://127.0.0.1:6379/1"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcache://nowhere")
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("file://")
