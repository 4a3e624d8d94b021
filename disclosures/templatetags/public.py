"""Filters for the public pages: amounts as readers read them, bars and changes."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from disclosures import tables

register = template.Library()


@register.filter
def amount(value: Decimal | None) -> str:
    """An amount in its document's unit, with thousands separators: 31,214,205.80."""
    if value is None or value == "":
        return ""
    return format(Decimal(value), ",")


@register.filter
def wan(value: Decimal | None) -> str:
    """An amount in 万元, two decimals, thousands separators."""
    return tables.wan(value)


@register.filter
def change(value) -> str:
    """A ``figures.Change`` as +12.30（+4.5%）, coloured by direction; "" when one side is missing."""
    if value is None:
        return ""
    return tables.change_html(value.difference, value.percent)


@register.simple_tag
def bar(value: Decimal | None, maximum: Decimal | None, text: str = ""):
    """A bar whose length is ``value``'s share of ``maximum``, with ``text`` (or the amount) beside it."""
    if value is None:
        return text or "—"
    return tables.bar(value, maximum or value, text or wan(value))


@register.filter
def signed(value: Decimal | None):
    """A difference in 万元 with its sign, coloured by direction: +240.56, -6.00."""
    if value is None:
        return ""
    direction = "up" if value > 0 else "down" if value < 0 else "same"
    return format_html('<span class="change-{}">{}{}</span>', direction, "+" if value > 0 else "", wan(value))


@register.filter
def signed_percent(value: Decimal | None) -> str:
    """A percent change with its sign: +80.2%."""
    if value is None:
        return ""
    return f"{'+' if value > 0 else ''}{value}%"
