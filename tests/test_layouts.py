"""Property: any consistent budget, printed in any combination of the layouts publishers use,
reads back exactly, and no check fails on it.

Hypothesis draws a budget (tests/budgets.py: random department, year, 类/款/项, amounts split
by component and source, projects with indicators) and a value for every layout knob
(``tests.budgets.CI_KNOBS``: orientation, ruling, header lines, numbering row, where codes are
printed, 合计 row, tables per page, rows per page, blanks, titles, footers, unit, separators …),
renders it, parses it (parse_pdf) and checks it (run_checks). Every amount must come back under
its table, row and column, with the identity, the projects and their indicators; a 未通过 on a
consistent document would be a false public claim. The expected values are the generator's
figures, never the parser's output.

Profiles: ``ci`` (the default when ``CI`` is set) runs 30 derandomized examples, so CI is
repeatable; ``dev`` (the default otherwise) draws new ones each run; ``HYPOTHESIS_PROFILE``
chooses. Knob values the parser does not read yet (``tests.budgets.NOT_YET_READ``), and pairs of values
it reads apart but not together (``NOT_YET_READ_TOGETHER``), are left out here and pinned by
tests/test_layout_regressions.py; bench/layouts.py measures all of them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.budgets import CI_KNOBS, ci_allows, read_back

settings.register_profile(
    "ci", max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

knobs = st.fixed_dictionaries({name: st.sampled_from(values) for name, values in CI_KNOBS.items()}).filter(
    ci_allows
)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


@given(seed=seeds, knobs=knobs)
def test_a_consistent_budget_reads_back_exactly_in_any_layout(seed, knobs):
    with tempfile.TemporaryDirectory() as folder:
        problems = read_back(Path(folder) / "budget.pdf", seed, knobs)
    assert problems == [], f"seed={seed} knobs={knobs}"


@given(seed=seeds)
@settings(max_examples=10)
def test_the_plain_layout_of_any_budget_reads_back_exactly(seed):
    """The seed's own layout (every knob at its first value) with random budgets: the baseline
    the variations are measured against."""
    with tempfile.TemporaryDirectory() as folder:
        problems = read_back(Path(folder) / "budget.pdf", seed, {})
    assert problems == [], f"seed={seed}"
