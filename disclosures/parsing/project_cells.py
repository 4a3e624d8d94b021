"""What the cells of a project performance-target table say: the label vocabulary every
province's template shares (项目名称, 预算数, 其中：财政资金, 绩效目标, 一级指标 …), and the values
read out of a cell (a target's comparator, number and unit; goals split at their numbering).

``projects`` reads the tables row by row with these; nothing here knows about rows or pages.
"""

from __future__ import annotations

import re
from decimal import Decimal

from disclosures.parsing.page import Cell
from disclosures.parsing.text import has_words, squeeze, tidy

NAME_LABELS = {"项目名称"}
CODE_LABELS = {"项目编码", "项目代码", "项目编号"}
# Budget labels with a rank: the year's amount wins over a multi-year project total.
BUDGET_LABELS = {
    "预算数": 1,
    "年度预算数": 1,
    "本年预算数": 1,
    "预算金额": 1,
    "年度资金总额": 1,
    "年度资金申请总额": 1,
    "年度预算金额": 1,
    "项目资金总额": 2,
    "资金总额": 2,
    "项目总金额": 2,
    "项目预算总额": 2,
}
FISCAL_RE = re.compile(r"^(其中[：:]?)?(当年|本年)?财政(资金|拨款|拨款资金)$")
OTHER_LABELS = {"其他资金", "其中：其他资金", "其他来源资金"}
PURPOSE_LABELS = {"资金用途", "项目资金用途", "资金用途说明", "项目用途"}
GOAL_LABELS = {
    "绩效目标",
    "年度绩效目标",
    "年度总体目标",
    "总体目标",
    "项目总目标",
    "年度目标",
    "项目绩效目标",
    "项目目标",
    "整体目标",
    "总体绩效目标",
}
PLAN_RE = re.compile(r"^(资金)?(支出|用款)计划")
MONTH_RE = re.compile(r"^(\d{1,2}月(底|末)?|第?[一二三四1-4]季度(末)?)$")
PERCENT_RE = re.compile(r"^\d+(\.\d+)?[%％]$")
# Labels that carry no field of ours but must not be taken for values beside other labels.
OTHER_KNOWN_LABELS = {
    "主管部门",
    "主管部门及代码",
    "实施单位",
    "项目性质",
    "项目类别",
    "项目类型",
    "计划开始日期",
    "计划完成日期",
    "项目期限",
    "项目负责人",
    "联系电话",
    "项目资金",
    "上年结转",
    "上年结转资金",
    "执行率分值",
    "预算规模及资金用途",
}
# Column headers printed beside a 项目名称 column header in other tables (收入总表, 政府采购).
COLUMN_WORDS = {
    "金额",
    "金额合计",
    "预算数",
    "预算资金",
    "预算金额",
    "合计",
    "小计",
    "数量",
    "单价",
    "备注",
    "决算数",
}
COMPARATORS = {
    "≥": "≥",
    "≧": "≥",
    ">=": "≥",
    "＞＝": "≥",
    "≤": "≤",
    "≦": "≤",
    "<=": "≤",
    "＜＝": "≤",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
    "=": "=",
    "＝": "=",
    "不低于": "≥",
    "不少于": "≥",
    "大于等于": "≥",
    "不高于": "≤",
    "不超过": "≤",
    "不多于": "≤",
    "小于等于": "≤",
    "大于": ">",
    "高于": ">",
    "小于": "<",
    "低于": "<",
    "等于": "=",
}
_COMPARATOR_ALT = "|".join(sorted((re.escape(c) for c in COMPARATORS), key=len, reverse=True))
TARGET_RE = re.compile(rf"^({_COMPARATOR_ALT})?\s*([-+]?\d+(?:,\d{{3}})*(?:\.\d+)?)\s*([^\d]*)$")
GOAL_MARKER_RE = re.compile(
    r"(?:(?:^|(?<=[。；;！!？?\s]))(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]))|目标\s*\d{1,2}\s*[：:]"
)


def split_target(target: str) -> tuple[str, Decimal | None, str]:
    """A printed 指标值 split into comparator, number and unit.

    ``≥26户`` → (≥, 26, 户); ``≤20.3万元`` → (≤, 20.3, 万元); ``300元/月/人`` → ("", 300, 元/月/人);
    ``≥13459.00(平方米)`` → (≥, 13459.00, 平方米); ``全年`` or ``2025年7月-12月`` → ("", None, "").
    Full-width and word comparators (＞, ≧, 不低于, 不超过) are normalised to ≥ ≤ = > <.
    """
    text = squeeze(target)
    match = TARGET_RE.match(text)
    if not match:
        return "", None, ""
    comparator, number, unit = match.groups()
    unit = unit.strip()
    if re.fullmatch(r"[（(][^（()）]*[)）]", unit):
        unit = unit[1:-1]
    return COMPARATORS.get(comparator or "", ""), Decimal(number.replace(",", "")), unit


def split_goals(text: str) -> list[str]:
    """A 绩效目标 cell split at its numbering (1. … 2. …), or kept whole when unnumbered."""
    text = tidy(text)
    if not has_words(text):
        return []
    starts = [m.start() for m in GOAL_MARKER_RE.finditer(text)]
    if len(starts) < 2:
        return [text]
    if starts[0] != 0:
        starts.insert(0, 0)
    pieces = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [piece for piece in pieces if has_words(piece)]


def is_label(key: str) -> bool:
    if len(key) > 20:
        return False  # labels are short; a long text is a value (资金用途 prose naming its 依据)
    return bool(
        key in NAME_LABELS
        or key in CODE_LABELS
        or key in BUDGET_LABELS
        or FISCAL_RE.match(key)
        or key in OTHER_LABELS
        or key in PURPOSE_LABELS
        or key in GOAL_LABELS
        or key in OTHER_KNOWN_LABELS
        or PLAN_RE.match(key)
        or MONTH_RE.match(key)
        or key.startswith("执行率")
        or key.startswith("分值")
        or indicator_field(key)
    )


def indicator_field(key: str) -> str:
    """The Indicator field a header cell of the indicator table names, or ""."""
    if key.startswith("一级指标"):
        return "level1"
    if key.startswith("二级指标"):
        return "level2"
    if key.startswith("三级指标"):
        return "level3"
    if "依据" in key:
        return "basis"
    if "指标值" in key or key in ("目标值", "年度目标值", "指标目标值"):
        return "target"
    if "描述" in key or key in ("指标内容", "指标说明", "指标解释"):
        return "description"
    return ""


def is_indicator_header(cells: list[Cell]) -> bool:
    fields = {indicator_field(c.key) for c in cells}
    return "level1" in fields and ("level2" in fields or "level3" in fields)
