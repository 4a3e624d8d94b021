"""Inside the 三公 table: 合计 = 因公出国 + 公务用车购置及运行维护费 + 公务接待费, and 公务用车购置及
运行维护费 = 购置费 + 运行维护费, in every set of figures the table prints.

The table is read by ``parsing.three_public``; these checks only add up what it found.
"""

from __future__ import annotations

from disclosures.checks.findings import Finding
from disclosures.checks.reading import Figure, compare_sum
from disclosures.checks.registry import check
from disclosures.parsing import three_public
from disclosures.parsing.document import ParsedDisclosure
from disclosures.parsing.kinds import THREE_PUBLIC
from disclosures.parsing.three_public import OPERATION, OVERSEAS, PURCHASE, RECEPTION, TOTAL, VEHICLES


@check("three_public.vehicles")
@check("three_public.total", needs=(THREE_PUBLIC,))
def three_public_sums(doc: ParsedDisclosure) -> list[Finding]:
    """合计 = 出国 + 公务用车 (or 购置 + 运行) + 接待; 公务用车 = 购置 + 运行, where printed."""
    table = doc.table(THREE_PUBLIC)
    findings = []
    for figure_set in three_public.figure_sets(table):
        figures = figure_set.figures
        vehicle_parts = [c for c in (PURCHASE, OPERATION) if c in figures]
        total_parts = [c for c in (OVERSEAS, RECEPTION) if c in figures]
        total_parts += [VEHICLES] if VEHICLES in figures else vehicle_parts
        rules = []
        if TOTAL in figures and total_parts:
            rules.append(("three_public.total", TOTAL, total_parts))
        if VEHICLES in figures and vehicle_parts:
            rules.append(("three_public.vehicles", VEHICLES, vehicle_parts))
        for name, head, parts in rules:
            row, column = figures[head].row, figures[head].column
            figure = Figure(table, row, column, row_name=three_public.row_name(head))
            expected_as = "、".join(three_public.row_name(part) for part in parts) + "之和"
            cells = [figures[part].value for part in parts]
            sources = [(figures[part].row, figures[part].column) for part in parts]
            findings += compare_sum(name, figure, cells, figure.where, expected_as, cells=sources)
    return findings
