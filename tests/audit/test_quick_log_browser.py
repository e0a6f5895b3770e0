"""The quick log in a real Chromium: Enter saves with no reload, focus returns, edit, delete, timer, phone."""

from __future__ import annotations

import os

import pytest

from firmops.demo import DEMO_PASSWORD, seed_demo

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
]


@pytest.fixture
def log_page(page, live_server):
    seed_demo()
    page.set_viewport_size({"width": 375, "height": 740})  # a phone
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("paralegal@demo.firmops.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/f/demo/**")  # the paralegal lands on the quick log during the audit week
    page.goto(f"{live_server.url}/f/demo/audit/log/")
    page.wait_for_selector("#quicklog")
    page.evaluate("window.__sameDocument = true")
    return page


def test_a_paralegal_logs_edits_and_deletes_tasks_with_the_keyboard_and_no_reload(log_page):
    page = log_page
    assert page.evaluate("document.activeElement.name") == "description"
    page.keyboard.type("Summarized depo of Officer Grant")
    page.get_by_label("Minutes").fill("45")
    page.get_by_label("What did you do?").press("Enter")
    row = page.locator("#ql-rows tr", has_text="Summarized depo of Officer Grant")
    row.wait_for()
    assert "Deposition summaries" in row.inner_text()
    assert page.evaluate("window.__sameDocument") is True  # no page load happened
    assert page.evaluate("document.activeElement.name") == "description"
    assert page.get_by_label("What did you do?").input_value() == ""
    assert "Logged 45 min" in page.locator("#ql-status").inner_text()

    row.get_by_role("link", name="Edit").click()
    page.get_by_label("What did you do?").fill("E-filed notice of appearance")
    page.get_by_label("What did you do?").press("Enter")
    page.locator("#ql-rows tr", has_text="E-filed notice of appearance").wait_for()
    assert page.locator("#ql-rows tr").count() == 1
    assert "E-filing" in page.locator("#ql-rows tr").inner_text()

    entry = page.locator("#ql-rows tr[id^='entry-']")
    entry.get_by_role("button", name="Delete").click()  # one tap asks, in the row, what goes
    ask = page.locator("#ql-rows tr.ql-confirm")
    ask.wait_for()
    assert "The hit list loses 45 min of outsourceable work" in ask.inner_text()
    ask.get_by_role("button", name="Keep it").click()
    assert ask.count() == 0 and entry.count() == 1
    entry.get_by_role("button", name="Delete").click()
    ask.get_by_role("button", name="Delete the entry").click()
    page.locator("#ql-empty").wait_for(state="visible")
    assert page.locator("#ql-rows tr").count() == 0
    assert page.evaluate("window.__sameDocument") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 376  # nothing wider than the phone


def test_the_timer_fills_in_the_minutes_and_survives_a_reload(log_page):
    page = log_page
    page.keyboard.press("Alt+t")
    assert page.get_by_role("button", name="Stop timer").is_visible()
    page.reload()
    page.wait_for_selector("#quicklog")
    assert page.get_by_role("button", name="Stop timer").is_visible()  # still running after a reload
    page.get_by_label("What did you do?").fill("Calendared hearing dates")
    page.get_by_label("What did you do?").press("Enter")  # Enter with the timer running stops it first
    page.locator("#ql-rows tr", has_text="Calendared hearing dates").wait_for()
    assert "1 min" in page.locator("#ql-rows tr", has_text="Calendared hearing dates").inner_text()
    assert page.get_by_role("button", name="Start timer").is_visible()
