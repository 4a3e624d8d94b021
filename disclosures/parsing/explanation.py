"""The explanation (情况说明): its numbered sections, the 机构设置 units table, the figures its
prose states, and the 三公 paragraph.

The stages live beside this module: ``prose`` reads the lines outside the tables into sections
and sentences, ``facts`` names the figures the sentences state, ``three_public`` reads the 三公
paragraph; the 机构设置 table is read here from the grids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosures.parsing.document import Fact, Section, Skipped, ThreePublicFigures, UnitInfo
from disclosures.parsing.facts import find_facts
from disclosures.parsing.page import Cell, Grid, PageLayout
from disclosures.parsing.prose import find_sections, prose_lines, prose_stream, split_sentences
from disclosures.parsing.three_public import find_three_public


@dataclass
class Explanation:
    """What the explanation states, beside the tables."""

    sections: list[Section] = field(default_factory=list)
    units: list[UnitInfo] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    three_public_prose: ThreePublicFigures | None = None
    three_public_change: str = ""
    three_public_reason: str = ""
    three_public_sentence: str = ""
    three_public_page: int | None = None
    skipped: list[Skipped] = field(default_factory=list)


# -- units ----------------------------------------------------------------------------------


def find_units(layouts: list[PageLayout]) -> list[UnitInfo]:
    """The rows of the 机构设置 table (单位名称 | 单位性质 | 单位规格 | 经费保障形式)."""
    units: list[UnitInfo] = []
    columns: list[tuple[Cell, str]] | None = None
    previous: Grid | None = None
    for layout in layouts:
        for grid in layout.grids:
            continues = (
                columns is not None
                and previous is not None
                and grid.page == previous.page + 1
                and previous.last_on_page
                and grid.first_on_page
            )
            if not continues:
                columns = None
            for cells in grid.full_rows:
                keys = {c.key for c in cells}
                if "单位名称" in keys and keys & {"单位性质", "单位规格", "经费保障形式", "经费形式"}:
                    columns = [(c, _unit_field(c.key)) for c in cells]
                    continue
                if columns is None or not any(c.text for c in cells):
                    continue
                values: dict[str, str] = {}
                for cell in cells:
                    if cell.text:
                        header, name = max(columns, key=lambda col, cell=cell: col[0].overlap(cell))
                        if name and header.overlap(cell) > 0:
                            values[name] = values.get(name, "") + cell.tidied
                if values.get("name"):
                    units.append(UnitInfo(page=grid.page, **values))
            previous = grid
    return units


def _unit_field(key: str) -> str:
    if key == "单位名称":
        return "name"
    if key == "单位性质":
        return "nature"
    if key == "单位规格":
        return "rank"
    if key.startswith("经费"):
        return "funding"
    return ""


# -- entry point ----------------------------------------------------------------------------


def parse_explanation(layouts: list[PageLayout], page_texts: list[str]) -> Explanation:
    """Sections, units, prose figures and the 三公 paragraph of a disclosure.

    ``layouts`` are the pages as laid out by ``pdf.layout_page``: text inside ruled tables is
    left out of the prose and the 机构设置 table is read from their grids. ``page_texts`` (each
    page's text) is read instead when no layouts are given.
    """
    result = Explanation()
    lines = prose_lines(layouts, page_texts)
    result.sections, heading_lines = find_sections(lines)
    result.units = find_units(layouts)
    stream = prose_stream(lines, heading_lines)
    sentences = split_sentences(stream)
    result.facts = find_facts(sentences)
    three = find_three_public(sentences, stream.headings)
    result.three_public_prose = three.figures
    result.three_public_change = three.change
    result.three_public_reason = three.reason
    result.three_public_sentence = three.sentence
    result.three_public_page = three.page
    if three.sentence and three.figures is None:
        result.skipped.append(Skipped(three.page or 0, "“三公”经费说明", "找到段落但没有读出金额"))
    return result
