"""Public pages and the open-data exports (the code pages and comparisons are in code_views.py).

Views stay thin: the queries are QuerySet methods (and ``search.py``), and what a page shows is
computed from what those fetched (``figures.py``, ``layouts.py``, ``charts.py``), so that every
page costs a bounded number of queries whatever the size of the data. Every page links the CSV
of what it shows: the open-data exports with that page's filters (``export_url``).
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count, Max, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from disclosures import charts, contract, exports, figures, layouts, search
from disclosures.caching import cached_page
from disclosures.filters import (
    DisclosureFilter,
    OpenDataFilter,
    line_filters,
)
from disclosures.models import Department, Disclosure, Line, Stage, ThreePublic
from disclosures.tables import (
    DepartmentTable,
    DisclosureTable,
    ExpenseComparisonTable,
    ThreePublicTable,
)

PER_PAGE = 50


def export_url(filename: str, **params) -> str:
    """The URL of an open-data export with these filters (empty ones left out)."""
    url = reverse("disclosures:export", args=[filename])
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return f"{url}?{query}" if query else url


def disclosure_filters(disclosure: Disclosure) -> dict:
    """The export filters that select exactly this disclosure (current versions only)."""
    department = disclosure.department
    return {
        "department": department.code or department.name,
        "year": disclosure.year,
        "stage": disclosure.stage,
        "level": disclosure.level,
    }


# Read with every disclosure but shown on no public page: deferred where many disclosures (or
# their thousands of headline lines) are fetched at once, so the home page of a big site does
# not decode a parse log per line.
UNSHOWN_DISCLOSURE_FIELDS = ("parse_log", "given_identity", "refusal")


def headline_lines(lines):
    """``LineQuerySet.headline_lines`` without what the headlines never read."""
    return lines.headline_lines().defer(
        *(f"table__disclosure__{name}" for name in UNSHOWN_DISCLOSURE_FIELDS), "table__column_paths"
    )


def current_three_public() -> Q:
    return Q(disclosure__status=Disclosure.Status.STORED, disclosure__is_current=True)


@method_decorator(cached_page, name="dispatch")
class HomeView(TemplateView):
    """Search, the latest disclosures, the totals of each year across departments, and the 三公
    经费 of the latest year by department."""

    template_name = "disclosures/home.html"
    LATEST = 8

    def get_context_data(self, **kwargs):
        disclosures = list(
            Disclosure.objects.current()
            .select_related("department")
            .defer(*UNSHOWN_DISCLOSURE_FIELDS)
            .order_by("-stored_at", "-pk")
        )
        # The home page only sums amounts: each line's table (unit, columns) is all it reads, so
        # the thousands of headline lines come without a disclosure object each.
        found = figures.headlines(
            Line.objects.current()
            .headline_lines()
            .select_related(None)
            .select_related("table")
            .defer("table__column_paths")
        )
        years = figures.year_totals(disclosures, found)
        stage_order = {stage: index for index, stage in enumerate(Stage.values)}
        chronological = sorted(years, key=lambda total: (total.year, stage_order.get(total.stage, 9)))
        return super().get_context_data(
            latest=disclosures[: self.LATEST],
            disclosures_count=len(disclosures),
            departments_count=len({d.department_id for d in disclosures}),
            years=years,
            years_chart=charts.bars(
                [total.label for total in chronological],
                [charts.Series("支出合计", [total.expense for total in chronological])],
                unit="万元",
            ),
            **self.three_public_context(),
            **kwargs,
        )

    def three_public_context(self) -> dict:
        stated = current_three_public() & (
            Q(table_total__isnull=False) | Q(prose_total__isnull=False) | Q(table_disclosed_empty=True)
        )
        year = ThreePublic.objects.filter(stated).aggregate(year=Max("disclosure__year"))["year"]
        if year is None:
            return {"three_public_table": None}
        rows = list(
            ThreePublic.objects.filter(stated, disclosure__year=year).select_related("disclosure__department")
        )
        stages = [stage for stage in Stage.values if any(row.disclosure.stage == stage for row in rows)]
        stage = self.request.GET.get("stage")
        stage = stage if stage in stages else stages[0]
        ranking = figures.three_public_ranking(row for row in rows if row.disclosure.stage == stage)
        table = ThreePublicTable(ranking, prefix="sg-")
        RequestConfig(self.request, paginate={"per_page": PER_PAGE}).configure(table)
        top = ranking[:20]
        return {
            "three_public_table": table,
            "three_public_year": year,
            "three_public_stage": stage,
            "three_public_stages": stages,
            "three_public_csv": export_url("three_public.csv", year=year, stage=stage),
            "three_public_chart": charts.bars(
                [figure.disclosure.department_name for figure in top],
                [charts.Series("三公经费合计", [figure.total_in_wan for figure in top])],
                unit="万元",
                horizontal=True,
                links=[figure.disclosure.get_absolute_url() for figure in top],
            ),
        }


@method_decorator(cached_page, name="dispatch")
class SearchView(TemplateView):
    """Departments, projects and classification codes matching ``q``, grouped by kind; ``kind``
    pages through one kind."""

    template_name = "disclosures/search.html"

    def get_context_data(self, **kwargs):
        query = search.normalise(self.request.GET.get("q", ""))
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in search.KINDS else ""
        groups = search.search(
            query, kind=kind, page=self.request.GET.get("page", 1), per_page=PER_PAGE if kind else 10
        )
        return super().get_context_data(query=query, kind=kind, groups=groups, **kwargs)


@method_decorator(cached_page, name="dispatch")
class DisclosureListView(SingleTableMixin, FilterView):
    """Every current disclosure, filterable by department, year, stage and level."""

    model = Disclosure
    table_class = DisclosureTable
    filterset_class = DisclosureFilter
    template_name = "disclosures/disclosure_list.html"
    paginate_by = PER_PAGE

    def get_queryset(self):
        return (
            Disclosure.objects.current()
            .with_check_counts()
            .select_related("department")
            .defer(*UNSHOWN_DISCLOSURE_FIELDS)
            .in_reading_order()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["filter"].form
        params = form.cleaned_data if form.is_bound and form.is_valid() else {}
        department = params.get("department", "")
        context["csv_url"] = export_url(
            "lines.csv",
            # The exports take a department's code or full name, not part of a name.
            department=department
            if department and Department.objects.filter(Q(code=department) | Q(name=department)).exists()
            else "",
            year=params.get("year"),
            stage=params.get("stage"),
            level=params.get("level"),
        )
        return context


@method_decorator(cached_page, name="dispatch")
class DisclosureDetailView(DetailView):
    """One stored version: what it says at a glance, then its tables, 三公经费, projects, units,
    the explanation's figures and the check results."""

    template_name = "disclosures/disclosure_detail.html"

    def get_queryset(self):
        return Disclosure.objects.stored().select_related(
            "department", "superseded_by", "tables_source", "explanation_source"
        )

    def get_context_data(self, **kwargs):
        disclosure = self.object
        tables = list(
            disclosure.tables.prefetch_related(
                Prefetch("lines", queryset=Line.objects.select_related("classification"))
            )
        )
        lines = [line for table in tables for line in table.lines.all()]
        classes = figures.expense_classes(lines)
        three_public_raw = getattr(disclosure, "three_public", None)
        three_public = figures.three_public_figures(three_public_raw)
        last_year = self.last_year_three_public(disclosure)
        others = list(
            Disclosure.objects.current()
            .filter(department=disclosure.department_id)
            .exclude(pk=disclosure.pk)
            .in_reading_order()
        )
        filters = disclosure_filters(disclosure)
        return super().get_context_data(
            headline=figures.headline(lines),
            classes=classes,
            classes_chart=charts.bars(
                [f"{line.code} {line.item}" for line in classes],
                [charts.Series("支出", [line.amount for line in classes])],
                unit=classes[0].unit if classes else "",
                horizontal=True,
                links=[line.classification_url for line in classes],
            ),
            three_public=three_public,
            three_public_raw=three_public_raw,
            three_public_last=last_year,
            three_public_rows=figures.three_public_rows(last_year, three_public),
            layouts=[layouts.layout(table) for table in tables],
            projects=disclosure.projects.prefetch_related("indicators"),
            units=disclosure.units.all(),
            facts=disclosure.facts.all(),
            sections=disclosure.sections.all(),
            **disclosure.checks.summary(),
            versions=disclosure.versions(),
            others=others,
            previous=next(
                (
                    other
                    for other in others
                    if other.stage == disclosure.stage
                    and other.level == disclosure.level
                    and (other.year or 0) < (disclosure.year or 0)
                ),
                None,
            ),
            filters=filters,
            csv={
                name: export_url(f"{name}.csv", **filters)
                for name in ("lines", "projects", "indicators", "checks", "three_public")
            },
            **kwargs,
        )

    @staticmethod
    def last_year_three_public(disclosure: Disclosure) -> figures.ThreePublicFigures | None:
        """The 三公 figures of the same department's disclosure of the year before (same stage and
        level), for comparison."""
        if disclosure.year is None:
            return None
        row = (
            ThreePublic.objects.filter(
                current_three_public(),
                disclosure__department=disclosure.department_id,
                disclosure__year=disclosure.year - 1,
                disclosure__stage=disclosure.stage,
                disclosure__level=disclosure.level,
            )
            .select_related("disclosure")
            .first()
        )
        return figures.three_public_figures(row)


@method_decorator(cached_page, name="dispatch")
class DepartmentListView(SingleTableMixin, ListView):
    """Every department, or those whose name contains ``q``."""

    table_class = DepartmentTable
    template_name = "disclosures/department_list.html"
    paginate_by = PER_PAGE

    def get_queryset(self):
        query = search.normalise(self.request.GET.get("q", ""))
        if query:
            return search.departments(query)
        current = Q(disclosures__status=Disclosure.Status.STORED, disclosures__is_current=True)
        return Department.objects.annotate(disclosures_count=Count("disclosures", filter=current)).order_by(
            "name", "code", "pk"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=search.normalise(self.request.GET.get("q", "")), **kwargs)


@method_decorator(cached_page, name="dispatch")
class DepartmentDetailView(SingleTableMixin, DetailView):
    """A department: its disclosures, its totals over the years, and its spending by 类 from
    disclosure to disclosure (with the change from the year before)."""

    model = Department
    table_class = DisclosureTable
    template_name = "disclosures/department_detail.html"
    table_pagination = {"per_page": PER_PAGE}

    def get_table_kwargs(self):
        return {"exclude": ("department",)}

    def get_table_data(self):
        return (
            Disclosure.objects.current()
            .filter(department=self.object)
            .with_check_counts()
            .select_related("department")
            .defer(*UNSHOWN_DISCLOSURE_FIELDS)
            .in_reading_order()
        )

    def get_context_data(self, **kwargs):
        department_lines = Line.objects.current().filter(table__disclosure__department=self.object)
        comparison = department_lines.expense_class_comparison()
        compared = comparison["disclosures"]
        comparison_tables = []
        for key, label, rows in comparison["measures"]:
            table = ExpenseComparisonTable(rows, compared, prefix=f"{key}-")
            RequestConfig(self.request, paginate=False).configure(table)
            comparison_tables.append((label, table))
        found = figures.headlines(headline_lines(department_lines))
        disclosures = sorted(
            Disclosure.objects.current().filter(department=self.object),
            key=lambda d: (
                d.year or 0,
                Stage.values.index(d.stage) if d.stage in Stage.values else 9,
                d.level,
            ),
        )
        return super().get_context_data(
            aliases=self.object.aliases.all(),
            compared=compared,
            comparison_tables=comparison_tables if compared else [],
            not_compared=[
                disclosure
                for disclosure in reversed(disclosures)
                if disclosure.pk not in {compared_one.pk for compared_one in compared}
            ],
            totals=[(disclosure, found.get(disclosure.pk, figures.Headline())) for disclosure in disclosures],
            totals_chart=self.totals_chart(disclosures, found),
            pairs=self.year_pairs(disclosures),
            csv_url=export_url("lines.csv", department=self.object.code or self.object.name),
            projects_csv_url=export_url("projects.csv", department=self.object.code or self.object.name),
            checks_csv_url=export_url("checks.csv", department=self.object.code or self.object.name),
            **kwargs,
        )

    @staticmethod
    def totals_chart(disclosures: list[Disclosure], found: dict[int, figures.Headline]) -> dict:
        """支出合计 by year, one series per stage (and level, for 单位 disclosures)."""
        years = sorted({d.year for d in disclosures if d.year})
        values: dict[str, dict[int, object]] = defaultdict(dict)
        for disclosure in disclosures:
            name = disclosure.stage + ("" if disclosure.level == "部门" else f"（{disclosure.level}）")
            values[name][disclosure.year] = found.get(disclosure.pk, figures.Headline()).expense_in_wan
        return charts.bars(
            [f"{year}年" for year in years],
            [charts.Series(name, [by_year.get(year) for year in years]) for name, by_year in values.items()],
            unit="万元",
        )

    @staticmethod
    def year_pairs(disclosures: list[Disclosure]) -> list[tuple[Disclosure, Disclosure]]:
        """Consecutive disclosures of the same stage and level, to compare (newest first); and
        each year's 预算 with its 决算."""
        last: dict[tuple[str, str], Disclosure] = {}
        pairs = []
        by_year: dict[tuple[int | None, str], dict[str, Disclosure]] = defaultdict(dict)
        for disclosure in disclosures:
            key = (disclosure.stage, disclosure.level)
            if key in last:
                pairs.append((last[key], disclosure))
            last[key] = disclosure
            by_year[disclosure.year, disclosure.level][disclosure.stage] = disclosure
        for stages in by_year.values():
            if Stage.BUDGET in stages and Stage.FINAL_ACCOUNTS in stages:
                pairs.append((stages[Stage.BUDGET], stages[Stage.FINAL_ACCOUNTS]))
        return list(reversed(pairs))


@method_decorator(cached_page, name="dispatch")
class ExportIndexView(TemplateView):
    """/export/: the open-data contract, with the column lists and example URLs."""

    template_name = "disclosures/export_index.html"

    def get_context_data(self, **kwargs):
        example = Disclosure.objects.current().select_related("department").in_reading_order().first()
        filters = disclosure_filters(example) if example else {"department": "711", "year": 2025}
        return super().get_context_data(
            exports=[
                {
                    "filename": export.filename,
                    "note": contract.EXPORT_NOTES.get(export.filename, ""),
                    "url": export_url(export.filename),
                    "example": export_url(export.filename, **filters),
                    "columns": [
                        (column.header, contract.COLUMN_NOTES.get(column.header, ""))
                        for column in export.columns
                    ],
                }
                for export in exports.EXPORTS.values()
            ],
            example=example,
            filters=filters,
            **kwargs,
        )


def disclosure_pdf(request, pk: int):
    """The original PDF of a stored disclosure, shown inline so that ``#page=N`` works."""
    disclosure = get_object_or_404(Disclosure.objects.stored(), pk=pk)
    return FileResponse(
        disclosure.source_file.open("rb"),
        content_type="application/pdf",
        filename=disclosure.original_filename,
    )


@cached_page
def export_csv(request, filename: str):
    """One of the open-data CSV exports, filtered by the query parameters of docs/open-data.md (and, for
    lines.csv, ``table`` and ``code``: one table of a disclosure, one classification code)."""
    export = exports.EXPORTS.get(filename)
    if export is None:
        raise Http404(filename)
    filters = OpenDataFilter(request.GET, queryset=Disclosure.objects.current())
    if not filters.is_valid():
        problems = "；".join(
            f"{name}={request.GET.get(name, '')}：{'，'.join(errors)}"
            for name, errors in filters.errors.items()
        )
        return HttpResponseBadRequest(f"查询参数无效：{problems}\n", content_type="text/plain; charset=utf-8")
    where = line_filters(request.GET) if export is exports.LINES else None
    return exports.export_response(export, filters.qs, where)
