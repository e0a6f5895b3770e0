"""A client answers the survey in a real Chromium: ops closes a matter, the client opens the emailed link
with no account, a missing score is named with the other answers kept, the answer counts once, and the
partner sees it on the dashboard."""

from __future__ import annotations

import os
import re

import pytest
from django.core import mail

from firmops.demo import seed_demo
from firmops.messaging.reminders import reminders_send_due
from firmops.models import Firm, Role
from firmops.tenancy import firm_scope
from performance.models import ClientSurvey, Matter, SurveyResponse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
]


def _since_cells(page, label: str) -> list[str]:
    row = page.locator("#surveys-h + table tr", has_text=label)
    return [cell.strip() for cell in row.locator("td.num").all_inner_texts()]


def test_a_client_answers_the_emailed_survey_once_and_the_partner_sees_it(
    page, live_server, screenshot, sign_in_demo
):
    seed_demo()
    firm = Firm.objects.get(slug="demo")
    with firm_scope(firm):
        matter = Matter.objects.get(name="Pham v. Bayview")
        engagement_id = matter.engagement_id
    dashboard = f"{live_server.url}/f/demo/performance/engagements/{engagement_id}/"
    sign_in_demo(Role.PARTNER)
    page.goto(dashboard)
    sent_before, responses_before = _since_cells(page, "Surveys sent"), _since_cells(page, "Responses (")

    page.context.clear_cookies()
    sign_in_demo(Role.OPS)
    page.goto(f"{live_server.url}/f/demo/performance/matters/{matter.pk}/")
    page.get_by_label("Resolved").fill(firm.today().isoformat())
    page.get_by_role("button", name="Save").click()
    page.get_by_text(f"Matter {matter.reference} saved.").wait_for()
    reminders_send_due(firm=firm)  # the relay (the kick after commit may have sent it already)
    emails = [m for m in mail.outbox if m.to == [matter.client_email]]
    assert len(emails) == 1
    path = re.search(r"https?://[^/\s]+(/s/[^/\s]+/)", emails[0].body).group(1)

    page.context.clear_cookies()  # the client: no account, no session
    page.goto(f"{live_server.url}{path}")
    page.locator("#q-satisfaction").get_by_label("5", exact=True).check()
    page.locator("#q-speed").get_by_label("4", exact=True).check()
    page.get_by_label("Anything you would like us to know?").fill("Kept us informed at every step.")
    page.get_by_role("button", name="Send my answers").click()
    error = (
        "How likely are you to recommend us to a friend or colleague?: Choose a whole number from 0 to 10."
    )
    page.get_by_text(error).wait_for()
    assert page.locator("#q-satisfaction").get_by_label("5", exact=True).is_checked()
    assert page.locator("#q-speed").get_by_label("4", exact=True).is_checked()
    assert page.get_by_label("Anything you would like us to know?").input_value() == (
        "Kept us informed at every step."
    )
    with firm_scope(firm):
        assert not SurveyResponse.objects.filter(survey__matter=matter).exists()

    second_tab = page.context.new_page()  # the same link left open in another tab
    second_tab.goto(f"{live_server.url}{path}")
    page.locator("#q-recommend").get_by_label("9", exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you — your answers are received").wait_for()
    for scale, score in (("satisfaction", "1"), ("speed", "1"), ("recommend", "0")):
        second_tab.locator(f"#q-{scale}").get_by_label(score, exact=True).check()
    second_tab.get_by_role("button", name="Send my answers").click()
    second_tab.get_by_text("This survey has already been answered").wait_for()
    second_tab.close()
    page.goto(f"{live_server.url}{path}")
    assert "This survey has already been answered" in page.content()
    with firm_scope(firm):
        answer = SurveyResponse.objects.get(survey__matter=matter)
        assert ClientSurvey.objects.get(matter=matter).answered_at is not None
    assert (answer.score, answer.speed, answer.recommend, answer.source) == (5, 4, 9, "link")

    sign_in_demo(Role.PARTNER)
    page.goto(dashboard)
    assert int(_since_cells(page, "Surveys sent")[1]) == int(sent_before[1]) + 1
    assert int(_since_cells(page, "Responses (")[1]) == int(responses_before[1]) + 1  # counted once
    assert "Kept us informed at every step." in page.locator("body").inner_text()
