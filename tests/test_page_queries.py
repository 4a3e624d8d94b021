"""Every public page costs a bounded number of SQL queries, whatever the size of the data.

Each page is fetched with six disclosures stored, then with fifty (built straight in the
database by tests/site_builders.py): the count must not grow, and stays under a small fixed bound.
The counts are those of rendering the page (the cache starts empty, and the second set of data
has a new version, so nothing is served from the cache here; tests/test_caching.py covers that).
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures import caching
from disclosures.models import ClassificationCode, Disclosure
from tests.site_builders import make_city

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_cached(settings):
    """Every page rendered: no page kept from another test, the data's version read each time."""
    settings.PAGE_CACHE_RECHECK_SECONDS = 0
    caches[caching.CACHE_ALIAS].clear()
    caching._version_memo.clear()


# Page → the most queries it may make (with a session-less anonymous visitor).
BOUNDS = {
    "home": 5,
    "search": 6,
    "disclosures": 5,
    "disclosure": 15,
    "departments": 4,
    "department": 8,
    "codes": 3,
    "code": 5,
    "compare": 4,
    "compare-code": 5,
    "compare-picker": 3,
    "export": 2,
    "lines.csv": 2,
}


def urls() -> dict[str, str]:
    """One URL of each page type, on the first department's latest disclosure."""
    latest = Disclosure.objects.current().filter(department__code="9000").order_by("-year").first()
    earlier = Disclosure.objects.current().filter(department__code="9001").order_by("year").first()
    code = ClassificationCode.objects.get(kind=ClassificationCode.Kind.FUNCTION, code="208")
    return {
        "home": "/",
        "search": "/search/?q=%E7%A4%BA%E4%BE%8B",  # 示例: every department and project
        "disclosures": "/disclosures/",
        "disclosure": latest.get_absolute_url(),
        "departments": "/departments/",
        "department": latest.department.get_absolute_url(),
        "codes": "/codes/",
        "code": code.get_absolute_url(),
        "compare": f"/compare/?a={earlier.pk}&b={latest.pk}",
        "compare-code": "/compare/?code=208&year=2025",
        "compare-picker": "/compare/",
        "export": "/export/",
        "lines.csv": "/export/lines.csv?department=9000&year=2025",
    }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def test_queries_do_not_grow_with_the_data(client):
    make_city(6)
    pages = urls()
    few = {name: count_queries(client, url) for name, url in pages.items()}

    make_city(44)
    assert Disclosure.objects.current().count() == 50
    many = {name: count_queries(client, url) for name, url in urls().items()}

    assert {name: count for name, count in many.items() if count > few[name]} == {}
    assert {name: count for name, count in many.items() if count > BOUNDS[name]} == {}
