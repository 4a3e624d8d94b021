"""Recognise what a table is from its printed title, and what a document is from its text.

Titles differ by province (部门财务收支预算总表 / 收支预算总表 / 收入支出决算总表 are all the
收支总表); the rules below look for what a title says, not for one exact wording.
"""

from __future__ import annotations

import re
from collections import Counter

from disclosures.parsing import document
from disclosures.parsing.document import BUDGET, DEPARTMENT, FINAL_ACCOUNTS, UNIT

# (kind, words that must all appear, words that must not appear, score). A higher score wins
# when several tables claim a kind (Jiangsu prints both 财政拨款基本支出 and 一般公共预算基本支出).
RULES: list[tuple[str, tuple[str, ...], tuple[str, ...], int]] = [
    (document.THREE_PUBLIC, ("三公",), (), 10),
    (document.GOV_FUND_EXPENSE, ("政府性基金",), ("机关运行",), 10),
    (document.STATE_CAPITAL_EXPENSE, ("国有资本经营",), ("机关运行",), 10),
    (document.FISCAL_SUMMARY, ("财政拨款收支",), (), 10),
    (document.FISCAL_SUMMARY, ("财政拨款收入支出",), (), 10),
    (document.INCOME_EXPENSE_SUMMARY, ("收支",), ("财政拨款",), 10),
    (document.INCOME_EXPENSE_SUMMARY, ("收入支出",), ("财政拨款",), 10),
    (document.GENERAL_BUDGET_BASIC, ("一般公共预算", "基本支出"), ("机关运行",), 10),
    (document.GENERAL_BUDGET_BASIC, ("财政拨款", "基本支出"), ("机关运行",), 5),
    (document.GENERAL_BUDGET_EXPENSE, ("一般公共预算", "支出"), ("机关运行", "基本支出"), 10),
    (document.GENERAL_BUDGET_EXPENSE, ("财政拨款", "支出"), ("机关运行", "基本支出", "收入"), 5),
    (document.INCOME, ("收入",), ("支出",), 10),
    (document.EXPENSE, ("支出",), ("收入", "机关运行", "采购", "项目支出", "经济分类", "经济科目"), 10),
]
# Words of a title that say nothing about which table it is.
NOISE_RE = re.compile(r"\d{4}\s*年度?|公开\s*\d+\s*表|^表[\d一二三四五六七八九十]+|[（(][^）)]*[)）]")

PROJECT_WORDS = ("绩效目标", "项目支出绩效", "绩效目标表", "填报表")


def table_kind(title: str) -> tuple[str | None, int]:
    """Which of the nine standard tables a printed title names, with a score; (None, 0) if none."""
    text = NOISE_RE.sub("", re.sub(r"\s+", "", title))
    if not text.endswith("表") or any(w in text for w in PROJECT_WORDS):
        return None, 0
    for kind, needed, excluded, score in RULES:
        if all(w in text for w in needed) and not any(w in text for w in excluded):
            return kind, score
    return None, 0


def is_project_table(title: str, grid) -> bool:
    """A 项目绩效目标表: by its title, or by header cells such as 一级指标 and 项目名称."""
    if any(w in title for w in PROJECT_WORDS):
        return True
    texts = {c.text for row in grid.rows[:12] for c in row}
    return "一级指标" in texts or ("项目名称" in texts and any("绩效" in t for t in texts))


YEAR_LABEL_RE = re.compile(r"(?:预算|决算)年度\s*[:：]\s*(\d{4})")
YEAR_TITLE_RE = re.compile(r"(\d{4})\s*年\s*度?\s*(?:区级|市级|省级|县级)?\s*(?:部门|单位)?\s*(?:预算|决算)")
CODE_NAME_RE = re.compile(r"^\s*(\d{3,9})\s+([\u4e00-\u9fff（）()]{2,40})\s*$")
DEPARTMENT_LABEL_RE = re.compile(
    r"(?:预算主管部门|编制部门|编制单位|部门名称|单位名称|主管部门|部门)\s*[:：]\s*([\u4e00-\u9fff（）()]{2,40})"
)
COVER_NAME_RE = re.compile(r"^([\u4e00-\u9fff（）()]{2,40}?)\s*\d{4}\s*年")


def find_department(page_texts: list[str]) -> tuple[str, str]:
    """(code, name) as printed: a `711 张家口市总工会` header line, a 部门： label, or the cover."""
    codes: Counter[tuple[str, str]] = Counter()
    labels: Counter[str] = Counter()
    for text in page_texts:
        for line in text.splitlines():
            match = CODE_NAME_RE.match(line)
            if match and "年" not in match.group(2):
                codes[(match.group(1), match.group(2))] += 1
            for label in DEPARTMENT_LABEL_RE.findall(line):
                label = label.removesuffix("单位")
                if len(label) >= 2 and not label.startswith(("单位", "万元")):
                    labels[label] += 1
    if codes:
        (code, name), count = codes.most_common(1)[0]
        if count >= 2:
            return code, name
    if labels:
        return "", labels.most_common(1)[0][0]
    for text in page_texts[:2]:
        cover = re.sub(r"\s+", "", text)
        match = COVER_NAME_RE.match(cover)
        if match:
            return "", match.group(1)
    return "", ""


def find_year(page_texts: list[str], titles: list[str]) -> int | None:
    """The budget year: 预算年度：2025, else the year most titles name (2025年部门…表)."""
    years: Counter[str] = Counter()
    for text in page_texts:
        years.update(YEAR_LABEL_RE.findall(text))
    if years:
        return int(years.most_common(1)[0][0])
    for text in [*titles, *page_texts[:3]]:
        years.update(YEAR_TITLE_RE.findall(re.sub(r"\s+", "", text)))
    if years:
        return int(years.most_common(1)[0][0])
    for text in [*titles, *page_texts[:2]]:
        years.update(re.findall(r"((?:19|20)\d{2})\s*年", text))
    if years:
        return int(years.most_common(1)[0][0])
    return None


def find_title(page_texts: list[str]) -> str:
    """The document's own title from its cover (西南大学 2023 年度部门预算), its lines joined up to
    the one naming 预算 or 决算; "" when the first page is already a table (部门预算收支总表)."""
    lines = [line.strip() for line in (page_texts[0] if page_texts else "").splitlines() if line.strip()]
    for count, line in enumerate(lines[:4], start=1):
        if "预算" in line or "决算" in line:
            title = " ".join(lines[:count])
            return "" if re.sub(r"\s+", "", title).endswith("表") else title
    return ""


def find_stage(page_texts: list[str], titles: list[str]) -> str:
    """预算 or 决算: what the document calls itself (部门预算, 2023年度部门决算), else the first
    of the two words in its opening pages and table titles; "" if neither.

    预决算 (《地方预决算公开操作规程》, quoted in many explanations) names both and is ignored.
    """
    texts = [re.sub(r"\s+", "", text).replace("预决算", "") for text in (" ".join(page_texts[:2]), *titles)]
    for pattern in (r"(?:部门|单位|年度|年)(预算|决算)", r"(预算|决算)"):
        for text in texts:
            match = re.search(pattern, text)
            if match:
                return FINAL_ACCOUNTS if match.group(1) == "决算" else BUDGET
    return ""


def find_level(page_texts: list[str], titles: list[str]) -> str:
    """部门 (the department with its units) unless the document calls itself a 单位预算/决算."""
    head = re.sub(r"\s+", "", " ".join([*page_texts[:2], *titles]))
    if re.search(r"单位(?:预算|决算)", head) and not re.search(r"部门(?:预算|决算)", head):
        return UNIT
    return DEPARTMENT


def looks_like_disclosure(page_texts: list[str]) -> bool:
    text = re.sub(r"\s+", "", " ".join(page_texts))
    return ("预算" in text or "决算" in text) and ("支出" in text or "收入" in text)
