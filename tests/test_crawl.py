"""Every internal link of the site, followed from the home page with the demo's disclosures loaded
(the seed and the real PDFs in sample/), answers without error.

The demo's PDFs are parsed for real, as ``scripts/demo`` does. Links are followed breadth-first.
Every page (every path: each disclosure, department, code, PDF …) is fetched, and on each path
every kind of query (its set of parameter names: ``?year=&stage=``, ``?a=&b=``) once; a sort, a
page number or an export's filters once for all objects of a kind. The other values run the same
code on the same data, and fetching all of them (every sort of every table of every code page)
would take minutes for nothing more. Pages reached through a sort or a page number are fetched
but not followed further.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

import pytest

from disclosures.ingest import ingest_pdf
from disclosures.models import Disclosure

SAMPLE = Path(__file__).resolve().parent.parent / "sample"
NOT_FOLLOWED = {"sort", "page"}  # parameter names (or their endings: sg-sort, rank-page …)
LIMIT = 5000

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if tag == "a" and name == "href" and value:
                self.found.append(value)


def internal(base: str, href: str) -> str | None:
    url = urldefrag(urljoin(base, href)).url
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if parts.path.startswith("/admin/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def kind_of(url: str) -> tuple[str, tuple[str, ...]]:
    """A URL's path and the names of its parameters: the URLs the crawl fetches one of. A sort, a
    page number or an export's filters run the same code whatever the object, so for those the
    object's number in the path does not count either (one ``/codes/…/?rank-sort=`` in all)."""
    parts = urlsplit(url)
    path = parts.path
    if not followed(url) or (path.startswith("/export/") and parts.query):
        path = re.sub(r"\d+", "N", path)
    return path, tuple(sorted(parse_qs(parts.query, keep_blank_values=True)))


def followed(url: str) -> bool:
    keys = parse_qs(urlsplit(url).query).keys()
    return not any(key.rsplit("-", 1)[-1] in NOT_FOLLOWED for key in keys)


def test_every_link_from_the_home_page_answers(client):
    pdfs = sorted(SAMPLE.glob("*.pdf"))
    assert len(pdfs) >= 5, "the demo's sample PDFs"
    for pdf in pdfs:
        ingest_pdf(file=pdf)
    assert Disclosure.objects.current().count() == len(pdfs)

    seen = {"/"}
    kinds_seen = {kind_of("/")}
    queue = deque(["/"])
    failures = []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            failures.append((url, response.status_code))
            continue
        content_type = response.get("Content-Type", "")
        if response.streaming:
            b"".join(response.streaming_content)
            continue
        if not content_type.startswith("text/html") or not followed(url):
            continue
        links = Links()
        links.feed(response.content.decode())
        for href in links.found:
            target = internal(url, href)
            if target and target not in seen and kind_of(target) not in kinds_seen:
                seen.add(target)
                kinds_seen.add(kind_of(target))
                queue.append(target)
        assert len(seen) < LIMIT, "the crawl should be finite"

    assert failures == []
    kinds = {urlsplit(url).path.split("/")[1] for url in seen}
    assert {"disclosures", "departments", "codes", "compare", "export", "search"} <= kinds
