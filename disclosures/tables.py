"""django-tables2 tables for the public pages."""

from decimal import ROUND_HALF_UP, Decimal

import django_tables2 as tables
from django.utils.html import format_html

from disclosures.figures import Change
from disclosures.models import ClassificationCode, Department, Disclosure

AMOUNT_ATTRS = {"td": {"class": "amount"}, "th": {"class": "amount"}}
# Every public table: a caption (``table.caption``, set by the view), header scopes, the sort order
# announced, pagination in Chinese.
TEMPLATE = "django_tables2/public_table.html"


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
        template_name = TEMPLATE
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
    """An amount in 万元 as shown: two decimals, rounded half up, thousands separated (the exact
    value is in the CSV)."""
    if value is None:
        return "—"
    return format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ",")


def share(value: Decimal, maximum: Decimal) -> str:
    """``value`` as a percentage of ``maximum`` for a bar's width (CSS), at least a sliver."""
    if not maximum or value <= 0:
        return "0%"
    return f"{max(Decimal('0.5'), value * 100 / maximum).quantize(Decimal('0.1'))}%"


def bar(value: Decimal, maximum: Decimal, text: str):
    """A number with a bar behind it whose length is its share of ``maximum`` (the number stays
    the text: the bar is decoration, hidden from screen readers)."""
    return format_html(
        '<span class="bar-cell"><span class="bar-track" aria-hidden="true">'
        '<span class="bar" style="width: {}"></span></span><span class="bar-value">{}</span></span>',
        share(value, maximum),
        text,
    )


def change_html(difference: Decimal | None, percent: Decimal | None):
    """A change as shown under an amount: +12.30（+4.5%）, coloured by direction."""
    if difference is None:
        return ""
    direction = "up" if difference > 0 else "down" if difference < 0 else "same"
    sign = "+" if difference > 0 else ""
    percent_text = f"（{'+' if percent and percent > 0 else ''}{percent}%）" if percent is not None else ""
    return format_html(
        '<span class="change change-{}">{}{}{}</span>', direction, sign, wan(difference), percent_text
    )


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
        template_name = TEMPLATE
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
    stage = tables.Column("类型", accessor="table__disclosure__stage", orderable=False)
    level = tables.Column("级次", accessor="table__disclosure__level", orderable=False)
    amount_in_wan = tables.Column(
        "金额（万元）", attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}, empty_values=()
    )
    printed = tables.Column(
        "原表金额", attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}, order_by=("amount",)
    )
    source = tables.Column("表 · 列", accessor="table__kind", orderable=False, empty_values=())
    item = tables.Column("表中名称", orderable=False)
    page = tables.Column("原文", empty_values=(), orderable=False)

    class Meta:
        template_name = TEMPLATE
        attrs = {"class": "data code-amounts"}
        empty_text = "当前公开的文件中没有这个科目的金额。"

    def __init__(self, *args, maximum: Decimal | None = None, **kwargs):
        # With ``maximum`` (the largest amount listed), each amount is drawn as a bar beside it.
        self.maximum = maximum
        super().__init__(*args, **kwargs)

    def render_amount_in_wan(self, value):
        if self.maximum and value is not None and value > 0:
            return bar(value, self.maximum, wan(value))
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
        change = record.get("changes", {}).get(self.disclosure.pk)
        return format_html(
            '<a href="{}" title="原表 {} {}，第{}页">{}</a>{}',
            line.pdf_page_url,
            line.printed,
            line.unit,
            line.page,
            wan(value),
            format_html("<br>{}", change_html(change.difference, change.percent)) if change else "",
        )

    def render_footer(self, bound_column, table):
        values = [row[bound_column.name] for row in table.data if row.get(bound_column.name) is not None]
        return wan(sum(values, Decimal(0))) if values else "—"


def previous_of_kind(disclosures: list[Disclosure]) -> dict[int, int]:
    """For each disclosure (oldest first), the one before it of the same stage and level: the
    year-on-year change compares 预算 with 预算 and 决算 with 决算."""
    last: dict[tuple[str, str], Disclosure] = {}
    previous = {}
    for disclosure in disclosures:
        key = (disclosure.stage, disclosure.level)
        if key in last and last[key].year != disclosure.year:
            previous[disclosure.pk] = last[key].pk
        last[key] = disclosure
    return previous


class ExpenseComparisonTable(tables.Table):
    """Rows: 类 function codes; columns: a department's disclosures by year and stage, in 万元.

    Built from one measure of ``LineQuerySet.expense_class_comparison``.
    """

    code = tables.Column("科目", footer="各类合计", attrs={"td": {"class": "code-name"}})

    class Meta:
        template_name = TEMPLATE
        attrs = {"class": "data comparison"}
        empty_text = "支出总表中没有按科目列出的金额。"

    def __init__(self, rows: list[dict], disclosures: list[Disclosure], **kwargs):
        data = []
        units: dict[int, str] = {}
        previous = previous_of_kind(disclosures)
        for row in rows:
            record = {"code": row["classification"].code, **row, "changes": {}}
            for pk, line in row["lines"].items():
                record[f"d{pk}"] = line.amount_in_wan
                units.setdefault(pk, line.unit)
                before = row["lines"].get(previous.get(pk))
                if before is not None:
                    record["changes"][pk] = Change(before.amount_in_wan, line.amount_in_wan)
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


class DepartmentTable(tables.Table):
    """Departments with how many current disclosures each has (``search.departments``)."""

    name = tables.Column("部门", linkify=True)
    code = tables.Column("部门编码")
    disclosures_count = tables.Column(
        "公开文件", attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}
    )

    class Meta:
        template_name = TEMPLATE
        model = Department
        fields = ["name", "code", "disclosures_count"]
        attrs = {"class": "data"}
        empty_text = "没有找到部门。"


class ThreePublicTable(tables.Table):
    """三公经费 by disclosure (``figures.ThreePublicFigures``), in 万元, sortable; the total drawn
    as a bar against the largest."""

    department = tables.Column(
        "部门",
        accessor="disclosure__department_name",
        linkify=lambda record: record.disclosure.get_absolute_url(),
        attrs={"th": {"scope": "col"}},
    )
    total = tables.Column("合计", accessor="total_in_wan", empty_values=(), attrs=AMOUNT_ATTRS)
    overseas = tables.Column("因公出国（境）费", accessor="overseas_in_wan", attrs=AMOUNT_ATTRS)
    vehicles = tables.Column("公务用车购置及运行维护费", accessor="vehicles_in_wan", attrs=AMOUNT_ATTRS)
    reception = tables.Column("公务接待费", accessor="reception_in_wan", attrs=AMOUNT_ATTRS)
    source = tables.Column("出处", orderable=False, empty_values=())

    class Meta:
        template_name = TEMPLATE
        attrs = {"class": "data three-public-ranking"}
        order_by = ["-total"]
        empty_text = "没有公开“三公”经费的文件。"

    def __init__(self, data, **kwargs):
        self.maximum = max((figure.total_in_wan for figure in data), default=Decimal(0))
        super().__init__(data, **kwargs)

    def render_department(self, record):
        level = "" if record.disclosure.level == "部门" else f"（{record.disclosure.level}）"
        return f"{record.disclosure.department_name}{level}"

    def render_total(self, value):
        return bar(value, self.maximum, wan(value)) if value is not None else "—"

    render_overseas = render_vehicles = render_reception = staticmethod(wan)

    def render_source(self, record):
        if record.url:
            return format_html('<a href="{}">{}</a>', record.url, record.source)
        return record.source
