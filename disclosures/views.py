"""Public pages and the open-data exports. Views stay thin: queries live in the QuerySets."""

from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from disclosures import exports
from disclosures.filters import DisclosureFilter, OpenDataFilter
from disclosures.models import Department, Disclosure
from disclosures.tables import DisclosureTable


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
            tables=disclosure.tables.prefetch_related("lines"),
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
        return super().get_context_data(aliases=self.object.aliases.all(), **kwargs)


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
