"""The data of the pages' charts, for static/disclosures/charts.js to draw with Apache ECharts.

A chart is a plain dict that the template hands to ``json_script``; amounts travel as strings
(Decimal, never float) and become numbers only in the browser, for drawing. Every chart's numbers
are also in a table on the page: the chart is a picture of that table, never the only place a
figure is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass
class Series:
    name: str
    values: Sequence[Decimal | None]


def bars(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    unit: str,
    horizontal: bool = False,
    links: Sequence[str] | None = None,
) -> dict:
    """A bar chart: one bar per category and series; ``links`` opens a category's page on click."""
    return {
        "type": "bar",
        "horizontal": horizontal,
        "unit": unit,
        "categories": list(categories),
        "links": list(links or []),
        "series": [
            {"name": one.name, "data": [None if value is None else str(value) for value in one.values]}
            for one in series
        ],
    }
