"""The projects against the tables: their budgets add up to 支出总表's 项目支出.

Advisory: a document need not disclose every project, so a difference is a warning at most.
"""

from __future__ import annotations

from decimal import Decimal

from disclosures.checks.across_tables import compare_figures
from disclosures.checks.findings import Finding, not_applicable
from disclosures.checks.reading import row_label, total_figure
from disclosures.checks.registry import check
from disclosures.parsing.document import ParsedDisclosure
from disclosures.parsing.kinds import EXPENSE
from disclosures.parsing.money import common_unit, convert


@check("projects", needs=(EXPENSE,))
def projects(doc: ParsedDisclosure) -> list[Finding]:
    """Σ project budgets vs 支出总表's 项目支出 (advisory: not every project need be disclosed)."""
    check = "projects"
    figure = total_figure(doc.table(EXPENSE), "项目")
    budgets = [project for project in doc.projects if project.budget is not None]
    if figure is None:
        return [not_applicable(check, "支出总表中找不到项目支出合计。", table=EXPENSE)]
    if not budgets:
        return [not_applicable(check, "文件没有列出项目预算。", table=EXPENSE, row=row_label(figure.row))]
    unit = common_unit(figure.table.unit, *(project.unit for project in budgets))
    total = sum((convert(p.budget, p.unit or unit, unit, to_cent=True) for p in budgets), Decimal(0))
    expected_as = f"{len(budgets)}个项目的预算数之和"
    return [compare_figures(check, figure, total, unit, expected_as, terms=len(budgets), advisory=True)]
