"""A replaced professional in a real Chromium: her open page's next click lands on sign-in, and signing
in again opens nothing of the firm (issue 19 item 3)."""

from __future__ import annotations

import os

import pytest

from firmops.demo import demo_email, seed_demo
from firmops.models import Engagement, Firm, Role, User
from firmops.tenancy import firm_scope
from providers.selection.selectors import current_selection
from providers.selection.services import selection_request_replacement

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
]


def test_her_open_page_next_navigation_lands_on_sign_in_once_she_is_replaced(
    page, live_server, screenshot, sign_in_demo
):
    seed_demo()
    firm = Firm.objects.get(slug="demo")
    partner = User.objects.get(email=demo_email(Role.PARTNER))
    with firm_scope(firm):
        elena = User.objects.get(email=demo_email(Role.EXTERNAL))
        selection = current_selection(firm=firm, engagement=Engagement.objects.get(external_user=elena))
    plan = f"{live_server.url}/f/demo/onboarding/engagements/{selection.engagement_id}/"

    sign_in_demo(Role.EXTERNAL)
    page.goto(plan)
    assert page.get_by_role("heading", level=1).inner_text().startswith("30-day plan")

    selection_request_replacement(firm=firm, actor=partner, selection=selection, reason="Not a fit.")

    page.goto(plan)  # the next navigation from her open page
    page.wait_for_url("**/accounts/login/**")
    assert page.get_by_label("Password").is_visible()

    sign_in_demo(Role.EXTERNAL)  # her password still works; the firm is gone for her
    response = page.goto(plan)
    assert response.status == 404
    feed = page.request.get(
        f"{live_server.url}/f/demo/performance/engagements/{selection.engagement_id}/checkins.ics"
    )
    assert feed.status == 404
