"""A paralegal on a phone (390 px) who logs a 0- or 2,000-minute task sees why it was refused: the
server's message beside the Minutes field, in the app's error style, with or without the page's script,
and never only a browser popup (the quick log posts with `novalidate`)."""

from __future__ import annotations

import pytest

from audit.models import TaskEntry
from firmops.demo import DEMO_PASSWORD, seed_demo
from tests.browser.layout import PHONE, SMALL_PHONE, layout_problems

pytestmark = pytest.mark.django_db(transaction=True)

MINUTES_ERROR = ".field.ql-minutes.has-error p.error"


def _open_log(page, live_server):
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("paralegal@demo.firmops.test")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/f/demo/**")
    page.goto(f"{live_server.url}/f/demo/audit/log/")
    page.wait_for_selector("#quicklog")
    return page


def _entries() -> int:
    from firmops.models import Firm
    from firmops.tenancy import firm_scope

    with firm_scope(Firm.objects.get(slug="demo")):
        return TaskEntry.objects.count()


def _danger_colour(page) -> tuple[str, str]:
    """The refusal's colour and the design system's --danger, both as the browser computes them."""
    return page.evaluate(
        """(sel) => {
          const probe = document.createElement('span');
          probe.style.color = 'var(--danger)';
          document.body.appendChild(probe);
          const want = getComputedStyle(probe).color;
          probe.remove();
          return [getComputedStyle(document.querySelector(sel)).color, want];
        }""",
        MINUTES_ERROR,
    )


def test_a_zero_minute_task_is_refused_beside_the_field_by_the_server(page, live_server, screenshot):
    seed_demo()
    before = _entries()
    page = _open_log(page, live_server)
    assert page.evaluate("document.getElementById('quicklog').noValidate") is True  # no popup stops it

    page.get_by_label("What did you do?").fill("Summarized depo of Officer Grant")
    page.get_by_label("Minutes").fill("0")
    page.get_by_label("What did you do?").press("Enter")
    error = page.locator(MINUTES_ERROR)
    error.wait_for()
    assert error.inner_text() == "Minutes: 0 minutes is not a task: log at least 1 minute."
    assert error.get_attribute("role") == "alert"
    colour, danger = _danger_colour(page)
    assert colour == danger
    assert "fix the field marked above" in page.locator("#ql-status").inner_text()
    assert layout_problems(page) == {}  # the message fits the phone
    assert page.get_by_label("What did you do?").input_value() == "Summarized depo of Officer Grant"

    page.get_by_label("Minutes").fill("2000")
    page.get_by_label("What did you do?").press("Enter")
    page.locator(MINUTES_ERROR, has_text="2,000 minutes is more than a day").wait_for()
    assert page.locator(MINUTES_ERROR).count() == 1  # the old message went
    assert _entries() == before


def test_without_the_script_the_refused_page_shows_the_same_message(browser, live_server):
    seed_demo()
    before = _entries()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = _open_log(context.new_page(), live_server)
        page.get_by_label("What did you do?").fill("Summarized depo of Officer Grant")
        page.get_by_label("Minutes").fill("0")
        page.get_by_role("button", name="Log task").click()
        page.wait_for_load_state()
        error = page.locator(MINUTES_ERROR)
        assert error.inner_text() == "Minutes: 0 minutes is not a task: log at least 1 minute."
        assert page.get_by_label("What did you do?").input_value() == "Summarized depo of Officer Grant"
    finally:
        context.close()
    assert _entries() == before


def test_the_delete_confirmation_reads_cleanly_on_a_phone_and_deletes_on_its_button(browser, live_server):
    """Without the script, Delete leads to the shared confirmation page; Keep it changes nothing."""
    seed_demo()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = _open_log(context.new_page(), live_server)
        page.get_by_label("What did you do?").fill("Calendared hearing dates")
        page.get_by_label("Minutes").fill("15")
        page.get_by_role("button", name="Log task").click()
        page.wait_for_load_state()
        before = _entries()
        row = page.locator("#ql-rows tr", has_text="Calendared hearing dates")
        row.get_by_role("button", name="Delete").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", name="Delete this entry?").is_visible()
        assert "Delete “Calendared hearing dates” (15 min)?" in page.locator(".confirm .flash").inner_text()
        for width in (PHONE, SMALL_PHONE):
            page.set_viewport_size({"width": width, "height": 844})
            assert layout_problems(page) == {}, width
        page.get_by_role("link", name="Keep it").click()
        page.wait_for_load_state()
        assert _entries() == before and row.count() == 1
        row.get_by_role("button", name="Delete").click()
        page.get_by_role("button", name="Delete the entry").click()
        page.wait_for_load_state()
        assert "Deleted “Calendared hearing dates”." in page.locator(".flashes").inner_text()
        assert _entries() == before - 1 and row.count() == 0
    finally:
        context.close()
