"""The pages of the classification codes and the comparisons: /codes/, a code's page, /compare/.

Split from views.py (the rest of the public pages) to keep each module short; the same rules
hold: queries are QuerySet methods, what a page shows is computed from what they fetched, and
every page links the CSV of what it shows.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView
from django_tables2 import RequestConfig

from disclosures import charts, figures, layouts
from disclosures.caching import cached_page
from disclosures.filters import CompareFilter, DisclosurePairForm, YearStageForm
from disclosures.models import ClassificationCode, Disclosure, Line, Stage, ThreePublic
from disclosures.parsing.document import (
    EXPENSE,
    GENERAL_BUDGET_BASIC,
    GENERAL_BUDGET_EXPENSE,
    INCOME,
    INCOME_EXPENSE_SUMMARY,
)
from disclosures.tables import CodeAmountTable, CodeTable
from disclosures.views import PER_PAGE, UNSHOWN_DISCLOSURE_FIELDS, disclosure_filters, export_url


def unshown_deferred(lines):
    """Lines across many disclosures without their disclosures' parse logs (never shown here)."""
    return lines.defer(*(f"table__disclosure__{name}" for name in UNSHOWN_DISCLOSURE_FIELDS))


def classification_or_404(kind_slug: str, code: str) -> ClassificationCode:
    kind = ClassificationCode.KIND_BY_SLUG.get(kind_slug)
    if kind is None:
        raise Http404(kind_slug)
    return get_object_or_404(ClassificationCode.objects.select_related("parent"), kind=kind, code=code)


@method_decorator(cached_page, name="dispatch")
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
            RequestConfig(self.request, paginate={"per_page": PER_PAGE}).configure(results)
        return super().get_context_data(kinds=kinds, query=query, results=results, **kwargs)


@method_decorator(cached_page, name="dispatch")
class CodeDetailView(DetailView):
    """A classification code: its parent and children, every department's amount under it in
    one year as a ranked table with bars, and over the years."""

    template_name = "disclosures/code_detail.html"
    context_object_name = "classification"

    def get_object(self, queryset=None):
        return classification_or_404(self.kwargs["kind"], self.kwargs["code"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = YearStageForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(form=form, lines=[])
            return self.render_to_response(context, status=400)
        lines = unshown_deferred(
            Line.objects.current().filter(classification=self.object)
        ).headline_per_disclosure()
        return self.render_to_response(self.get_context_data(form=form, lines=lines))

    def get_context_data(self, *, form, lines, **kwargs):
        classification = self.object
        chosen = form.cleaned_data if form.is_valid() else {}
        periods = sorted(
            {(line.table.disclosure.year or 0, line.table.disclosure.stage) for line in lines},
            key=lambda period: (
                -period[0],
                Stage.values.index(period[1]) if period[1] in Stage.values else 9,
            ),
        )
        year = chosen.get("year") or (periods[0][0] if periods else None)
        stages = [stage for period_year, stage in periods if period_year == year]
        stage = chosen.get("stage") or (stages[0] if stages else "")
        ranked = [
            line
            for line in lines
            if line.table.disclosure.year == year and line.table.disclosure.stage == stage
        ]
        maximum = max((line.amount_in_wan for line in ranked if line.amount_in_wan is not None), default=None)
        table = CodeAmountTable(ranked, order_by=("-amount_in_wan",), maximum=maximum, prefix="rank-")
        RequestConfig(self.request, paginate={"per_page": PER_PAGE}).configure(table)
        top = sorted(
            (line for line in ranked if line.amount_in_wan is not None), key=lambda line: -line.amount_in_wan
        )[:20]
        return super().get_context_data(
            ancestors=ClassificationCode.objects.ancestors_of(classification),
            children=classification.children.order_by("code"),
            form=form,
            periods=periods,
            year=year,
            stage=stage,
            table=table,
            chart=charts.bars(
                [line.table.disclosure.department_name for line in top],
                [
                    charts.Series(
                        classification.name or classification.code, [line.amount_in_wan for line in top]
                    )
                ],
                unit="万元",
                horizontal=True,
                links=[line.table.disclosure.get_absolute_url() for line in top],
            ),
            over_years=self.over_years(lines, periods),
            latest_year=max((line.table.disclosure.year or 0 for line in lines), default=None),
            csv_url=export_url("lines.csv", code=classification.code, year=year, stage=stage),
            **kwargs,
        )

    def over_years(self, lines: list[Line], periods: list[tuple[int, str]]) -> dict:
        """Rows of departments (and level), columns of (year, stage) oldest first, amounts in 万元;
        paginated by department."""
        stage_order = {stage: index for index, stage in enumerate(Stage.values)}
        columns = sorted(periods, key=lambda period: (period[0], stage_order.get(period[1], 9)))
        rows: dict[tuple[str, str], dict] = {}
        for line in lines:
            disclosure = line.table.disclosure
            row = rows.setdefault(
                (disclosure.department_name, disclosure.level),
                {"disclosure": disclosure, "lines": {}},
            )
            row["lines"][(disclosure.year or 0, disclosure.stage)] = line
        ordered = [rows[key] for key in sorted(rows)]
        for row in ordered:
            row["cells"] = [row["lines"].get(column) for column in columns]
        page = Paginator(ordered, PER_PAGE).get_page(self.request.GET.get("years-page"))
        return {"columns": [f"{year}年{stage}" for year, stage in columns], "page": page}


@method_decorator(cached_page, name="dispatch")
class CompareView(TemplateView):
    """Two disclosures side by side (``?a=…&b=…``), or one code across departments (``?code=…``)."""

    template_name = "disclosures/compare.html"

    def get(self, request, *args, **kwargs):
        if "a" in request.GET or "b" in request.GET:
            return self.two_disclosures(request)
        filters = CompareFilter(request.GET, queryset=Line.objects.current())
        context = {"filter": filters}
        if not filters.is_valid():
            return self.render_to_response(self.get_context_data(**context), status=400)
        code = filters.form.cleaned_data.get("code")
        if code:
            kind = ClassificationCode.KIND_BY_SLUG[filters.form.cleaned_data["kind"]]
            table = CodeAmountTable(
                unshown_deferred(filters.qs).headline_per_disclosure(), order_by=("-amount_in_wan",)
            )
            RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
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
            code_options=ClassificationCode.objects.filter(level__in=ranks).order_by("kind", "code"),
            choices=Disclosure.objects.current().select_related("department").in_reading_order(),
            **kwargs,
        )

    def two_disclosures(self, request):
        form = DisclosurePairForm(request.GET)
        if not form.is_valid():
            context = self.get_context_data(
                pair_form=form, filter=CompareFilter(queryset=Line.objects.none())
            )
            return self.render_to_response(context, status=400)
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        found = Disclosure.objects.stored().select_related("department").in_bulk([a, b])
        if a not in found or b not in found:
            raise Http404("没有这个公开文件")
        left, right = found[a], found[b]
        kinds = [INCOME_EXPENSE_SUMMARY, INCOME, EXPENSE, GENERAL_BUDGET_EXPENSE, GENERAL_BUDGET_BASIC]
        lines: dict[int, list[Line]] = {a: [], b: []}
        for line in (
            Line.objects.filter(table__disclosure__in=[a, b], table__kind__in=kinds)
            .select_related("table__disclosure", "classification")
            .order_by("table__order", "row_order", "column_order")
        ):
            lines[line.table.disclosure_id].append(line)
        three_public = {
            row.disclosure_id: figures.three_public_figures(row)
            for row in ThreePublic.objects.filter(disclosure__in=[a, b]).select_related("disclosure")
        }
        headlines = (figures.headline(lines[a]), figures.headline(lines[b]))
        summary = [
            (label, getattr(headlines[0], name), getattr(headlines[1], name))
            for name, label in (
                ("income", "收入合计"),
                ("expense", "支出合计"),
                ("basic", "基本支出"),
                ("project", "项目支出"),
            )
        ]
        trees = [
            (
                ClassificationCode.Kind(kind).label,
                layouts.compare_tree(
                    layouts.coded_amounts(lines[a], tables),
                    layouts.coded_amounts(lines[b], tables),
                    prefix=ClassificationCode.Kind(kind).name.lower(),
                ),
            )
            for kind, tables in layouts.COMPARED_TABLES.items()
        ]
        same_department = left.department_id == right.department_id
        context = self.get_context_data(
            left=left,
            right=right,
            left_label=left.label if same_department else f"{left.department_name} {left.label}",
            right_label=right.label if same_department else f"{right.department_name} {right.label}",
            summary=[
                (
                    label,
                    first,
                    second,
                    figures.Change(first and first.amount_in_wan, second and second.amount_in_wan),
                )
                for label, first, second in summary
            ],
            trees=trees,
            three_public_rows=figures.three_public_rows(three_public.get(a), three_public.get(b)),
            three_public_left=three_public.get(a),
            three_public_right=three_public.get(b),
            csv_left=export_url("lines.csv", **disclosure_filters(left)),
            csv_right=export_url("lines.csv", **disclosure_filters(right)),
            filter=CompareFilter(queryset=Line.objects.none()),
        )
        return self.render_to_response(context)
