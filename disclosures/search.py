"""Search over what citizens look for: departments, projects and classification codes.

Chinese is written without spaces between words, so a word-based full-text search would miss
养老 inside 行政事业单位养老支出; the search is a plain substring match (``contains``, SQL
``LIKE '%…%'``). On PostgreSQL the columns it reads carry pg_trgm GIN indexes (migration 0004),
which serve exactly these LIKE queries; on SQLite the same query runs without them.

Each kind is one query for its page of results and one for its count, whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from disclosures.models import ClassificationCode, Department, DepartmentAlias, Disclosure, Project

MAX_QUERY_LENGTH = 100


def normalise(text: str) -> str:
    """The query as searched: surrounding and inner whitespace removed (names are stored without
    spaces), cut to a sane length."""
    return "".join((text or "").split())[:MAX_QUERY_LENGTH]


def departments(text: str) -> QuerySet[Department]:
    """Departments whose name, code or another printed name (alias) contains ``text``, with the
    number of their current disclosures."""
    aliases = DepartmentAlias.objects.filter(department=OuterRef("pk"), name__contains=text)
    current = Q(
        disclosures__status=Disclosure.Status.STORED,
        disclosures__is_current=True,
    )
    return (
        Department.objects.filter(Q(name__contains=text) | Q(code=text) | Q(Exists(aliases)))
        .annotate(disclosures_count=Count("disclosures", filter=current))
        .order_by("name", "code", "pk")
    )


def projects(text: str) -> QuerySet[Project]:
    """Projects of current disclosures whose name or code contains ``text``, newest year first."""
    # Project codes print their letters in capitals (13070025P00174510001L).
    return (
        Project.objects.filter(
            disclosure__status=Disclosure.Status.STORED,
            disclosure__is_current=True,
        )
        .filter(Q(name__contains=text) | Q(code__contains=text.upper()))
        .select_related("disclosure__department")
        .order_by("-disclosure__year", "disclosure__department__name", "disclosure_id", "order")
    )


def codes(text: str) -> QuerySet[ClassificationCode]:
    """Classification codes starting with ``text``, or whose name contains it."""
    return ClassificationCode.objects.search(text).order_by("kind", "code")


KINDS = {
    "department": ("部门", departments),
    "project": ("项目", projects),
    "code": ("科目", codes),
}


@dataclass
class Group:
    """One kind of result: its label, a page of results, and the total count."""

    kind: str
    label: str
    page: Page

    @property
    def count(self) -> int:
        return self.page.paginator.count


def search(text: str, *, kind: str = "", page: int | str = 1, per_page: int = 10) -> list[Group]:
    """Results grouped by kind; ``kind`` narrows to one kind (its ``page`` of ``per_page``)."""
    text = normalise(text)
    if not text:
        return []
    groups = []
    for key, (label, finder) in KINDS.items():
        if kind and key != kind:
            continue
        paginator = Paginator(finder(text), per_page)
        groups.append(Group(kind=key, label=label, page=paginator.get_page(page if key == kind else 1)))
    return groups
