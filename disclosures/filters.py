"""Filters shared by the open-data exports and the public list of disclosures."""

import django_filters
from django import forms
from django.db.models import Q

from disclosures.models import Disclosure, Level, Stage


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class OpenDataFilter(django_filters.FilterSet):
    """The exports' query parameters (open-data.md): each optional, combinable, exact.

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
