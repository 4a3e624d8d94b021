"""Public pages rendered once per state of the published data, and revalidated with ETag.

A stored version never changes, and every other public page (home, departments, codes,
comparisons, the lists) changes only when the published data does: an ingest, a 待确认 upload
completed and published, a version withdrawn or superseded, departments merged. So a page is
kept in Django's cache under a key made of

- ``data_version()``: one aggregate query over the disclosures (how many are stored, which are
  current, under which departments, the newest ``stored_at``). Any of the changes above moves it,
  so nothing in the ingest service, in ``save()`` or in signals has to invalidate anything: the
  old entries are simply never asked for again and expire (``PAGE_CACHE_SECONDS``);
- ``code_version()``: the templates' and the site code's files, so a deploy never serves a page
  rendered by the code it replaced (from a cache shared by the workers that survives restarts);
- the absolute URL, query string included: filters, sorting and pagination are part of the key.

Every cached page carries an ``ETag`` (a digest of its bytes) and ``Last-Modified`` (when it was
rendered), so a browser's repeat visit gets a 304 without a body. Invalidation by key rather than
by deletion is also what makes a per-process cache (the default, local memory) correct under
several gunicorn workers: each worker asks the database for the version and never serves a page
of an older state of the data.

Only anonymous GET/HEAD requests use the cache. A signed-in user (staff) always gets a page
rendered for them and marked ``Cache-Control: private``, so a page that shows admin links never
reaches another visitor, and a visitor's cached page never reaches staff. A response is not
stored when rendering it set a cookie, used a CSRF token or displayed flash messages (all of
them belong to one visitor), nor when it is anything but a plain 200.

What the key does not see: a department renamed or given an alias by hand in the admin (no
column records when). Such pages are at most ``PAGE_CACHE_SECONDS`` old for anonymous visitors.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Max, Q, Sum
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from disclosures.models import Disclosure

CACHE_ALIAS = "default"


def data_version() -> str:
    """A digest of the published data's state: it changes with every ingest that stores or
    completes a version, every withdrawal or supersession, every deletion and every merge of
    departments. One query, whatever the number of disclosures; a process asks again only after
    ``PAGE_CACHE_RECHECK_SECONDS`` (so a cached page costs no query at all in between)."""
    now = clock()
    if _version_memo and now - _version_memo[0] < settings.PAGE_CACHE_RECHECK_SECONDS:
        return _version_memo[1]
    stored = Q(status=Disclosure.Status.STORED)
    current = stored & Q(is_current=True)
    state = Disclosure.objects.aggregate(
        stored=Count("pk", filter=stored),
        current=Count("pk", filter=current),
        current_keys=Sum("pk", filter=current),
        departments=Sum("department_id", filter=stored),
        latest=Max("stored_at"),
    )
    text = "|".join(str(value) for value in state.values())
    version = hashlib.sha256(text.encode()).hexdigest()[:20]
    _version_memo[:] = [now, version]
    return version


_version_memo: list = []  # [when asked, version] in this process
clock = time.monotonic  # the recheck window's clock (a test moves it)


@functools.cache
def code_version() -> str:
    """A digest of the files that render the pages (templates, the site's Python, the static
    files' manifest): a new deploy gets new keys, even in a cache that outlives the processes;
    of their contents, so that machines running the same code share the keys."""
    base = Path(settings.BASE_DIR)
    files = [
        *base.joinpath("templates").rglob("*.html"),
        *base.joinpath("disclosures").rglob("*.py"),
        *base.joinpath("disclosures").rglob("*.html"),
        Path(settings.STATIC_ROOT) / "staticfiles.json",
    ]
    digest = hashlib.sha256()
    for path in sorted(files):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def page_key(request: HttpRequest, version: str) -> str:
    """The cache key of this URL (query string included) at this state of the data."""
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{code_version()}:{version}:{url}"


@dataclass(frozen=True)
class CachedPage:
    """What is kept of a rendered page: its bytes, the view's own headers (Content-Type, a CSV's
    Content-Disposition) and what a 304 needs."""

    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    rendered_at: float
    streamed: bool = False

    def response(self) -> HttpResponse:
        """The response again, streamed if the view streamed it (the same for every client)."""
        if self.streamed:
            return StreamingHttpResponse([self.content], headers=dict(self.headers))
        return HttpResponse(self.content, headers=dict(self.headers))


def _shared(request: HttpRequest) -> bool:
    """Whether this request may be answered from, or stored in, the cache every visitor shares."""
    return request.method in ("GET", "HEAD") and not request.user.is_authenticated


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain 200 that holds nothing of one visitor (no cookie, CSRF token or message)."""
    messages = getattr(request, "_messages", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(messages, "used", False)
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _content(response: HttpResponse) -> bytes | None:
    """The response's bytes; for a streamed one (a CSV export), read up to PAGE_CACHE_MAX_BYTES,
    and None past that, the response then streaming what was read followed by the rest."""
    if not response.streaming:
        return response.content
    chunks, size = [], 0
    stream = iter(response.streaming_content)
    for chunk in stream:
        chunks.append(chunk)
        size += len(chunk)
        if size > settings.PAGE_CACHE_MAX_BYTES:
            response.streaming_content = itertools.chain(chunks, stream)
            return None
    return b"".join(chunks)


def _stored(request: HttpRequest, response: HttpResponse, key: str) -> CachedPage | None:
    """Keep the page if every visitor may see it and it is not too large; None otherwise."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if not _storable(request, response):
        return None
    content = _content(response)
    if content is None:
        return None
    page = CachedPage(
        content=content,
        headers=tuple(response.items()),
        etag=f'"{hashlib.sha256(content).hexdigest()[:32]}"',
        rendered_at=time.time(),
        streamed=response.streaming,
    )
    caches[CACHE_ALIAS].set(key, page, settings.PAGE_CACHE_SECONDS)
    return page


def _revalidated(response: HttpResponse, etag: str, rendered_at: float | None = None) -> HttpResponse:
    response["ETag"] = etag
    if rendered_at is not None:
        response["Last-Modified"] = http_date(rendered_at)
    # Shared caches may keep it (Vary: Cookie keeps staff apart), but must ask again each time.
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def cached_page(view):
    """Serve an anonymous GET from the cache, or render, store and serve it; answer a matching
    ``If-None-Match``/``If-Modified-Since`` with 304. Signed-in users get the view's own response.

    A streamed response too large to keep (a big CSV export) still gets a weak ETag made of the
    data's version and the URL, so a repeat download of unchanged data is a 304 without running
    the export."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not _shared(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        key = page_key(request, data_version())
        page = caches[CACHE_ALIAS].get(key)
        if page is not None:
            not_modified = get_conditional_response(
                request, etag=page.etag, last_modified=int(page.rendered_at)
            )
            return _revalidated(not_modified or page.response(), page.etag, page.rendered_at)
        weak = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
        not_modified = get_conditional_response(request, etag=weak)
        if not_modified is not None:
            return _revalidated(not_modified, weak)
        response = view(request, *args, **kwargs)
        page = _stored(request, response, key)
        if page is None:
            return (
                _revalidated(response, weak)
                if response.status_code == 200 and response.streaming
                else response
            )
        if response.streaming:
            response = page.response()
        not_modified = get_conditional_response(request, etag=page.etag, last_modified=int(page.rendered_at))
        return _revalidated(not_modified or response, page.etag, page.rendered_at)

    return wrapper
