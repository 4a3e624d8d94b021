"""The explanation (情况说明): sections, the 机构设置 units, prose figures, the 三公 paragraph,
and the 三公 figures of a parsed 三公 table.

Expected values are read off the seed's text (../shared/seed/000_0d11237ca329338a.txt) and off
the printed pages of the real PDFs, never copied from the parser's output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from disclosures.parsing.document import ThreePublicFigures
from disclosures.parsing.explanation import parse_explanation
from disclosures.parsing.three_public import three_public_from_table
from tests.builders import make_three_public_table
from tests.reading import read_layouts
from tests.real import real_pdf

D = Decimal


def read_pdf(path: Path):
    layouts = read_layouts(path)
    return parse_explanation(layouts, [layout.text for layout in layouts])


def read_texts(*page_texts: str):
    """The explanation of a document given as page texts only (no page layouts)."""
    return parse_explanation([], list(page_texts))


def facts_of(explanation) -> dict[str, Decimal]:
    return {fact.key: fact.value for fact in explanation.facts}


def real_explanation(prefix: str):
    """The explanation of a real disclosure (skips where ../shared/real is absent)."""
    return read_pdf(real_pdf(prefix))


# -- the seed, rendered by tests/pdfgen.py ---------------------------------------------------


@pytest.fixture(scope="module")
def seed(rendered_seed):
    return read_pdf(rendered_seed)


class TestSeedSections:
    def test_eleven_sections_with_their_titles_on_the_pages_of_the_contents(self, seed):
        assert [(s.number, s.title, s.page) for s in seed.sections] == [
            ("一", "部门职责及机构设置情况", 16),
            ("二", "部门预算安排的总体情况", 17),
            ("三", "机关运行经费安排情况", 18),
            ("四", "财政拨款“三公”经费预算情况及增减变化原因", 18),
            ("五", "部门整体绩效目标", 19),
            ("六", "部门主管专项资金预算安排情况及绩效目标", 22),
            ("七", "部门项目预算安排情况及绩效目标", 23),
            ("八", "政府采购预算情况", 32),
            ("九", "国有资产信息", 32),
            ("十", "名词解释", 32),
            ("十一", "其他需要说明的事项", 34),
        ]

    def test_a_sections_text_is_its_prose_without_tables(self, seed):
        sections = {s.number: s for s in seed.sections}
        assert sections["三"].text == "2025年，我部门机关运行经费共计安排0万元。"
        assert sections["六"].text == "无。"
        assert sections["一"].text.startswith("部门职责：")
        assert "张家口市工人文化宫" not in sections["一"].text  # the units table is not prose


class TestSeedUnits:
    def test_the_three_units_of_the_机构设置_table(self, seed):
        assert [(u.name, u.nature, u.rank, u.funding, u.page) for u in seed.units] == [
            ("张家口市总工会本级", "行政", "正处（县）级", "财政拨款", 16),
            ("张家口市工人文化宫", "事业", "正科级", "财政性资金定额或定项补助", 16),
            ("张家口市总工会机关事务管理处", "事业", "正科级", "财政性资金基本保证", 16),
        ]


class TestSeedFacts:
    def test_income_figures_of_收入说明(self, seed):
        facts = facts_of(seed)
        assert facts["income_total"] == D("870.37")
        assert facts["general_budget_income"] == D("870.37")
        for key in (
            "fund_budget_income",
            "state_capital_income",
            "special_account_income",
            "unit_funds_income",
            "carryover",
        ):
            assert facts[key] == D("0.00"), key

    def test_expense_figures_of_支出说明(self, seed):
        facts = facts_of(seed)
        assert (facts["expense_total"], facts["expense_basic"], facts["personnel"]) == (
            D("870.37"),
            D("694.07"),
            D("694.07"),
        )
        assert (facts["public_funds"], facts["expense_project"]) == (D("0.00"), D("176.30"))

    def test_changes_from_last_year_with_decreases_negative(self, seed):
        facts = facts_of(seed)
        assert (facts["change_total"], facts["change_basic"], facts["change_personnel"]) == (
            D("86.80"),
            D("11.32"),
            D("11.32"),
        )
        assert facts["change_project"] == D("75.48")
        items = [(f.key, f.label, f.value) for f in seed.facts if f.key.startswith("change_item_")]
        assert items == [
            ("change_item_1", "市级劳模疗休养项目资金", D("56.00")),
            ("change_item_2", "市劳模表彰奖励项目资金", D("45.00")),
            ("change_item_3", "省级困难职工及劳模帮扶救助项目资金", D("-25.52")),
        ]

    def test_机关运行经费(self, seed):
        assert facts_of(seed)["operating_costs"] == D("0")

    def test_each_fact_keeps_its_unit_sentence_and_page(self, seed):
        fact = next(f for f in seed.facts if f.key == "expense_basic")
        assert (fact.label, fact.unit, fact.page) == ("基本支出", "万元", 17)
        assert fact.sentence.startswith("2025年支出预算870.37万元，其中基本支出694.07万元")
        assert all(f.unit == "万元" for f in seed.facts)


class TestSeedThreePublicProse:
    def test_disclosed_as_zero_not_unknown(self, seed):
        assert seed.three_public_prose == ThreePublicFigures(
            total=D("0"),
            overseas=D("0"),
            vehicles=D("0"),
            vehicle_purchase=D("0"),
            vehicle_operation=D("0"),
            reception=D("0"),
            unit="万元",
            page=18,
        )

    def test_the_change_stated_after_the_figures_is_the_totals(self, seed):
        assert seed.three_public_change == "与2024年持平，无增减变化"
        assert seed.three_public_reason == ""
        assert seed.three_public_page == 18
        assert seed.three_public_sentence.startswith("2025年，我部门财政拨款“三公”经费预算安排0万元")
        assert seed.three_public_sentence.endswith("公务接待费0万元。与2024年持平，无增减变化。")


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    pdfgen = pytest.importorskip("tests.pdfgen")
    path = tmp_path_factory.mktemp("three") / "three.pdf"
    pdfgen.render_disclosure(
        path,
        three_public={
            "overseas": "2.00",
            "vehicle_operation": "3.50",
            "reception": "1.20",
            "change": "比上年减少15.24万元，主要原因是严格控制公务接待。",
        },
    )
    return read_pdf(path)


class TestFilledThreePublicParagraph:
    """The seed with a 三公 budget: the paragraph states the figures, a decrease and its reason."""

    def test_figures(self, filled):
        prose = filled.three_public_prose
        assert (prose.total, prose.overseas, prose.vehicles) == (D("6.70"), D("2.00"), D("3.50"))
        assert (prose.vehicle_purchase, prose.vehicle_operation, prose.reception) == (
            D("0"),
            D("3.50"),
            D("1.20"),
        )

    def test_change_and_reason(self, filled):
        assert filled.three_public_change == "比上年减少15.24万元"
        assert filled.three_public_reason == "主要原因是严格控制公务接待"

    def test_the_decrease_is_not_taken_for_a_figure(self, filled):
        assert "change_total" in facts_of(filled)  # 86.80 of section 二, untouched
        assert facts_of(filled)["change_total"] == D("86.80")


# -- prose given as page texts ----------------------------------------------------------------


class TestSections:
    def test_contents_pages_are_skipped_and_numbers_must_run_on(self):
        explanation = read_texts(
            "目 录\n一、部门概况\n二、收支预算情况说明\n",
            "一、部门概况\n本部门负责……。\n三、加强党的建设\n二、收支预算情况说明\n本年收入预算合计5.00万元。\n",
        )
        assert [(s.number, s.title, s.page) for s in explanation.sections] == [
            ("一", "部门概况", 2),
            ("二", "收支预算情况说明", 2),
        ]
        assert explanation.sections[0].text == "本部门负责……。\n三、加强党的建设"

    def test_parts_restart_the_numbering_and_a_wrapped_heading_is_joined(self):
        explanation = read_texts(
            "第一部分 部门概况\n一、主要职能\n负责检察工作。\n第三部分 2019年度部门预算情况说明\n"
            "一、收支预算总体情况说明\n收支平衡。\n二、一般公共预算“三公”经费、会议费、培训费支出预\n算情况说明\n"
            "无。\n"
        )
        assert [(s.number, s.title) for s in explanation.sections] == [
            ("第一部分", "部门概况"),
            ("一", "主要职能"),
            ("第三部分", "2019年度部门预算情况说明"),
            ("一", "收支预算总体情况说明"),
            ("二", "一般公共预算“三公”经费、会议费、培训费支出预算情况说明"),
        ]

    def test_a_numbered_sentence_or_definition_is_no_heading(self):
        explanation = read_texts(
            "一、加强党的建设。落实基层党建责任制。\n一、财政拨款：指一般公共预算财政拨款。\n"
        )
        assert explanation.sections == []


class TestFactsFromProse:
    def test_a_sentence_wrapped_over_a_page_break_is_read_whole_on_its_first_page(self):
        explanation = read_texts(
            "二、收入预算情况说明\n省检察院本年收入预算合计24,169.74万元，其中：一般公共预算\n3\n",
            "收入 24,169.74 万元，占100 %。\n",
        )
        fact = next(f for f in explanation.facts if f.key == "general_budget_income")
        assert (fact.value, fact.page) == (D("24169.74"), 1)
        assert (
            fact.sentence
            == "省检察院本年收入预算合计24,169.74万元，其中：一般公共预算收入24,169.74万元，占100%。"
        )

    def test_a_change_stated_in_the_next_sentence_is_named_after_the_figure_before_it(self):
        explanation = read_texts(
            "此外，基本支出预算数为 15,844.04万元。与上年相比增加1849.73 万元，增长13.22 %。\n"
            "项目支出预算数为4335.3万元。与上年相比减少了1237.7\n万元，减少 13.22 %。\n"
        )
        assert facts_of(explanation) == {
            "expense_basic": D("15844.04"),
            "change_basic": D("1849.73"),
            "expense_project": D("4335.3"),
            "change_project": D("-1237.7"),
        }

    def test_figures_in_元_keep_their_unit(self):
        explanation = read_texts("2023年，本单位支出预算31,214,205.80元，其中：基本支出21,000,000.00元。\n")
        fact = next(f for f in explanation.facts if f.key == "expense_total")
        assert (fact.value, fact.unit) == (D("31214205.80"), "元")

    def test_a_specific_expense_is_not_the_total(self):
        explanation = read_texts(
            "1．公共安全（类）支出16,593.12 万元。\n"
            "省检察院2019年度一般公共预算拨款安排的会议费预算支出158.44万元，比上年预算减少42万元。\n"
        )
        assert explanation.facts == []


class TestThreePublicProse:
    def test_the_figures_and_the_change_of_each_category_when_no_total_is_stated(self):
        explanation = read_texts(
            "九、一般公共预算“三公”经费支出预算情况说明\n"
            "省检察院2019年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出80万元，"
            "占“三公”经费的19.1%；公务用车购置及运行费支出237万元，占“三公”经费的56.7%；公务接待费支出"
            "101.26万元，占“三公”经费的24.2%。具体情况如下：\n"
            "1．因公出国（境）费预算支出80万元，比上年预算减少20万元，主要是压缩了出国团组。\n"
            "2．公务接待费预算支出101.26万元，比上年预算减少15.24万元，主要是厉行节约。\n"
            "省检察院2019年度一般公共预算拨款安排的会议费预算支出158.44万元，比上年预算减少42万元。\n"
            "十、政府性基金预算支出预算情况说明\n无。\n"
        )
        prose = explanation.three_public_prose
        assert (prose.total, prose.overseas, prose.vehicles, prose.reception) == (
            None,
            D("80"),
            D("237"),
            D("101.26"),
        )
        assert (prose.vehicle_purchase, prose.vehicle_operation) == (None, None)
        assert explanation.three_public_change == (
            "因公出国（境）费比上年预算减少20万元；公务接待费比上年预算减少15.24万元"
        )
        assert (
            explanation.three_public_reason
            == "因公出国（境）费：主要是压缩了出国团组；公务接待费：主要是厉行节约"
        )

    def test_an_item_stated_in_a_sentence_of_its_own_keeps_its_change(self):
        explanation = read_texts(
            "一、2023年“三公”经费预算情况说明\n2023年“三公”经费预算数为22.91万元，比2022年预算持平。其中：\n"
            "（三）、公务接待费1.35万元。比2022年预算持平，主要原因是公务接待费保持不变。\n"
            "二、机关运行经费预算\n"
        )
        assert explanation.three_public_prose.total == D("22.91")
        assert explanation.three_public_prose.reception == D("1.35")
        assert explanation.three_public_change == "比2022年预算持平"
        assert explanation.three_public_reason == ""

    def test_no_三公_spending_at_all_is_zero(self):
        explanation = read_texts(
            "七、财政拨款“三公”经费支出决算情况说明\n本部门2024年度无“三公”经费财政拨款支出。\n"
        )
        prose = explanation.three_public_prose
        assert (prose.total, prose.overseas, prose.vehicles, prose.reception) == (
            D("0"),
            D("0"),
            D("0"),
            D("0"),
        )

    def test_no_paragraph_is_none(self):
        assert read_texts("一、部门概况\n本部门负责……。\n").three_public_prose is None


# -- the 三公 table ---------------------------------------------------------------------------


class TestThreePublicTable:
    def test_the_seeds_row_layout_reads_column_合计_and_a_printed_empty_cell_is_zero(self):
        columns = [("合计",), ("资金性质", "一般公共预算财政拨款")]
        table = make_three_public_table(
            columns,
            [
                ("合计", ["6.70", "6.70"]),
                ("因公出国（境）费", ["2.00", "2.00"]),
                ("公务用车购置及运行维护费", ["3.50", "3.50"]),
                ("公务用车购置费", ["", ""]),
                ("公务用车运行维护费", ["3.50", "3.50"]),
                ("公务接待费", ["1.20", "1.20"]),
            ],
        )
        assert three_public_from_table(table) == ThreePublicFigures(
            total=D("6.70"),
            overseas=D("2.00"),
            vehicles=D("3.50"),
            vehicle_purchase=D("0"),
            vehicle_operation=D("3.50"),
            reception=D("1.20"),
            unit="万元",
            page=15,
        )

    def test_shanghais_single_row_with_categories_as_columns(self):
        top = "2023年“三公”经费预算数"
        vehicles = (top, "公务用车购置及运行费")
        table = make_three_public_table(
            [
                (top, "合计"),
                (top, "因公出国(境)费"),
                (top, "公务接待费"),
                (*vehicles, "小计"),
                (*vehicles, "购置费"),
                (*vehicles, "运行费"),
                ("2023年机关运行经费预算数",),
            ],
            [("", ["22.91", "0", "1.35", "21.56", "0", "21.56", "786.09"])],
            page=28,
        )
        figures = three_public_from_table(table)
        assert (figures.total, figures.overseas, figures.reception) == (D("22.91"), D("0"), D("1.35"))
        assert (figures.vehicles, figures.vehicle_purchase, figures.vehicle_operation) == (
            D("21.56"),
            D("0"),
            D("21.56"),
        )
        assert (figures.unit, figures.page) == ("万元", 28)

    def test_jiangsus_total_includes_meetings_and_training_so_the_三公_subtotal_is_taken(self):
        three = "“三公”经费"
        vehicles = (three, "公务用车购置及运行维护费")
        table = make_three_public_table(
            [
                ("合计",),
                (three, "小计"),
                (three, "因公出国（境）费"),
                (*vehicles, "小计"),
                (*vehicles, "公务用车购置费"),
                (*vehicles, "公务用车运行维护费"),
                (three, "公务接待费"),
                ("会议费",),
                ("培训费",),
            ],
            [("", ["1276.7", "418.26", "80", "237", "", "237", "101.26", "158.44", "700"])],
        )
        figures = three_public_from_table(table)
        assert (figures.total, figures.overseas, figures.vehicles) == (D("418.26"), D("80"), D("237"))
        assert (figures.vehicle_purchase, figures.vehicle_operation, figures.reception) == (
            D("0"),
            D("237"),
            D("101.26"),
        )

    def test_a_决算_table_reads_the_决算数_columns(self):
        vehicles = ("公务用车购置及运行维护费",)
        table = make_three_public_table(
            [
                ("合计", "预算数"),
                ("合计", "决算数"),
                ("因公出国（境）费", "预算数"),
                ("因公出国（境）费", "决算数"),
                (*vehicles, "小计", "预算数"),
                (*vehicles, "小计", "决算数"),
                (*vehicles, "公务用车购置费", "预算数"),
                (*vehicles, "公务用车购置费", "决算数"),
                (*vehicles, "公务用车运行维护费", "预算数"),
                (*vehicles, "公务用车运行维护费", "决算数"),
                ("公务接待费", "预算数"),
                ("公务接待费", "决算数"),
            ],
            [("", ["5.00", "4.10", "1.00", "0.90", "3.00", "2.70", "", "", "3.00", "2.70", "1.00", "0.50"])],
        )
        figures = three_public_from_table(table)
        assert (figures.total, figures.overseas, figures.vehicles) == (D("4.10"), D("0.90"), D("2.70"))
        assert (figures.vehicle_purchase, figures.vehicle_operation, figures.reception) == (
            D("0"),
            D("2.70"),
            D("0.50"),
        )

    def test_a_table_with_no_rows_has_nothing_to_read(self):
        assert three_public_from_table(make_three_public_table([("合计",)], [])) is None


# -- real PDFs (skipped where ../shared/real is absent) --------------------------------------


@pytest.fixture(scope="module")
def js07():
    return real_explanation("JS07")


@pytest.mark.real_pdf
class TestRealJiangsu:
    """JS07 (江苏省人民检察院 2019 部门预算): 第三部分's prose, pages 25-31."""

    def test_figures_read_off_pages_25_to_29(self, js07):
        facts = facts_of(js07)
        assert facts["income_total"] == D("24169.74")  # （一）收入预算总计 24,169.74 万元
        assert facts["expense_total"] == D("24169.74")
        assert facts["change_total"] == D("2214.39")
        assert (facts["expense_basic"], facts["change_basic"]) == (D("15844.04"), D("1849.73"))
        assert (facts["expense_project"], facts["change_project"]) == (D("4335.3"), D("-1237.7"))
        assert (facts["personnel"], facts["public_funds"]) == (D("13452.12"), D("2391.92"))
        assert facts["operating_costs"] == D("2391.92")

    def test_三公_prose_of_page_30_with_its_decreases_over_the_page_break(self, js07):
        prose = js07.three_public_prose
        assert (prose.total, prose.overseas, prose.vehicles) == (None, D("80"), D("237"))
        assert (prose.vehicle_operation, prose.reception, prose.page) == (D("237"), D("101.26"), 30)
        assert "公务用车运行维护费比上年预算减少30.8万元" in js07.three_public_change
        assert "公务接待费比上年预算减少15.24万元" in js07.three_public_change
        assert "主要原因是部分执法执勤车辆转隶至省纪委等单位" in js07.three_public_reason

    def test_sections_of_第三部分(self, js07):
        titles = [(s.number, s.title) for s in js07.sections]
        assert ("第三部分", "2019年度部门预算情况说明") in titles
        assert ("九", "一般公共预算“三公”经费、会议费、培训费支出预算情况说明") in titles
        assert ("十四", "预算绩效目标设置情况说明") in titles


@pytest.mark.real_pdf
class TestRealShanghai:
    def test_sh12_三公_of_page_22(self):
        explanation = real_explanation("SH12")
        prose = explanation.three_public_prose
        assert (prose.total, prose.overseas, prose.vehicles, prose.reception) == (
            D("0.95"),
            D("0"),
            D("0"),
            D("0.95"),
        )
        assert (prose.vehicle_purchase, prose.vehicle_operation, prose.page) == (D("0"), D("0"), 22)
        assert explanation.three_public_change == "与2024年预算持平"
        assert explanation.three_public_sentence == "2025年“三公”经费预算数为0.95万元，与2024年预算持平。"

    def test_sh04_三公_of_page_29_and_the_income_of_page_6(self):
        explanation = real_explanation("SH04")
        prose = explanation.three_public_prose
        assert (prose.total, prose.overseas, prose.vehicles) == (D("22.91"), D("0"), D("21.56"))
        assert (prose.vehicle_purchase, prose.vehicle_operation, prose.reception) == (
            D("0"),
            D("21.56"),
            D("1.35"),
        )
        assert explanation.three_public_change == "比2022年预算持平"
        facts = facts_of(explanation)
        assert (facts["income_total"], facts["expense_total"]) == (D("16497.86"), D("16497.86"))

    def test_sh03_states_there_was_no_三公_spending(self):
        explanation = real_explanation("SH03")
        assert explanation.three_public_prose.total == D("0")
        assert explanation.three_public_page == 20
