"""The whole path in a real browser (Playwright driving Debian's chromium).

A finance officer signs in to the admin, uploads the seed-like PDF and reads the result; a
citizen opens the disclosure's page; a journalist downloads lines.csv and gets exactly the
seed's amounts. Skipped where chromium is not installed (scripts/test installs it).
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from tests.test_seed_lines import EXPECTED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/test installs it)"),
]

PASSWORD = "a-long-browser-test-password"


@pytest.fixture
def page(monkeypatch):
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
        page = browser.new_page(locale="zh-CN")
        yield page
        browser.close()


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

    # A citizen finds it on the home page and opens it.
    page.goto(live_server.url)
    page.click("text=711 张家口市总工会")
    assert page.locator("h1").inner_text() == "张家口市总工会"
    page.click("table >> text=2025")
    assert page.locator("h1").inner_text() == "张家口市总工会 2025年预算（部门）"
    assert "217 项核验，0 项未通过。" in page.locator("#checks").inner_text()
    income = page.locator("article.statement", has_text="部门预算收入总表")
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
    assert sorted(got) == sorted(EXPECTED)
