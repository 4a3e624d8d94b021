"""Units of money: what each printed unit is worth, one pattern that reads them, one converter.

Disclosures print their amounts in 元 or 万元, sometimes in 千元, and their prose states large
figures in 亿元. Every reader (tables, project tables, prose) recognises a unit with ``UNIT``
and every comparison converts with ``convert``, so that a figure in 亿元 is never compared as
if it were 万元. Money is Decimal: the factors are exact powers of ten.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

YUAN = "元"
THOUSAND_YUAN = "千元"
WAN = "万元"
YI = "亿元"

# What one of each unit is worth in 元, from the finest to the coarsest.
YUAN_PER_UNIT = {
    YUAN: Decimal(1),
    THOUSAND_YUAN: Decimal(1000),
    WAN: Decimal(10000),
    YI: Decimal(100000000),
}

# A printed unit, possibly spaced out by a justified layout (万 元): the one pattern every reader
# builds on. ``unit_named`` turns what it matched into a key of YUAN_PER_UNIT.
UNIT = r"(?:[千万亿]\s*)?元"

# The cent, the finest amount a disclosure prints in any unit.
CENT = Decimal("0.01")


def unit_named(text: str) -> str:
    """A unit as matched by ``UNIT`` (万 元), as the key it is known by (万元)."""
    return re.sub(r"\s+", "", text or "")


def is_known(unit: str) -> bool:
    return unit_named(unit) in YUAN_PER_UNIT


def convert(value: Decimal, unit: str, target: str, *, to_cent: bool = False) -> Decimal:
    """``value`` printed in ``unit``, in ``target``; unchanged when either unit is unknown or empty.

    With ``to_cent`` a figure converted to a coarser unit is rounded half up to the cent, as a
    table in that unit would print it (12,345.00 元 is 1.23 万元); otherwise it is exact.
    """
    source, goal = YUAN_PER_UNIT.get(unit_named(unit)), YUAN_PER_UNIT.get(unit_named(target))
    if source is None or goal is None or source == goal:
        return value
    converted = value * source / goal
    if to_cent and goal > source:
        return converted.quantize(CENT, rounding=ROUND_HALF_UP)
    return converted


def common_unit(*units: str) -> str:
    """The unit two printed figures are compared in: the coarser of their known units, so the
    finer figure is rounded as the coarser one was printed; "" when no unit is known, and the
    one unit when they agree. An unknown unit beside known ones is taken to be the same."""
    known = {unit_named(unit) for unit in units if is_known(unit)}
    if not known:
        return next((unit for unit in units if unit), "")
    return max(known, key=YUAN_PER_UNIT.__getitem__)
