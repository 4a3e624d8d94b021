"""What a check concludes: a Finding, and the one comparison every check makes.

A comparison is between a printed figure (actual) and what it should be (expected), in one
unit; each printed figure summed into ``expected`` may carry a cent of rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from disclosures.checks.names import FAILED, NOT_APPLICABLE, OK, WARNING
from disclosures.parsing.money import CENT, convert

# Amounts are printed with two decimals: each summed term may be off by one cent of rounding.
ROUNDING = CENT


@dataclass
class Finding:
    """The outcome of one comparison (stored as a ``models.CheckResult``)."""

    check: str  # stable name, e.g. "hierarchy", "columns", "balance", "cross_table.income_total"
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
    tolerance: Decimal | None = None  # the rounding allowed: 0.01 per summed term
    # The printed figures summed into ``expected``, in order (empty cells as None); not stored:
    # ``trust`` reads them to tell a misread header (a failure by exactly one column's value on
    # row after row) from a misprint.
    parts: tuple[Decimal | None, ...] = ()
    # What the figure is summed from when one column has several sums (小计 of 财政拨款收入 …, 小计
    # of 其他收入): not stored; ``trust`` counts each sum's rows apart.
    terms: str = ""


@dataclass(frozen=True)
class Location:
    """Where a finding points a reader: the table, row, column and page of the printed figure."""

    table: str = ""
    row: str = ""
    column: str = ""
    page: int | None = None


NOWHERE = Location()


def compare(
    check: str,
    *,
    expected: Decimal,
    actual: Decimal,
    subject: str,
    expected_as: str,
    terms: int = 1,
    unit: str = "",
    at: Location = NOWHERE,
    advisory: bool = False,
) -> Finding:
    """Compare a printed figure (actual) with what it should be (expected) and say so in a sentence.

    ``terms`` is how many printed figures went into ``expected``: each may carry a cent of
    rounding. ``advisory`` checks report a difference as a warning, never a failure.
    """
    tolerance = ROUNDING * max(terms, 1)
    difference = actual - expected
    shown = f"{subject}为{fmt(actual)}"
    if difference == 0:
        status = OK
        message = f"{shown}，与{expected_as}相符。"
    elif abs(difference) <= tolerance or advisory:
        status = WARNING
        why = "仅作提示" if advisory and abs(difference) > tolerance else f"在{terms}项四舍五入误差以内"
        message = f"{shown}，{expected_as}为{fmt(expected)}，相差{fmt(difference)}{unit}，{why}。"
    else:
        status = FAILED
        message = f"{shown}，{expected_as}为{fmt(expected)}，相差{fmt(difference)}{unit}，超出四舍五入误差。"
    return Finding(
        check=check,
        status=status,
        table=at.table,
        row=at.row,
        column=at.column,
        expected=expected,
        actual=actual,
        difference=difference,
        unit=unit,
        page=at.page,
        message=message,
        tolerance=tolerance,
    )


def not_applicable(check: str, reason: str, *, table: str = "", row: str = "", column: str = "") -> Finding:
    """A check that could not run, with the reason (a missing table is not a pass)."""
    return Finding(check=check, status=NOT_APPLICABLE, table=table, row=row, column=column, message=reason)


def missing(check: str, kind: str) -> Finding:
    """The check needs a table of this kind and the document has none."""
    return not_applicable(check, f"文件中没有{kind}，无法核对。", table=kind)


def as_printed(stated: Decimal, stated_unit: str, reference: Decimal, reference_unit: str) -> bool:
    """Whether a prose figure is the reference at the precision the prose prints it in.

    Prose rounds: 40870 万元 and 4.09 亿元 both state 40,869.60 万元, while 40,869.70 万元 does not
    (it prints cents, so it is compared to the cent). The reference is taken into the stated
    unit and rounded half up to as many decimals as the stated figure prints.
    """
    exponent = stated.as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    exact = convert(reference, reference_unit, stated_unit)
    return exact.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP) == stated


def fmt(value: Decimal) -> str:
    return f"{value:,.2f}"
