"""The nine standard tables as data (disclosures/parsing/kinds.py): every title a real disclosure
prints for a table is read as that table, and what the rest of the code derives from the kinds.

The example titles were copied from the PDFs in ../shared/real and ../shared/corpus.
"""

from __future__ import annotations

import pytest

from disclosures.checks import check_names
from disclosures.parsing.classify import table_kind
from disclosures.parsing.kinds import (
    CODED,
    EXPENSE,
    GENERAL_BUDGET_BASIC,
    GENERAL_BUDGET_EXPENSE,
    KINDS,
    PROVED_FACTS,
    STANDARD_TABLES,
    TWO_SIDED,
    kinds_laid_out,
)


@pytest.fixture(autouse=True)
def _test_settings():
    """No Django needed (see tests/test_checks.py)."""


EXAMPLES = [(kind.name, title) for kind in KINDS for title in kind.examples]


@pytest.mark.parametrize(("kind", "title"), EXAMPLES, ids=[title for _, title in EXAMPLES])
def test_each_printed_title_is_read_as_its_table(kind, title):
    assert table_kind(title)[0] == kind


def test_every_kind_has_printed_titles():
    assert len(STANDARD_TABLES) == 9
    assert all(kind.examples for kind in KINDS)


def test_the_standard_table_outscores_a_narrower_one_claiming_its_kind():
    """Jiangsu prints a 财政拨款基本支出表 beside its 一般公共预算基本支出表: the latter is standard."""
    narrower, standard = table_kind("财政拨款基本支出预算表"), table_kind("一般公共预算基本支出预算表")
    assert narrower[0] == standard[0] == GENERAL_BUDGET_BASIC
    assert narrower[1] < standard[1]


def test_tables_that_are_none_of_the_nine():
    for title in ("政府采购预算表", "机关运行经费预算表", "项目支出绩效目标表", "部门基本情况"):
        assert table_kind(title) == (None, 0)


def test_layouts():
    assert kinds_laid_out(TWO_SIDED) == ("收支总表", "财政拨款收支总表")
    assert len(kinds_laid_out(CODED)) == 6


def test_every_figure_the_tables_prove_is_a_check():
    assert check_names("prose.") == [f"prose.{fact.key}" for fact in PROVED_FACTS] + ["prose.change"]


def test_the_tables_paying_for_projects():
    assert [kind.name for kind in KINDS if kind.pays_projects] == [EXPENSE, GENERAL_BUDGET_EXPENSE]
