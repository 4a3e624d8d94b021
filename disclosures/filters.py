"""Filters shared by the open-data exports and the public list of disclosures."""

import django_filters
from django import forms
from django.db.models import Q

from disclosures.models import ClassificationCode, Disclosure, Level, Line, Stage


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class OpenDataFilter(django_filters.FilterSet):
    """The exports' query parameters (docs/open-data.md): each optional, combinable, exact.

    An unknown value matches nothing; only a malformed year makes the filter invalid.
    """

    department = django_filters.CharFilter(method="filter_department", label="部门编码")
    year = YearFilter(label="年度", error_messages={"invalid": "年度应为数字，例如 2025"})
    stage = django_filters.CharFilter(label="类型")
    level = django_filters.CharFilter(label="级次")

    class Meta:
        model = Disclosure
        fields = ["department", "year", "stage", "level"]

    def filter_department(self, queryset, name, value):
        return queryset.matching(department=value)


class DisclosureFilter(OpenDataFilter):
    """The public list: department by code or part of its name, stage and level from a list."""

    department = django_filters.CharFilter(method="filter_department", label="部门")
    stage = django_filters.ChoiceFilter(label="类型", choices=Stage.choices)
    level = django_filters.ChoiceFilter(label="级次", choices=Level.choices)

    def filter_department(self, queryset, name, value):
        return queryset.filter(Q(department__code=value) | Q(department__name__contains=value))


class CompareFilter(django_filters.FilterSet):
    """The parameters of /compare/: one classification code, in one year, stage and level.

    Filters the lines of current disclosures; a malformed year makes the filter invalid.
    """

    kind = django_filters.ChoiceFilter(
        label="分类",
        choices=[
            (slug, ClassificationCode.Kind(kind).label)
            for slug, kind in ClassificationCode.KIND_BY_SLUG.items()
        ],
        method="filter_kind",
        empty_label=None,
    )
    code = django_filters.CharFilter(
        label="科目编码",
        field_name="classification__code",
        widget=forms.TextInput(attrs={"list": "code-options", "placeholder": "如 208", "size": 10}),
    )
    year = YearFilter(
        label="年度",
        field_name="table__disclosure__year",
        error_messages={"invalid": "年度应为数字，例如 2025"},
    )
    stage = django_filters.ChoiceFilter(
        label="类型", choices=Stage.choices, field_name="table__disclosure__stage", empty_label="全部"
    )
    level = django_filters.ChoiceFilter(
        label="级次", choices=Level.choices, field_name="table__disclosure__level", empty_label="全部"
    )

    class Meta:
        model = Line
        fields = ["kind", "code", "year", "stage", "level"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("kind"):
            data = data.copy()
            data["kind"] = "function"
        super().__init__(data, *args, **kwargs)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(classification__kind=ClassificationCode.KIND_BY_SLUG[value])


# Parameters that narrow lines.csv to what one page shows: one table of a disclosure
# (``table=收入总表``), or one classification code (``code=208``). Exact values, like the others.
LINE_PARAMETERS = {"table": "table__kind", "code": "code"}


def line_filters(params) -> dict[str, str]:
    """The row filters of lines.csv given in ``params`` (a QueryDict), as ORM lookups."""
    return {
        lookup: "".join(params[name].split())
        for name, lookup in LINE_PARAMETERS.items()
        if params.get(name, "").strip()
    }


class DisclosurePairForm(forms.Form):
    """The two disclosures of /compare/?a=…&b=… (their ids, as the page's selects give them)."""

    a = forms.IntegerField(label="比较", min_value=1, error_messages={"invalid": "应为公开文件的编号"})
    b = forms.IntegerField(label="与", min_value=1, error_messages={"invalid": "应为公开文件的编号"})


class YearStageForm(forms.Form):
    """A code page's choice of year and stage (both optional: the latest year by default)."""

    year = forms.IntegerField(
        label="年度",
        required=False,
        min_value=1900,
        max_value=2999,
        error_messages={"invalid": "年度应为数字，例如 2025"},
    )
    stage = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *Stage.choices])
