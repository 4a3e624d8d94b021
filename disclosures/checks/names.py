"""What the checks are called and what they can conclude, for people and for the stored results.

The only part of the checks the models import: the four statuses and each check's Chinese
label. The stable English names are the ``check`` column of /export/checks.csv; a check
registers under its name (``registry.check``) and must have its label here.
"""

from __future__ import annotations

OK = "ok"
WARNING = "warning"
FAILED = "failed"
NOT_APPLICABLE = "not_applicable"

# What each check is called where people read it (the site, the admin).
LABELS = {
    "hierarchy": "层级：类等于其款之和，款等于其项之和",
    "totals": "合计行等于各行之和",
    "columns": "合计列等于各组成列之和",
    "three_public.total": "三公经费合计等于各项之和",
    "three_public.vehicles": "公务用车费等于购置费与运行维护费之和",
    "balance": "收入总计等于支出总计",
    "cross_table.income_total": "收支总表与收入总表的收入一致",
    "cross_table.expense_total": "收入总表与支出总表的合计一致",
    "cross_table.income_expense": "本年收入与本年支出一致",
    "cross_table.function_class": "收支总表各类支出与支出总表一致",
    "cross_table.basic_expense": "一般公共预算基本支出与基本支出表一致",
    "cross_table.three_public": "三公经费表与情况说明一致",
    "projects": "项目预算之和与项目支出一致（仅供参考）",
    "prose.change": "情况说明中的增减额相加一致",
}
# The prose.<fact key> checks (one per kinds.PROVED_FACTS) share one label.
PROSE_PREFIX = "prose."
PROSE_LABEL = "情况说明中的数字与报表一致"


def check_label(name: str) -> str:
    """The Chinese name of a check, for people; a name it does not know is shown as it is."""
    return LABELS.get(name) or (PROSE_LABEL if name.startswith(PROSE_PREFIX) else name)
