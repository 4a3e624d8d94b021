"""django-tables2 tables for the public pages."""

from decimal import ROUND_HALF_UP, Decimal

import django_tables2 as tables
from django.utils.html import format_html

from disclosures.models import ClassificationCode, Disclosure


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


def wan(value: Decimal | None) -> str:
    """An amount in 万元 as shown: two decimals, rounded half up (the exact value is in the CSV)."""
    if value is None:
        return "—"
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class CodeTable(tables.Table):
    """Classification codes with how much they are used (``with_usage``)."""

    code = tables.Column("科目编码", linkify=True)
    name = tables.Column("科目名称")
    kind = tables.Column("分类")
    level = tables.Column("级次")
    children_count = tables.Column("下级科目", attrs={"td": {"class": "amount"}, "th": {"class": "amount"}})
    disclosures_count = tables.Column(
        "有金额的公开文件", attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}
    )

    class Meta:
        model = ClassificationCode
        fields = ["code", "name", "kind", "level", "children_count", "disclosures_count"]
        attrs = {"class": "data"}
        empty_text = "没有科目。"


class CodeAmountTable(tables.Table):
    """One amount per disclosure (Lines from ``headline_per_disclosure``), in 万元 with the
    printed amount, its unit, table, column and PDF page beside it."""

    department = tables.Column(
        "部门",
        accessor="table__disclosure__department__name",
        linkify=lambda record: record.table.disclosure.department.get_absolute_url(),
    )
    year = tables.Column(
        "年度",
        accessor="table__disclosure__year",
        linkify=lambda record: record.table.disclosure.get_absolute_url(),
    )
    stage = tables.Column("类型", accessor="table__disclosure__stage")
    level = tables.Column("级次", accessor="table__disclosure__level")
    amount_in_wan = tables.Column(
        "金额（万元）", attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}, empty_values=()
    )
    printed = tables.Column(
        "原表金额", attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}, order_by=("amount",)
    )
    source = tables.Column("表 · 列", accessor="table__kind", orderable=False, empty_values=())
    item = tables.Column("表中名称")
    page = tables.Column("原文", empty_values=())

    class Meta:
        attrs = {"class": "data code-amounts"}
        empty_text = "当前公开的文件中没有这个科目的金额。"

    def render_amount_in_wan(self, value):
        return wan(value)

    def render_printed(self, value, record):
        return format_html('{} <span class="unit">{}</span>', value, record.unit or "单位未注明")

    def render_source(self, record):
        return f"{record.table.kind} · {record.column}"

    def render_page(self, record):
        return format_html('<a href="{}">第{}页</a>', record.pdf_page_url, record.page)


class AmountColumn(tables.Column):
    """One disclosure's amounts in 万元, each linking to its PDF page; the footer sums them."""

    def __init__(self, disclosure: Disclosure, **kwargs):
        self.disclosure = disclosure
        amount = {"class": "amount"}
        super().__init__(attrs={"td": amount, "th": amount, "tf": amount}, **kwargs)

    def render(self, value, record):
        line = record["lines"][self.disclosure.pk]
        return format_html(
            '<a href="{}" title="原表 {} {}，第{}页">{}</a>',
            line.pdf_page_url,
            line.printed,
            line.unit,
            line.page,
            wan(value),
        )

    def render_footer(self, bound_column, table):
        values = [row[bound_column.name] for row in table.data if row.get(bound_column.name) is not None]
        return wan(sum(values, Decimal(0))) if values else "—"


class ExpenseComparisonTable(tables.Table):
    """Rows: 类 function codes; columns: a department's disclosures by year and stage, in 万元.

    Built from one measure of ``LineQuerySet.expense_class_comparison``.
    """

    code = tables.Column("科目", footer="各类合计", attrs={"td": {"class": "code-name"}})

    class Meta:
        attrs = {"class": "data comparison"}
        empty_text = "支出总表中没有按科目列出的金额。"

    def __init__(self, rows: list[dict], disclosures: list[Disclosure], **kwargs):
        data = []
        units: dict[int, str] = {}
        for row in rows:
            record = {"code": row["classification"].code, **row}
            for pk, line in row["lines"].items():
                record[f"d{pk}"] = line.amount_in_wan
                units.setdefault(pk, line.unit)
            data.append(record)
        extra_columns = [
            (
                f"d{disclosure.pk}",
                AmountColumn(disclosure, verbose_name=self.header(disclosure, units.get(disclosure.pk, ""))),
            )
            for disclosure in disclosures
        ]
        super().__init__(data, extra_columns=extra_columns, **kwargs)

    @staticmethod
    def header(disclosure: Disclosure, unit: str):
        if unit and unit != "万元":
            return format_html('{}<br><span class="unit">原表单位：{}</span>', disclosure.label, unit)
        return disclosure.label

    def render_code(self, record):
        classification = record["classification"]
        return format_html(
            '<a href="{}">{}</a> {}',
            classification.get_absolute_url(),
            classification.code,
            classification.name,
        )
