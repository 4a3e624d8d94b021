"""What the ``parser`` fixture puts in place of the parser and of the checks, so that a test
knows exactly what ingest is given: ``FakeParser`` for parse_pdf, ``make_check_results`` for
run_checks.
"""

from __future__ import annotations

from decimal import Decimal

from disclosures import checks
from disclosures.parsing import document
from disclosures.parsing.document import ParsedDisclosure
from disclosures.parsing.errors import RefusedFile


class FakeParser:
    """Maps file names to what parse_pdf gives for them: a ParsedDisclosure or a refusal."""

    def __init__(self):
        self.results: dict[str, ParsedDisclosure | str] = {}
        self.calls: list[str] = []

    def gives(self, filename: str, result: ParsedDisclosure | str) -> None:
        self.results[filename] = result

    def __call__(self, path, *, filename: str = "", max_pages: int = 500) -> ParsedDisclosure:
        self.calls.append(filename)
        result = self.results[filename]
        if isinstance(result, str):
            raise RefusedFile(result, filename=filename)
        return result


def make_check_results(doc: ParsedDisclosure) -> list[checks.Finding]:
    """Stands in for run_checks: one pass, one failure, one warning, one not applicable."""
    return [
        checks.Finding(
            check="balance", status=checks.OK, table=document.INCOME_EXPENSE_SUMMARY, row="收入总计"
        ),
        checks.Finding(
            check="hierarchy",
            status=checks.FAILED,
            table=document.INCOME,
            row="20805 行政事业单位养老支出",
            column="合计",
            expected=Decimal("536.45"),
            actual=Decimal("-12.50"),
            difference=Decimal("548.95"),
            unit="万元",
            page=4,
            message="款的金额不等于其项之和",
        ),
        checks.Finding(check="projects", status=checks.WARNING, message="项目合计小于项目支出"),
        checks.Finding(check="three_public.prose", status=checks.NOT_APPLICABLE),
    ]
