"""未通过 on real downloads (../shared/corpus) that were read against the printed page.

Each failure named here is an error of the document as printed (read with pdfplumber and by eye),
so it must stay published; each misreading named here must publish nothing as 未通过. Skipped
where the folder is absent (it is not part of the repository).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from disclosures.checks import FAILED, run_checks
from disclosures.parsing import parse_pdf
from tests.real import CORPUS

pytestmark = pytest.mark.real_pdf


def corpus_checks(name: str) -> list:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (no shared folder on this machine)")
    return run_checks(parse_pdf(path))


def test_a_class_row_that_its_items_do_not_add_up_to_fails():
    # 福州 交通警察局 2026, page 9 (支出预算总表): 20402 公安 prints 48,200.88 (项目支出 25,769.81),
    # its 项 rows 2040201 行政运行 22,431.07 and 2040299 其他公安支出 16,389.79 add up to 38,820.86.
    results = corpus_checks("福州_公安局交通警察局_2026年部门预算.pdf")
    failed = {
        (r.row, r.column): (r.expected, r.actual, r.page)
        for r in results
        if r.status == FAILED and r.check == "hierarchy" and r.table == "支出总表"
    }
    assert failed[("20402 公安", "合计")] == (Decimal("38820.86"), Decimal("48200.88"), 9)
    assert failed[("20402 公安", "项目支出")] == (Decimal("16389.79"), Decimal("25769.81"), 9)


def test_a_total_read_as_its_own_component_publishes_no_failure():
    # 长春 信访局 2026, page 9 (财政拨款收支总表): 收入总计 and 支出总计 both print 1,682.76; a reading
    # that sums 收入总计 with the 拨款 lines under it gets 3,365.52, twice the printed figure.
    results = corpus_checks("长春_2026年长春市信访局部门预算.pdf")
    assert [r for r in results if r.status == FAILED and r.table == "财政拨款收支总表"] == []
