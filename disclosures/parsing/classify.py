"""Recognise what a table is from its printed title (what a document is: ``identity.py``).

Titles differ by province (部门财务收支预算总表 / 收支预算总表 / 收入支出决算总表 are all the
收支总表); each kind's rules (``kinds.TableKind.titles``) look for what a title says, not for one
exact wording.
"""

from __future__ import annotations

import re

from disclosures.parsing.kinds import KINDS

# The kinds' title rules, the specific kinds first (kinds.TableKind.title_precedence).
TITLE_RULES = [
    (kind.name, rule)
    for kind in sorted(KINDS, key=lambda kind: kind.title_precedence)
    for rule in kind.titles
]
# Words of a title that say nothing about which table it is.
NOISE_RE = re.compile(r"\d{4}\s*年度?|公开\s*\d+\s*表|^表[\d一二三四五六七八九十]+|[（(][^）)]*[)）]")

PROJECT_WORDS = ("绩效目标", "项目支出绩效", "绩效目标表", "填报表")


def table_kind(title: str) -> tuple[str | None, int]:
    """Which of the nine standard tables a printed title names, with a score; (None, 0) if none."""
    text = NOISE_RE.sub("", re.sub(r"\s+", "", title))
    if not text.endswith("表") or any(w in text for w in PROJECT_WORDS):
        return None, 0
    for kind, rule in TITLE_RULES:
        if rule.matches(text):
            return kind, rule.score
    return None, 0


def is_project_table(title: str, grid) -> bool:
    """A 项目绩效目标表: by its title, or by header cells such as 一级指标 and 项目名称."""
    if any(w in title for w in PROJECT_WORDS):
        return True
    texts = {c.text for row in grid.rows[:12] for c in row}
    return "一级指标" in texts or ("项目名称" in texts and any("绩效" in t for t in texts))
