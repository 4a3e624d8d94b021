"""Consistency checks over a parsed disclosure (domain.md, "Checks a correct disclosure passes").

Pure functions: a ParsedDisclosure in, a list of Findings out. No Django, no I/O.

Every evaluated comparison gives one finding, so counting passes is meaningful: one finding per
(check, table, row, column). A comparison is evaluated only when at least one of its cells is
printed; empty cells mean nothing budgeted and count as 0 inside a sum. When a table a check
needs is missing, or a cell it compares is printed redacted (``****``: a figure not published),
the check says so (``not_applicable``), which is not a pass.

The checks, by family (each a module; ``names.LABELS`` says what each verifies, in Chinese):

- ``within_table``: ``hierarchy`` (a 类 row = Σ its 款 rows, a 款 row = Σ its 项 rows),
  ``totals`` (the 合计 row = Σ the top-level coded rows; in two-sided tables 本年收入合计 = Σ the
  numbered rows and 收入总计 = 本年收入合计 + the carry-overs), ``columns`` (the 合计 column =
  Σ its component columns, 小计 = Σ the columns under it);
- ``three_public``: ``three_public.total`` and ``three_public.vehicles`` inside the 三公 table;
- ``across_tables``: ``balance`` (收入总计 = 支出总计 in the two-sided tables) and
  ``cross_table.*`` (a figure printed in two tables, or in the 三公 table and its paragraph);
- ``projects``: Σ project budgets vs 项目支出 (advisory: a warning at most);
- ``prose``: ``prose.<fact key>`` (the prose figures against the tables) and ``prose.change``.

Adding a check: a function of the document in its family's module, decorated
``@check("family.name")``, and its label in ``names.LABELS``.
"""

from __future__ import annotations

# The family modules register their checks when imported.
from disclosures.checks import across_tables, projects, prose, three_public, within_table  # noqa: F401
from disclosures.checks.findings import Finding, compare, not_applicable
from disclosures.checks.names import FAILED, NOT_APPLICABLE, OK, WARNING, check_label
from disclosures.checks.registry import CHECKS, check, check_names, run_checks
from disclosures.checks.trust import doubt_notes

__all__ = [
    "CHECKS",
    "FAILED",
    "NOT_APPLICABLE",
    "OK",
    "WARNING",
    "Finding",
    "check",
    "check_label",
    "check_names",
    "compare",
    "doubt_notes",
    "not_applicable",
    "run_checks",
]
