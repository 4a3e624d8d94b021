"""The site in a real browser (Playwright driving Debian's chromium), as its users use it.

A finance officer uploads the seed PDF in the admin; a citizen searches, reads a disclosure at a
glance, opens a 类 to its 款 and 项, follows an amount to its page of the PDF and compares two
years; a journalist downloads a table's CSV. Every page type is photographed at desktop and phone
size into docs/screenshots/ (the README shows them), and none is wider than a 390-px phone.
Skipped where chromium is not installed (scripts/test installs it).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pdfplumber
import pytest

from disclosures.ingest import ingest_pdf
from disclosures.models import Department
from tests.expected import SEED_LINES
from tests.site_builders import make_disclosure

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/test installs it)"),
]

PASSWORD = "a-long-browser-test-password"


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make in
    # between are plain blocking calls all the same.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    return browser.new_page(locale="zh-CN", viewport=DESKTOP, accept_downloads=True)


@pytest.fixture
def seed(seed_pdf):
    """The seed PDF, parsed and checked for real."""
    return ingest_pdf(file=seed_pdf).disclosure


def test_upload_in_the_admin_then_browse_and_download(page, live_server, django_user_model, seed_pdf):
    django_user_model.objects.create_superuser("finance", "finance@example.org", PASSWORD)

    # The finance officer uploads the disclosure.
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "finance")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/disclosures/disclosure/")
    page.click("text=上传公开文件")
    page.set_input_files("input[type=file]", str(seed_pdf))
    page.click("text=上传并解析")
    message = page.locator(".messagelist").inner_text()
    assert "已入库：张家口市总工会 2025年预算" in message
    assert "217 项核验，0 项未通过" in message
    assert "找到表格区域" in page.locator(".disclosure-parse-log").inner_text()

    # A citizen finds it in the list of disclosures and opens it.
    page.goto(f"{live_server.url}/disclosures/")
    page.click("text=711 张家口市总工会")
    assert page.locator("h1").inner_text() == "张家口市总工会"
    page.click("#disclosures table >> text=2025")
    assert page.locator("h1").inner_text() == "张家口市总工会 2025年预算（部门）"
    assert "217 项核验，0 项未通过。" in page.locator("#checks").inner_text()
    income = page.locator("article.statement", has_text="部门预算收入总表")
    income.locator("[data-tree-open]").click()  # 全部展开: the 款 and 项 rows
    assert "财政对其他社会保险基金的补助" in income.inner_text()

    # A journalist downloads every amount.
    response = page.request.get(f"{live_server.url}/export/lines.csv?department=711&year=2025")
    assert response.ok
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.body().decode("utf-8-sig"))))
    got = [
        (r["table"], r["side"], r["row_no"], r["code"], r["item"], r["column"], r["amount"], int(r["page"]))
        for r in rows
    ]
    assert sorted(got) == sorted(SEED_LINES)


def test_search_finds_a_department_and_a_project(page, live_server, seed):
    page.goto(live_server.url)
    page.fill("#home-search-q", "总工会")
    page.press("#home-search-q", "Enter")
    page.click("#results-department >> text=张家口市总工会")
    assert page.locator("h1").inner_text() == "张家口市总工会"

    page.fill("#site-search-q", "疗休养")
    page.press("#site-search-q", "Enter")
    page.click("#results-project >> text=市级劳模疗休养资金")
    assert "#project-" in page.url
    project = page.locator("article.project", has_text="市级劳模疗休养资金")
    assert project.is_visible() and "56.00" in project.inner_text()


def test_a_disclosure_opens_with_its_figures_and_chart(page, live_server, seed):
    page.goto(f"{live_server.url}{seed.get_absolute_url()}")

    glance = page.locator(".glance").inner_text()
    assert "870.37" in glance and "694.07" in glance and "176.30" in glance
    assert "217 项核验，0 项未通过" in glance
    chart = page.locator("#spending .chart[data-drawn='true']")
    chart.wait_for()
    assert chart.locator("svg").count() == 1 and chart.bounding_box()["height"] > 100
    assert "208 社会保障和就业支出" in chart.locator("svg").inner_html()
    assert "540.56" in page.locator("#spending table").inner_text()


def test_a_class_opens_to_its_sections_and_items(page, live_server, seed):
    page.goto(f"{live_server.url}{seed.get_absolute_url()}")
    table = page.locator("article.statement", has_text="部门预算支出总表").locator("table")
    klass = table.locator("tr", has=page.locator("a", has_text="208")).first
    section = table.locator("tr", has=page.locator("a", has_text="20805")).first
    item = table.locator("tr", has=page.locator("a", has_text="2080501")).first
    assert klass.is_visible() and not section.is_visible() and not item.is_visible()

    klass.locator("button.toggle").click()
    assert section.is_visible() and item.is_visible()
    assert klass.locator("button.toggle").get_attribute("aria-expanded") == "true"

    section.locator("button.toggle").press("Enter")  # keyboard: the 款 closes its 项
    assert section.is_visible() and not item.is_visible()
    klass.locator("button.toggle").click()
    assert not section.is_visible()


def test_an_amount_opens_the_pdf_at_its_page(page, live_server, seed):
    page.goto(f"{live_server.url}{seed.get_absolute_url()}")
    table = page.locator("article.statement", has_text="部门预算支出总表")
    table.locator("[data-tree-open]").click()  # 全部展开
    link = table.locator("a", has_text="269.32").first  # 合计 (基本支出 prints the same)
    assert link.is_visible()

    href = link.get_attribute("href")
    assert href == f"/disclosures/{seed.pk}/pdf#page=5"
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        text = pdf.pages[4].extract_text()
    assert "行政单位离退休" in text and "269.32" in text


def test_compare_shows_two_years_difference(page, live_server, seed):
    make_disclosure(seed.department, year=2024)  # 208: 300.00 万元

    page.goto(f"{live_server.url}{seed.get_absolute_url()}")
    page.click("#compare >> text=与2024年预算比较")
    assert "比较" in page.locator("h1").inner_text()
    tree = page.locator("#tree-1 table")
    row = tree.locator("tr", has=page.locator("a", has_text="208")).first
    cells = row.locator("td").all_inner_texts()
    assert cells == ["300.00", "540.56", "+240.56", "+80.2%"]
    assert "三公" in page.locator("#three-public").inner_text()


def test_a_tables_csv_holds_that_tables_amounts(page, live_server, seed):
    page.goto(f"{live_server.url}{seed.get_absolute_url()}")
    income = page.locator("article.statement", has_text="部门预算收入总表")

    with page.expect_download() as download:
        income.locator("a.csv").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(text)))
    got = sorted((r["table"], r["code"], r["item"], r["column"], r["amount"], int(r["page"])) for r in rows)
    expected = sorted(
        (t, code, item, column, amount, p)
        for t, _, _, code, item, column, amount, p in SEED_LINES
        if t == "收入总表"
    )
    assert got == expected


def photograph(page, name: str) -> None:
    """A small PNG of what the viewport shows (a 64-colour palette keeps it a few dozen KB)."""
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=64).save(path, optimize=True)


def test_every_page_type_fits_a_phone_and_is_photographed(browser, live_server, seed):
    previous = make_disclosure(seed.department, year=2024)
    other = make_disclosure(Department.objects.create(name="张家口市财政局", code="712"), year=2025)
    pages = {
        "home": "/",
        "search": "/search/?q=%E5%B7%A5%E4%BC%9A",
        "disclosure": seed.get_absolute_url(),
        "disclosure-tables": f"{seed.get_absolute_url()}#table-2",
        "department": seed.department.get_absolute_url(),
        "code": "/codes/function/208/",
        "compare": f"/compare/?a={previous.pk}&b={seed.pk}",
        "compare-departments": f"/compare/?a={other.pk}&b={seed.pk}",
        "disclosures": "/disclosures/",
        "departments": "/departments/",
        "codes": "/codes/",
        "export": "/export/",
    }
    too_wide = {}
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.new_page(locale="zh-CN", viewport=viewport)
        for name, url in pages.items():
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("networkidle")
            page.wait_for_function(
                "Array.from(document.querySelectorAll('.chart')).every(c => c.dataset.drawn || c.hidden)"
            )
            width = page.evaluate("document.documentElement.scrollWidth")
            if size == "phone" and width > PHONE["width"]:
                too_wide[name] = width
            photograph(page, f"{name}-{size}")
        page.close()

    assert too_wide == {}
