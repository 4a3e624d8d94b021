"""What the tests read back: from the site, as its users read it (a CSV download, a page's text),
and from a PDF, one stage of the parser at a time (its pages laid out, its project tables).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pdfplumber

from disclosures.parsing.document import Project, Skipped
from disclosures.parsing.page import PageLayout
from disclosures.parsing.pdf import layout_page, visible
from disclosures.parsing.projects import parse_projects


def csv_rows(response) -> list[dict[str, str]]:
    """The rows of a streamed CSV export, as a journalist's script reads them (BOM dropped)."""
    assert response.status_code == 200, response
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def page_text(client, url: str) -> str:
    """The HTML of a page that must be there."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def read_layouts(path: Path) -> list[PageLayout]:
    """A PDF's pages laid out as the parser lays them out (visible text, grids), without parsing."""
    with pdfplumber.open(path) as pdf:
        layouts: list[PageLayout] = []
        for page in pdf.pages:
            layouts.append(
                layout_page(visible(page), filename=path.name, previous=layouts[-1] if layouts else None)
            )
        return layouts


def read_projects(path: Path) -> tuple[list[Project], list[Skipped]]:
    """A PDF's project performance-target tables, as the parser reads them, and what it skipped."""
    return parse_projects(read_layouts(path))
