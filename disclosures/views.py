"""Public pages and the open-data exports. Views stay thin: queries live in the QuerySets."""

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin

from disclosures import exports
from disclosures.filters import CompareFilter, DisclosureFilter, OpenDataFilter
from disclosures.models import ClassificationCode, Department, Disclosure, Line
from disclosures.tables import CodeAmountTable, CodeTable, DisclosureTable, ExpenseComparisonTable


class DisclosureListView(SingleTableMixin, FilterView):
    """Home page: every current disclosure, filterable by department, year, stage and level."""

    model = Disclosure
    table_class = DisclosureTable
    filterset_class = DisclosureFilter
    template_name = "disclosures/disclosure_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            Disclosure.objects.current().with_check_counts().select_related("department").in_reading_order()
        )


class DisclosureDetailView(DetailView):
    """One stored version: its tables, 三公经费, projects, units and check results."""

    template_name = "disclosures/disclosure_detail.html"

    def get_queryset(self):
        return Disclosure.objects.stored().select_related(
            "department", "superseded_by", "tables_source", "explanation_source"
        )

    def get_context_data(self, **kwargs):
        disclosure = self.object
        return super().get_context_data(
            tables=disclosure.tables.prefetch_related(
                Prefetch("lines", queryset=Line.objects.select_related("classification"))
            ),
            three_public=getattr(disclosure, "three_public", None),
            projects=disclosure.projects.prefetch_related("indicators"),
            units=disclosure.units.all(),
            facts=disclosure.facts.all(),
            sections=disclosure.sections.all(),
            **disclosure.checks.summary(),
            versions=disclosure.versions(),
            **kwargs,
        )


class DepartmentDetailView(SingleTableMixin, DetailView):
    """A department and its disclosures across the years."""

    model = Department
    table_class = DisclosureTable
    template_name = "disclosures/department_detail.html"
    table_pagination = False

    def get_table_data(self):
        return (
            Disclosure.objects.current()
            .filter(department=self.object)
            .with_check_counts()
            .select_related("department")
            .in_reading_order()
        )

    def get_context_data(self, **kwargs):
        comparison = (
            Line.objects.current()
            .filter(table__disclosure__department=self.object)
            .expense_class_comparison()
        )
        compared = comparison["disclosures"]
        comparison_tables = []
        for key, label, rows in comparison["measures"]:
            table = ExpenseComparisonTable(rows, compared, prefix=f"{key}-")
            RequestConfig(self.request, paginate=False).configure(table)
            comparison_tables.append((label, table))
        return super().get_context_data(
            aliases=self.object.aliases.all(),
            compared=compared,
            comparison_tables=comparison_tables if compared else [],
            not_compared=(
                Disclosure.objects.current()
                .filter(department=self.object)
                .exclude(pk__in=[disclosure.pk for disclosure in compared])
                .in_reading_order()
            ),
            **kwargs,
        )


def classification_or_404(kind_slug: str, code: str) -> ClassificationCode:
    kind = ClassificationCode.KIND_BY_SLUG.get(kind_slug)
    if kind is None:
        raise Http404(kind_slug)
    return get_object_or_404(ClassificationCode.objects.select_related("parent"), kind=kind, code=code)


class CodeIndexView(TemplateView):
    """The 类 codes of each classification, and a search by code or name (``?q=``)."""

    template_name = "disclosures/code_index.html"

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()
        if query:
            exact = list(ClassificationCode.objects.filter(code=query)[:2])
            if len(exact) == 1:
                return redirect(exact[0])
        return super().get(request, *args, query=query, **kwargs)

    def get_context_data(self, *, query: str = "", **kwargs):
        codes = ClassificationCode.objects.with_usage().order_by("kind", "code")
        kinds = []
        for slug, kind in ClassificationCode.KIND_BY_SLUG.items():
            table = CodeTable(
                codes.filter(kind=kind).top_level(), prefix=f"{slug}-", exclude=("kind", "level")
            )
            RequestConfig(self.request, paginate=False).configure(table)
            kinds.append((ClassificationCode.Kind(kind).label, table))
        results = None
        if query:
            results = CodeTable(codes.search(query), prefix="q-")
            RequestConfig(self.request, paginate={"per_page": 50}).configure(results)
        return super().get_context_data(kinds=kinds, query=query, results=results, **kwargs)


class CodeDetailView(DetailView):
    """A classification code: its parents, children, and its amount in every current disclosure."""

    template_name = "disclosures/code_detail.html"
    context_object_name = "classification"

    def get_object(self, queryset=None):
        return classification_or_404(self.kwargs["kind"], self.kwargs["code"])

    def get_context_data(self, **kwargs):
        classification = self.object
        lines = Line.objects.current().filter(classification=classification).headline_per_disclosure()
        table = CodeAmountTable(lines, order_by=("-year", "department"))
        RequestConfig(self.request, paginate=False).configure(table)
        return super().get_context_data(
            ancestors=ClassificationCode.objects.ancestors_of(classification),
            children=classification.children.order_by("code"),
            table=table,
            latest_year=max((line.table.disclosure.year or 0 for line in lines), default=None),
            **kwargs,
        )


class CompareView(TemplateView):
    """One code's amounts across departments, for one year, stage and level (CompareFilter)."""

    template_name = "disclosures/compare.html"

    def get(self, request, *args, **kwargs):
        filters = CompareFilter(request.GET, queryset=Line.objects.current())
        context = {"filter": filters}
        if not filters.is_valid():
            return self.render_to_response(self.get_context_data(**context), status=400)
        code = filters.form.cleaned_data.get("code")
        if code:
            kind = ClassificationCode.KIND_BY_SLUG[filters.form.cleaned_data["kind"]]
            table = CodeAmountTable(filters.qs.headline_per_disclosure(), order_by=("-amount_in_wan",))
            RequestConfig(request, paginate=False).configure(table)
            context.update(
                classification=ClassificationCode.objects.filter(kind=kind, code=code).first(),
                code=code,
                table=table,
                year=filters.form.cleaned_data.get("year"),
                stage=filters.form.cleaned_data.get("stage"),
                level=filters.form.cleaned_data.get("level"),
            )
        return self.render_to_response(self.get_context_data(**context))

    def get_context_data(self, **kwargs):
        ranks = [ClassificationCode.Rank.CLASS, ClassificationCode.Rank.SECTION]
        return super().get_context_data(
            code_options=ClassificationCode.objects.filter(level__in=ranks).order_by("kind", "code"), **kwargs
        )


def disclosure_pdf(request, pk: int):
    """The original PDF of a stored disclosure, shown inline so that ``#page=N`` works."""
    disclosure = get_object_or_404(Disclosure.objects.stored(), pk=pk)
    return FileResponse(
        disclosure.source_file.open("rb"),
        content_type="application/pdf",
        filename=disclosure.original_filename,
    )


def export_csv(request, filename: str):
    """One of the open-data CSV exports, filtered by the query parameters of open-data.md."""
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
    return exports.export_response(export, filters.qs)
