"""django-tables2 tables for the public pages."""

import django_tables2 as tables

from disclosures.models import Disclosure


class DisclosureTable(tables.Table):
    department = tables.Column(
        "部门", accessor="department", linkify=lambda record: record.department.get_absolute_url()
    )
    year = tables.Column("年度", linkify=True)
    stage = tables.Column("类型")
    level = tables.Column("级次")
    has_tables = tables.BooleanColumn("含表格", yesno="有,无")
    checks_failed = tables.Column("未通过核验", orderable=False, empty_values=())

    class Meta:
        model = Disclosure
        fields = ["department", "year", "stage", "level", "has_tables", "checks_failed"]
        order_by = ["-year"]
        attrs = {"class": "data"}

    def render_department(self, record):
        return f"{record.department.code} {record.department_name}".strip()

    def render_checks_failed(self, record):
        total = getattr(record, "checks_total", 0)
        failed = getattr(record, "checks_failed", 0)
        return f"{failed} / {total}" if total else "—"

    def order_department(self, queryset, is_descending):
        prefix = "-" if is_descending else ""
        return queryset.order_by(f"{prefix}department__code", f"{prefix}department__name"), True
