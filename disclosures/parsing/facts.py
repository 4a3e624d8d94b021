"""The figures the explanation's prose states, each named by what its label says.

A figure is named by its label (``一般公共预算收入`` → general_budget_income), not by where it
is: provinces number and title their sections differently. A figure whose label holds 增加/减少
is a change from last year and is named after what changed (its subject, or the figure stated
just before it). The checks compare these with the tables (``kinds.PROVED_FACTS``).
"""

from __future__ import annotations

import re

from disclosures.parsing.document import Fact
from disclosures.parsing.prose import Sentence, StatedFigure, change_in, figures_in

# What a specific income or expense is (so that 一般公共预算收入 is not the total income).
QUALIFIER_RE = re.compile(
    r"(一般公共预算|一般公共|公共预算|拨款|基金|基金预算|国有资本经营预算|财政专户|专户|核拨|单位资金|财政|事业|经营|"
    r"其他|上级补助|附属单位上缴|上缴|捐赠|利息|非税|专项|项目|基本|人员|公用|用事业基金弥补收支差额|结转|结余|"
    r"[（(][类款项][）)]|类|款)$"
)
# What may come before 收入/支出预算 in a total: nothing, a year, or whose budget it is (…局, 我校).
NEUTRAL_END_RE = re.compile(
    r"(^|\d{4}年度?|年度?|本年|当年|全年|部门|单位|我校|院|局|会|校|处|委|厅|办|中心|站|所|队|馆|室|公司|政府|"
    r"街道|镇|乡|团|社|宫|园|的)$"
)


def _ends_with(label: str, tail_re: str) -> str | None:
    """The text before a matching tail, or None when the label does not end so."""
    match = re.search(rf"({tail_re})$", label)
    return label[: match.start()] if match else None


def fact_key(label: str) -> str:
    """The stable key for what a prose figure's label names, or "" when it names none of them."""
    if re.search(r"三公|因公出国|公务接待|公务用?车", label):
        return ""  # read with the 三公 paragraph
    if "机关运行经费" in label:
        return "operating_costs"
    if "人员经费" in label:
        return "personnel"
    if "公用经费" in label:
        return "public_funds"
    if re.search(r"基本支出(预算)?(数|合计)?$", label):
        return "expense_basic"
    if re.search(r"项目支出(预算)?(数|合计)?$", label):
        return "expense_project"
    specific = (
        (r"一般公共预算(拨款|财政拨款)?收入", "general_budget_income"),
        (r"(政府性)?基金预算(拨款|财政拨款)?收入", "fund_budget_income"),
        (r"国有资本经营预算(拨款|财政拨款)?收入", "state_capital_income"),
        (r"财政专户(核拨|管理资金)?收入", "special_account_income"),
        (r"单位资金收入", "unit_funds_income"),
        (r"财政拨款收入", "fiscal_income"),
        (r"上年结转(结余)?(收入)?$", "carryover"),
    )
    for pattern, key in specific:
        if re.search(pattern, label):
            return key
    # 收支总预算, 收支预算总计; 收、支总预算 cut at its 、 leaves 支总预算.
    if re.search(r"收支|收、支|^支(预算)?(总计|总预算)", label):
        return "income_expense_total"
    before = _ends_with(label, r"收入(预算)?(总计|合计|总额|总预算)?|预算收入(总计|合计|总额)?")
    if before is not None and _neutral(before):
        return "income_total"
    before = _ends_with(
        label, r"支出(预算|总预算)(总计|合计|总额|数)?|预算支出(总计|合计|总额)?|支出(总计|合计)|总支出"
    )
    if before is not None and _neutral(before):
        return "expense_total"
    if re.search(r"财政拨款(预算)?支出(预算)?$", label):
        return "fiscal_expense"
    return ""


def _neutral(before: str) -> bool:
    """Whether the words before 收入/支出 leave it the whole budget (not 会议费预算支出)."""
    before = re.sub(r"[（(][^）)]*[）)]$", "", before)
    return not QUALIFIER_RE.search(before) and bool(NEUTRAL_END_RE.search(before))


def find_facts(sentences: list[Sentence]) -> list[Fact]:
    """The figures the prose states, each under its key, the first statement of each kept."""
    facts: dict[str, Fact] = {}
    last_key, last_sentence = "", -2
    items = 0
    # Which whole a change of 基本支出/项目支出 explains: the last change stated of a whole figure
    # (比上年增加 right after a total, or after an unnamed figure such as 一般公共预算拨款支出).
    whole, anchors = 0, {}
    for number, sentence in enumerate(sentences):
        keys_here: list[str] = []
        for figure in figures_in(sentence.text):
            change = change_in(figure.label)
            if change is None:
                key = fact_key(figure.label)
                # Even an unnamed figure is what a following 比上年增加 refers to.
                last_key, last_sentence = key, number
                if key:
                    _keep(facts, key, figure.label, figure, sentence)
                    keys_here.append(key)
                continue
            sign, subject, obj = change
            target = obj or subject
            label = target or figure.label
            key = fact_key(target) if target else (last_key if last_sentence >= number - 1 else "")
            if key in WHOLES or (not target and not key):
                whole += 1
            if key in WHOLES:
                change_key = "change_total"
            elif key:
                change_key = f"change_{key}"
            elif obj and {"change_total", "change_basic", "change_project"} & set(keys_here):
                items += 1  # a change item under 项目支出增加…，主要为增加…
                change_key = f"change_item_{items}"
            else:
                continue
            change_key = {
                "change_expense_basic": "change_basic",
                "change_expense_project": "change_project",
            }.get(change_key, change_key)
            signed = StatedFigure(sign * figure.value, figure.unit, label)
            # Only a change naming what changed (主要原因是基本支出增加…) explains a whole; one
            # following its own figure (基本支出…万元，比上年增加…) states that figure's change.
            if change_key not in facts and (target or change_key == "change_total"):
                anchors[change_key] = whole
            _keep(facts, change_key, label, signed, sentence)
            keys_here.append(change_key)
    return [fact for fact in facts.values() if not _explains_another_whole(fact.key, anchors)]


WHOLES = ("income_total", "expense_total", "income_expense_total")
# The changes that say what makes up the total change (prose.change adds them up).
PARTS_OF_CHANGE = ("change_basic", "change_project")


def _explains_another_whole(key: str, anchors: dict[str, int]) -> bool:
    """Whether a change of 基本支出/项目支出 explains a whole other than the total change kept:
    一般公共预算拨款支出…比上年增加166.68万元，主要原因是基本支出增加49.12万元… may follow the
    total's 比上年增加129.07万元; adding its parts up to 129.07 would compare two different wholes."""
    total = anchors.get("change_total")
    return key in PARTS_OF_CHANGE and key in anchors and total is not None and anchors[key] != total


def _keep(facts: dict[str, Fact], key: str, label: str, figure: StatedFigure, sentence: Sentence) -> None:
    if key not in facts:
        facts[key] = Fact(key, label, figure.value, figure.unit, sentence.text, sentence.page)
