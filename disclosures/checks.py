"""Consistency checks over a parsed disclosure (domain.md, "Checks a correct disclosure passes").

Pure functions: a ParsedDisclosure in, a list of CheckResult out. No Django, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from disclosures.parsing.model import ParsedDisclosure

OK = "ok"
WARNING = "warning"
FAILED = "failed"
NOT_APPLICABLE = "not_applicable"


@dataclass
class CheckResult:
    check: str  # stable name, e.g. "hierarchy", "column_sum", "balance", "cross_table.income_total"
    status: str  # ok / warning / failed / not_applicable
    table: str = ""  # the table's kind (收入总表) or "" for document-wide checks
    row: str = ""  # the row it failed on: code and name, or item
    column: str = ""
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    unit: str = ""
    page: int | None = None
    message: str = ""  # one sentence a journalist can read


def run_checks(doc: ParsedDisclosure) -> list[CheckResult]:
    """Every check on one document, in a stable order."""
    raise NotImplementedError("being written")
