"""A partner sorts tasks the classifier could not place, in one click each, in a real Chromium."""

from __future__ import annotations

import os
import re
from decimal import Decimal

import pytest

from audit.demo import PARTNER_TASKS
from audit.models import TaskEntry
from firmops.demo import DEMO_PASSWORD, demo_email, seed_demo
from firmops.models import Firm, Role
from firmops.tenancy import firm_scope

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
]

DEMO_UNSORTED = PARTNER_TASKS[-1][0]  # "Worked up the Morales numbers for Dana": no word it knows


@pytest.fixture
def partner_page(page, live_server):
    seed_demo()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(demo_email(Role.PARTNER))
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/f/demo/**")
    return page


def _dollars(page, label: str) -> Decimal:
    text = page.locator(".stat", has_text=label).locator(".stat-n").inner_text()
    return Decimal(re.sub(r"[$,]", "", text))


def test_a_partner_sorts_unplaced_tasks_in_one_click_and_the_hit_list_dollars_move(partner_page, live_server):
    page = partner_page
    firm = Firm.objects.get(slug="demo")
    with firm_scope(firm):
        waiting = TaskEntry.objects.get(description=DEMO_UNSORTED)
    saving = waiting.minutes * (waiting.hourly_cost - firm.rate_outsourced) / 60  # a 7-day week: per week

    # On the quick log: a task it cannot place says so, and one click sorts it.
    page.goto(f"{live_server.url}/f/demo/audit/log/")
    page.get_by_label("What did you do?").fill("Worked up the Hartley numbers with Sam")
    page.get_by_label("Minutes").fill("20")
    page.get_by_label("What did you do?").press("Enter")
    row = page.locator("#ql-rows tr", has_text="Hartley numbers with Sam")
    row.locator(".badge", has_text="Needs review").wait_for()
    assert "needs review" in page.locator("#ql-status").inner_text()
    row.get_by_role("button", name="Core").click()
    page.wait_for_url("**/log/?day=*")
    row = page.locator("#ql-rows tr", has_text="Hartley numbers with Sam")
    assert row.locator(".badge").inner_text() == "Other / unrecognised"
    assert "matches an override of this exact wording" in row.inner_text()

    # On the hit list: the demo's unplaced task waits apart, in no dollar figure, until sorted.
    page.get_by_role("link", name="Hit list").first.click()
    page.wait_for_url("**/hit-list/")
    assert page.locator("#unsorted-hours").inner_text() == "0.58 h"
    weekly, annual = _dollars(page, "recoverable per week"), _dollars(page, "recoverable per year")
    page.locator("#unsorted tr", has_text=DEMO_UNSORTED).get_by_role("button", name="Outsourceable").click()
    page.wait_for_url("**/hit-list/")
    sorted_as = f"“{DEMO_UNSORTED}” is now Other / unrecognised (outsourceable)"
    assert sorted_as in page.locator("main").inner_text()
    assert page.locator("#unsorted-hours").count() == 0 and page.locator("#unsorted").count() == 0
    # The page shows whole dollars: each figure moves by the saving, give or take its rounding.
    assert abs(_dollars(page, "recoverable per week") - weekly - saving) < 1
    assert abs(_dollars(page, "recoverable per year") - annual - saving * 52) < 1
