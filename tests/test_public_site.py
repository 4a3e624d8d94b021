"""The public site as a citizen reads it, on the seed's data: the home page, a disclosure at a
glance and its tables, search, the per-page CSV, /export/, and what happens with bad addresses.

The seed is stored as ``tests.expected.make_seed_doc()`` gives it (transcribed from the seed text,
not read by the parser), so every amount asserted here is the document's own.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from disclosures.ingest import ingest_pdf
from disclosures.models import Department, Disclosure
from tests.builders import make_expense_table, make_pdf_file, make_stored_expenses
from tests.expected import SEED_LINES, make_seed_doc
from tests.reading import csv_rows, page_text
from tests.site_builders import make_disclosure

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(parser, tmp_path) -> Disclosure:
    """The seed disclosure, stored from its transcription."""
    parser.gives("seed.pdf", make_seed_doc())
    return ingest_pdf(file=make_pdf_file(tmp_path, "seed.pdf")).disclosure


def between(page: str, start: str, end: str) -> str:
    """The part of ``page`` from ``start`` up to the next ``end``."""
    begin = page.index(start)
    return page[begin : page.index(end, begin + len(start))]


def chart_data(page: str, chart_id: str) -> dict:
    found = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page, re.S)
    assert found, chart_id
    return json.loads(found.group(1))


def row_of(table_html: str, text: str) -> str:
    """The <tr> of ``table_html`` that contains ``text``."""
    index = table_html.index(text)
    return table_html[table_html.rindex("<tr", 0, index) : table_html.index("</tr>", index)]


class TestHome:
    def test_search_latest_year_totals_and_three_public(self, client, seed):
        page = page_text(client, "/")

        assert 'action="/search/"' in page and 'name="q"' in page
        latest = between(page, 'id="latest"', "</section>")
        assert f'href="/disclosures/{seed.pk}/"' in latest and "张家口市总工会" in latest
        years = between(page, 'id="years"', "</section>")
        assert "870.37" in row_of(years, "2025年预算")  # 支出合计 and 收入合计 of the one department
        assert chart_data(page, "years-chart")["series"][0]["data"] == ["870.37"]
        three_public = between(page, 'id="three-public"', "</section>")
        assert "2025年预算" in three_public and "张家口市总工会" in three_public
        assert "情况说明" in row_of(three_public, "张家口市总工会")  # the table is empty; the prose says 0
        assert "/export/three_public.csv?year=2025" in three_public

    def test_three_public_ranked_largest_first_and_sortable(self, client, db):
        small = make_disclosure(Department.objects.create(name="小局", code="801"))
        large = make_disclosure(Department.objects.create(name="大局", code="802"), scale=Decimal(10))

        ranking = between(page_text(client, "/"), 'class="data three-public-ranking"', "</table>")
        ascending = between(
            page_text(client, "/?sg-sort=total"), 'class="data three-public-ranking"', "</table>"
        )

        assert ranking.index("大局") < ranking.index("小局")
        assert "60.00" in row_of(ranking, "大局") and "6.00" in row_of(ranking, "小局")
        assert ascending.index("小局") < ascending.index("大局")
        assert f"/disclosures/{large.pk}/" in ranking and f"/disclosures/{small.pk}/" in ranking

    def test_an_empty_site_still_renders(self, client, db):
        page = page_text(client, "/")

        assert "还没有公开文件" in page


class TestDisclosureAtAGlance:
    def test_totals_split_and_check_line_come_first(self, client, seed):
        page = page_text(client, seed.get_absolute_url())
        glance = between(page, 'class="glance"', "</section>")

        assert glance.index("收入合计") < glance.index("870.37") < glance.index("支出合计")
        assert "694.07" in glance and "79.7%" in glance and "176.30" in glance and "20.3%" in glance
        assert page.index('class="glance"') < page.index('id="tables"') < page.index('id="checks"')
        assert re.search(r"\d+ 项核验，\d+ 项未通过", glance)
        assert f'href="/disclosures/{seed.pk}/pdf#page=5"' in glance  # 支出合计, 支出总表 page 5

    def test_a_failed_check_is_linked_from_the_summary(self, client, seed):
        page = page_text(client, seed.get_absolute_url())
        failed = seed.checks.get(status="failed")

        assert f'href="#check-{failed.pk}"' in between(page, 'class="check-line"', "</p>")
        assert f'id="check-{failed.pk}"' in page

    def test_spending_by_class_as_a_chart_and_a_table(self, client, seed):
        page = page_text(client, seed.get_absolute_url())
        chart = chart_data(page, "classes-chart")
        table = between(page, 'id="classes-caption"', "</table>")

        assert chart["categories"] == [
            "208 社会保障和就业支出",
            "201 一般公共服务支出",
            "210 卫生健康支出",
            "221 住房保障支出",
        ]
        assert chart["series"][0]["data"] == ["540.56", "176.30", "86.61", "66.90"]
        assert table.index("540.56") < table.index("176.30") < table.index("86.61") < table.index("66.90")
        assert "62%" in row_of(table, "540.56")  # of 870.37

    def test_three_public_with_last_year_beside_it(self, client, seed, parser, tmp_path):
        last_year = make_disclosure(seed.department, year=2024)

        section = between(page_text(client, seed.get_absolute_url()), 'id="three-public"', "</section>")

        assert f'href="/disclosures/{last_year.pk}/">2024年' in section
        total = row_of(section, '<th scope="row">合计')
        assert total.index("6.00") < total.index("0.00")  # 2024 beside 2025 (0 in the seed's prose)
        assert "-6.00（-100.0%）" in total


class TestStatementTables:
    def test_two_sided_tables_put_income_beside_expense(self, client, seed):
        page = page_text(client, seed.get_absolute_url())
        summary = between(page, "部门预算收支总表<span", "</table>")

        assert 'scope="colgroup" colspan="2" class="side">收入' in summary
        row = row_of(summary, "本年收入合计")
        assert row.index("本年收入合计") < row.index("870.37") < row.index("本年支出合计")
        first = row_of(summary, "一、一般公共预算拨款收入")
        assert "一、一般公共服务支出" in first and "176.30" in first
        fiscal = between(page, "部门预算财政拨款收支总表<span", "</table>")
        assert "一般公共预算财政拨款" in fiscal and "支出总计" in row_of(fiscal, "收入总计")

    def test_coded_tables_are_a_tree_of_class_section_item(self, client, seed):
        page = page_text(client, seed.get_absolute_url())
        expense = between(page, "部门预算支出总表<span", "</table>")

        klass = row_of(expense, ">208</a>")
        section = row_of(expense, ">20805</a>")
        item = row_of(expense, ">2080501</a>")
        key = re.search(r'data-key="([^"]+)"', klass).group(1)
        section_key = re.search(r'data-key="([^"]+)"', section).group(1)
        assert 'class="toggle"' in klass and "depth-0" in klass
        assert f'data-parent="{key}"' in section and "depth-1" in section
        assert f'data-parent="{section_key}"' in item and "depth-2" in item and "269.32" in item
        assert 'class="depth-0 total"' in row_of(expense, '<span class="name">合计')

    def test_every_amount_links_to_its_pdf_page(self, client, seed):
        page = page_text(client, seed.get_absolute_url())
        income = between(page, "部门预算收入总表<span", "</table>")
        expense = between(page, "部门预算支出总表<span", "</table>")

        assert f'<a href="/disclosures/{seed.pk}/pdf#page=4" title="原文第4页">0.72</a>' in income
        assert f'<a href="/disclosures/{seed.pk}/pdf#page=6" title="原文第6页">18.73</a>' in expense
        assert '<td class="amount"><a href' in expense  # right-aligned cells

    def test_each_table_offers_its_own_csv(self, client, seed):
        page = page_text(client, seed.get_absolute_url())
        link = re.search(r'href="([^"]+table=%E6%94%B6%E5%85%A5%E6%80%BB%E8%A1%A8)"', page).group(1)

        rows = csv_rows(client.get(link.replace("&amp;", "&")))

        expected = sorted((line[4], line[5], line[6]) for line in SEED_LINES if line[0] == "收入总表")
        assert sorted((row["item"], row["column"], row["amount"]) for row in rows) == expected
        assert {row["table"] for row in rows} == {"收入总表"}


class TestSearch:
    def test_results_grouped_by_kind(self, client, seed):
        page = page_text(client, "/search/?q=工会")

        departments = between(page, 'id="results-department"', "</section>")
        codes = between(page, 'id="results-code"', "</section>")
        assert f'href="/departments/{seed.department_id}/">张家口市总工会' in departments
        assert "2012906 工会事务" in codes

    def test_a_project_by_part_of_its_name_or_its_code(self, client, seed):
        project = seed.projects.get(name="市级劳模疗休养资金")

        by_name = between(page_text(client, "/search/?q=疗休养"), 'id="results-project"', "</section>")
        by_code = between(page_text(client, "/search/?q=p00174510001l"), 'id="results-project"', "</section>")

        assert f'href="/disclosures/{seed.pk}/#project-{project.pk}">市级劳模疗休养资金' in by_name
        assert "市级劳模疗休养资金" in by_code

    def test_a_code_by_prefix_or_name(self, client, seed):
        assert '/codes/function/20805/">20805 行政事业单位养老支出' in page_text(client, "/search/?q=养老")
        assert "/codes/function/2080501/" in page_text(client, "/search/?q=20805")

    def test_one_kind_pages_through_all_its_results(self, client, db):
        for number in range(12):
            Department.objects.create(name=f"测试市第{number}局", code=f"7{number:02}")

        first = page_text(client, "/search/?q=测试市")
        all_of_them = page_text(client, "/search/?q=测试市&kind=department")

        assert "全部 12 个部门" in first and first.count("测试市第") == 10
        assert len(re.findall(r'href="/departments/\d+/"', all_of_them)) == 12

    def test_nothing_found_says_so_and_text_is_escaped(self, client, seed):
        page = page_text(client, "/search/?q=<b>无此</b>")

        assert "没有找到部门" in page and "<b>无此" not in page


class TestExportIndex:
    def test_documents_every_export_with_its_columns_and_an_example(self, client, seed):
        page = page_text(client, "/export/")

        for filename in ("lines.csv", "projects.csv", "indicators.csv", "checks.csv", "three_public.csv"):
            assert f"/export/{filename}" in page
        lines = between(page, 'id="linescsv"', "</section>")
        headers = re.findall(r"<th scope=\"row\"><code>([a-z_]+)</code>", lines)
        assert headers[:15] == [
            "department_code", "department", "year", "stage", "level", "table", "table_title", "side",
            "row_no", "code", "item", "column", "amount", "unit", "page",
        ]  # fmt: skip
        assert "/export/lines.csv?department=711&amp;year=2025" in lines

    def test_the_line_filters_narrow_lines_csv(self, client, seed):
        rows = csv_rows(client.get("/export/lines.csv", {"department": "711", "code": "2080501"}))

        assert {(row["table"], row["column"], row["amount"]) for row in rows} >= {
            ("支出总表", "合计", "269.32")
        }
        assert {row["code"] for row in rows} == {"2080501"}

    def test_three_public_csv(self, client, seed):
        rows = csv_rows(client.get("/export/three_public.csv", {"year": "2025"}))

        assert len(rows) == 1 and rows[0]["department_code"] == "711"
        assert rows[0]["prose_total"] == "0.00" and rows[0]["table_total"] == ""


class TestAddresses:
    @pytest.mark.parametrize(
        "url",
        [
            "/disclosures/999999/",
            "/disclosures/999999/pdf",
            "/departments/999999/",
            "/codes/function/99999/",
            "/codes/nothing/208/",
            "/compare/?a=999998&b=999999",
            "/export/nothing.csv",
            "/no-such-page/",
        ],
    )
    def test_what_does_not_exist_is_404(self, client, seed, url):
        response = client.get(url)

        assert response.status_code == 404
        if not url.startswith("/export/") and not url.endswith("/pdf"):
            assert "没有这个页面" in response.content.decode()  # the site's own page, with a search

    @pytest.mark.parametrize(
        "url",
        [
            "/compare/?a=x&b=1",
            "/codes/function/208/?year=20x5",
            "/export/lines.csv?year=abc",
            "/compare/?code=208&year=x",
        ],
    )
    def test_a_malformed_parameter_is_400(self, client, seed, url):
        assert client.get(url).status_code == 400

    @pytest.mark.parametrize(
        "url",
        [
            "/search/?q=工会&page=abc",
            "/search/?q=工会&kind=project&page=999",
            "/disclosures/?sort=nothing",
            "/?sg-sort=nothing&sg-page=abc",
            "/departments/?q=工会",
            "/codes/function/208/?rank-page=x&years-page=y",
        ],
    )
    def test_odd_parameters_still_give_a_page(self, client, seed, url):
        assert client.get(url).status_code == 200


class TestDepartmentPage:
    def test_totals_over_the_years_and_the_change_per_class(self, client, parser, tmp_path):
        classes = {
            "208": ("社会保障和就业支出", "540.56", "540.56", ""),
            "201": ("一般公共服务支出", "176.30", "", "176.30"),
        }
        earlier = {
            "208": ("社会保障和就业支出", "498.10", "498.10", ""),
            "201": ("一般公共服务支出", "176.30", "", "176.30"),
        }
        budget = make_stored_expenses(parser, tmp_path, "2025.pdf", tables=[make_expense_table(classes)])
        make_stored_expenses(parser, tmp_path, "2024.pdf", year=2024, tables=[make_expense_table(earlier)])

        page = page_text(client, budget.department.get_absolute_url())

        totals = between(page, "<h3>支出合计</h3>", "</table>")
        assert "+42.46（+8.5%）" in row_of(totals, ">208</a>")  # 498.10 → 540.56
        assert "0.00（0.0%）" in row_of(totals, ">201</a>")
        chart = chart_data(page, "totals-chart")
        assert chart["categories"] == ["2024年", "2025年"]
        assert 'href="/compare/?a=' in between(page, 'id="totals"', "</section>")
