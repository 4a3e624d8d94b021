"""Comparisons: a department's 支出总表 across years, and one code across departments (/compare/)."""

import pytest

from tests.builders import make_basic_table, make_expense_table, make_stored_expenses
from tests.reading import page_text

pytestmark = pytest.mark.django_db

SOCIAL_SECURITY = "社会保障和就业支出"


def make_classes(social_security: str, general: str = "176.30") -> dict:
    """Two 类 rows for a 支出总表: 208 all 基本支出, 201 all 项目支出."""
    return {
        "208": (SOCIAL_SECURITY, social_security, social_security, ""),
        "20805": ("行政事业单位养老支出", social_security, social_security, ""),
        "201": ("一般公共服务支出", general, "", general),
    }


def section(page: str, start: str, end: str = "</table>") -> str:
    """The part of ``page`` from ``start`` to the next ``end``."""
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


class TestDepartmentComparesYears:
    def test_class_amounts_side_by_side_by_year_and_stage(self, client, parser, tmp_path):
        budget = make_stored_expenses(
            parser, tmp_path, "2025.pdf", tables=[make_expense_table(make_classes("540.56"))]
        )
        make_stored_expenses(
            parser,
            tmp_path,
            "2024.pdf",
            year=2024,
            stage="决算",
            tables=[make_expense_table(make_classes("498.10"))],
        )

        page = page_text(client, budget.department.get_absolute_url())
        totals = section(page, "<h3>支出合计</h3>")

        assert totals.index("2024年决算") < totals.index("2025年预算")
        assert '<a href="/codes/function/208/">208</a> 社会保障和就业支出' in totals
        assert totals.index("498.10") < totals.index("540.56")
        assert "/codes/function/20805/" not in totals  # 类 only
        assert "176.30" in section(page, "<h3>项目支出</h3>")
        assert "176.30" not in section(page, "<h3>基本支出</h3>")
        assert f'href="/disclosures/{budget.pk}/pdf#page=5"' in totals

    def test_a_year_in_yuan_is_converted_and_says_so(self, client, parser, tmp_path):
        budget = make_stored_expenses(parser, tmp_path, "2025.pdf")
        yuan = make_expense_table(make_classes("4981000.00", general="1763000.00"), unit="元")
        make_stored_expenses(parser, tmp_path, "2024.pdf", year=2024, tables=[yuan])

        totals = section(page_text(client, budget.department.get_absolute_url()), "<h3>支出合计</h3>")

        assert "原表单位：元" in totals
        assert ">498.10</a>" in totals and 'title="原表 4981000.00 元，第5页"' in totals
        assert "674.40" in totals  # 498.10 + 176.30 万元, the footer of 2024

    def test_only_current_versions_are_compared(self, client, parser, tmp_path):
        first = make_stored_expenses(
            parser, tmp_path, "first.pdf", tables=[make_expense_table(make_classes("111.11"))]
        )
        make_stored_expenses(
            parser, tmp_path, "second.pdf", tables=[make_expense_table(make_classes("222.22"))]
        )

        totals = section(page_text(client, first.department.get_absolute_url()), "<h3>支出合计</h3>")

        assert "222.22" in totals and "111.11" not in totals
        assert totals.count("2025年预算") == 1

    def test_without_an_expense_table_it_says_so(self, client, parser, tmp_path):
        disclosure = make_stored_expenses(parser, tmp_path, "a.pdf", tables=[make_basic_table()])

        page = page_text(client, disclosure.department.get_absolute_url())

        assert "支出总表中没有按功能分类科目列出的金额" in page

    def test_queries_stay_flat_as_years_grow(self, client, parser, tmp_path, django_assert_max_num_queries):
        disclosure = make_stored_expenses(parser, tmp_path, "2025.pdf")
        url = disclosure.department.get_absolute_url()
        with django_assert_max_num_queries(20) as few:
            client.get(url)
        for year in range(2018, 2025):
            make_stored_expenses(parser, tmp_path, f"{year}.pdf", year=year)

        with django_assert_max_num_queries(len(few.captured_queries)):
            page = page_text(client, url)
        assert "2018年预算" in page and "2024年预算" in page


class TestCompareDepartments:
    @pytest.fixture
    def two_departments(self, parser, tmp_path):
        union = make_stored_expenses(parser, tmp_path, "union.pdf")
        yuan = {"208": (SOCIAL_SECURITY, "3508644.00", "3508644.00", "")}
        finance = make_stored_expenses(
            parser,
            tmp_path,
            "finance.pdf",
            department="上海市普陀区财政局",
            code="712",
            tables=[make_expense_table(yuan, unit="元", page=12)],
        )
        make_stored_expenses(parser, tmp_path, "old.pdf", department="张家口市民政局", code="713", year=2024)
        return union, finance

    def test_one_code_in_one_year_across_departments_in_wan(self, client, two_departments):
        union, finance = two_departments

        page = page_text(client, "/compare/?code=208&year=2025&stage=预算")
        table = section(page, '<table class="data code-amounts"')

        assert "张家口市总工会" in table and "上海市普陀区财政局" in table
        assert "张家口市民政局" not in table  # 2024
        assert "540.56" in table and '540.56 <span class="unit">万元</span>' in table
        assert "350.86" in table and '3508644.00 <span class="unit">元</span>' in table
        assert table.index("张家口市总工会") < table.index("上海市普陀区财政局")  # largest first
        assert f'href="/disclosures/{finance.pk}/pdf#page=12"' in table
        assert '<a href="/codes/function/208/">208 社会保障和就业支出</a>' in page

    def test_sortable_by_amount(self, client, two_departments):
        page = page_text(client, "/compare/?code=208&year=2025&sort=amount_in_wan")
        table = section(page, '<table class="data code-amounts"')

        assert table.index("上海市普陀区财政局") < table.index("张家口市总工会")

    def test_an_economic_code(self, client, two_departments):
        page = page_text(client, "/compare/?kind=economic&code=301&year=2025")

        assert "307.24" in page and "一般公共预算财政拨款基本支出表 · 合计" in page

    def test_a_malformed_year_is_a_400_with_a_message(self, client, two_departments):
        response = client.get("/compare/?code=208&year=20x5")

        assert response.status_code == 400
        assert "年度应为数字" in response.content.decode()

    def test_an_unknown_code_or_none_says_what_to_do(self, client, two_departments):
        assert "没有编码为 999 的科目" in page_text(client, "/compare/?code=999")
        assert "请输入科目编码" in page_text(client, "/compare/")

    def test_a_department_name_from_the_pdf_is_escaped(self, client, parser, tmp_path):
        make_stored_expenses(parser, tmp_path, "a.pdf", department="<script>alert(1)</script>", code="")

        page = page_text(client, "/compare/?code=208&year=2025")

        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    def test_queries_stay_flat_as_departments_grow(
        self, client, parser, tmp_path, django_assert_max_num_queries
    ):
        url = "/compare/?code=208&year=2025"
        make_stored_expenses(parser, tmp_path, "first.pdf")
        with django_assert_max_num_queries(10) as few:
            client.get(url)
        for number in range(10):
            make_stored_expenses(
                parser, tmp_path, f"{number}.pdf", department=f"部门{number}", code=f"8{number:02}"
            )

        with django_assert_max_num_queries(len(few.captured_queries)):
            page = page_text(client, url)
        assert page.count("540.56 <span") == 11
