"""Classification code pages: /codes/, /codes/<kind>/<code>/, and the codes linked in the tables."""

import pytest

from disclosures.ingest import ingest_pdf
from disclosures.parsing import document
from tests.builders import make_basic_table, make_expense_table, make_row, make_stored_expenses
from tests.reading import page_text

pytestmark = pytest.mark.django_db


class TestSeedCodePage:
    @pytest.fixture
    def seed(self, seed_pdf):
        return ingest_pdf(file=seed_pdf).disclosure

    def test_name_breadcrumb_children_amount_and_page_link(self, client, seed):
        page = page_text(client, "/codes/function/20805/")

        assert "<h1>20805 行政事业单位养老支出</h1>" in page
        assert '<a href="/codes/function/208/">208 社会保障和就业支出</a>' in page
        for child in ("2080501", "2080502", "2080505", "2080506"):
            assert f'<a href="/codes/function/{child}/">{child}</a>' in page
        assert "536.45" in page and "支出总表 · 合计" in page
        assert f'href="/disclosures/{seed.pk}/pdf#page=5"' in page
        assert f'href="/disclosures/{seed.pk}/"' in page and "张家口市总工会" in page

    def test_a_child_and_the_parent_show_their_own_totals(self, client, seed):
        assert "269.32" in page_text(client, "/codes/function/2080501/")
        assert "540.56" in page_text(client, "/codes/function/208/")


class TestCodePage:
    def test_a_code_that_does_not_exist_is_404(self, client, parser, tmp_path):
        make_stored_expenses(parser, tmp_path, "a.pdf")

        assert client.get("/codes/function/99999/").status_code == 404
        assert client.get("/codes/economic/20805/").status_code == 404
        assert client.get("/codes/other/20805/").status_code == 404

    def test_amounts_in_yuan_are_shown_in_wan_with_the_printed_unit(self, client, parser, tmp_path):
        classes = {"208": ("社会保障和就业支出", "3508644.00", "3508644.00", "")}
        make_stored_expenses(
            parser, tmp_path, "a.pdf", tables=[make_expense_table(classes, unit="元", page=12)]
        )

        page = page_text(client, "/codes/function/208/")

        assert "350.86" in page
        assert '3508644.00 <span class="unit">元</span>' in page

    def test_one_row_per_current_disclosure(self, client, parser, tmp_path):
        make_stored_expenses(parser, tmp_path, "first.pdf")
        newer = {"208": ("社会保障和就业支出", "600.00", "600.00", "")}
        make_stored_expenses(parser, tmp_path, "second.pdf", tables=[make_expense_table(newer)])
        make_stored_expenses(parser, tmp_path, "other.pdf", department="张家口市财政局", code="712")

        page = page_text(client, "/codes/function/208/")

        ranking = page[page.index('<table class="data code-amounts"') :]
        ranking = ranking[: ranking.index("</table>")]
        assert "600.00" in ranking and "540.56" in ranking  # the new version, and the other department
        assert ranking.count("张家口市总工会</a>") == 1

    def test_without_a_total_the_first_table_and_column_are_named(self, client, parser, tmp_path):
        make_stored_expenses(parser, tmp_path, "a.pdf")

        page = page_text(client, "/codes/economic/30101/")

        assert "<h1>30101 基本工资</h1>" in page
        assert '<a href="/codes/economic/301/">301 工资福利支出</a>' in page
        assert "80.10" in page and "一般公共预算财政拨款基本支出表 · 合计" in page

    def test_a_department_name_from_the_pdf_is_escaped(self, client, parser, tmp_path):
        make_stored_expenses(parser, tmp_path, "a.pdf", department="<script>alert(1)</script>", code="")

        page = page_text(client, "/codes/function/208/")

        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_queries_stay_flat_as_disclosures_grow(
        self, client, parser, tmp_path, django_assert_max_num_queries
    ):
        make_stored_expenses(parser, tmp_path, "first.pdf")
        with django_assert_max_num_queries(10) as few:
            client.get("/codes/function/208/")
        for year in range(2015, 2025):
            make_stored_expenses(parser, tmp_path, f"{year}.pdf", year=year)

        with django_assert_max_num_queries(len(few.captured_queries)):
            page = page_text(client, "/codes/function/208/")
        assert page.count("540.56 <span") == 1  # the ranking: the latest year
        over_years = page[page.index('<table class="data over-years"') :]
        assert over_years[: over_years.index("</table>")].count(">540.56</a>") == 11


class TestCodeIndex:
    def test_lists_the_top_level_codes_of_each_kind(self, client, parser, tmp_path):
        make_stored_expenses(parser, tmp_path, "a.pdf")

        page = page_text(client, "/codes/")

        assert "支出功能分类" in page and "支出经济分类" in page
        assert '<a href="/codes/function/208/">208</a>' in page and "社会保障和就业支出" in page
        assert '<a href="/codes/economic/301/">301</a>' in page and "工资福利支出" in page
        assert "/codes/function/20805/" not in page

    def test_search_by_name_or_code(self, client, parser, tmp_path):
        make_stored_expenses(parser, tmp_path, "a.pdf")

        by_name = page_text(client, "/codes/?q=养老")
        by_code = client.get("/codes/?q=20805")

        assert '<a href="/codes/function/20805/">20805</a>' in by_name and "30108" not in by_name
        assert by_code.status_code == 302 and by_code["Location"] == "/codes/function/20805/"


class TestCodesLinkedInTables:
    def test_statement_rows_link_their_code(self, client, parser, tmp_path):
        disclosure = make_stored_expenses(parser, tmp_path, "a.pdf")

        page = page_text(client, disclosure.get_absolute_url())

        assert '<span class="code"><a href="/codes/function/20805/">20805</a></span>' in page
        assert '<span class="code"><a href="/codes/economic/30101/">30101</a></span>' in page

    def test_a_code_without_a_classification_stays_plain(self, client, parser, tmp_path):
        summary = document.Table(
            kind=document.INCOME_EXPENSE_SUMMARY,
            title="部门预算收支总表",
            pages=[1],
            unit="万元",
            columns=["预算数"],
            rows=[make_row("社会保障和就业支出", {"预算数": "540.56"}, page=1, code="208", side="支出")],
        )
        disclosure = make_stored_expenses(parser, tmp_path, "a.pdf", tables=[summary])

        page = page_text(client, disclosure.get_absolute_url())

        assert '<span class="code">208</span>' in page

    def test_queries_stay_flat_as_rows_grow(self, client, parser, tmp_path, django_assert_max_num_queries):
        small = make_stored_expenses(parser, tmp_path, "small.pdf")
        with django_assert_max_num_queries(40) as few:
            client.get(small.get_absolute_url())
        many = {f"2{index:02}": (f"支出{index}", "1.00", "1.00", "") for index in range(1, 60)}
        large = make_stored_expenses(
            parser, tmp_path, "large.pdf", year=2024, tables=[make_expense_table(many), make_basic_table()]
        )

        with django_assert_max_num_queries(len(few.captured_queries)):
            page = page_text(client, large.get_absolute_url())
        assert '<a href="/codes/function/259/">259</a>' in page


class TestNavigation:
    def test_the_header_links_codes_and_comparison(self, client, db):
        page = page_text(client, "/")

        assert '<a href="/codes/">科目</a>' in page and '<a href="/compare/">比较</a>' in page
