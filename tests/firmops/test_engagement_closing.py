"""Closing an engagement asks first and says what stops (issue 16 item 5): the one-click post moves
nothing, the confirmed one closes it; a closed engagement's audit week nudges nobody."""

from __future__ import annotations

import datetime as dt
import html
import re

from audit.reminders import plan
from audit.services import audit_period_open
from firmops.models import Engagement, EngagementStageChange, Stage
from firmops.tenancy import firm_scope
from tests.factories import UserFactory


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _stage(firm, engagement) -> str:
    with firm_scope(firm):
        return Engagement.objects.get(pk=engagement.pk).stage


def test_move_to_closed_says_what_stops_and_closes_only_once_confirmed(client_for, firm, partner, engagement):
    outsider = UserFactory(email="elena@vendor.test", first_name="Elena", last_name="Novak")
    with firm_scope(firm):
        Engagement.objects.filter(pk=engagement.pk).update(stage=Stage.PERFORMING, external_user=outsider)
    client = client_for(partner)
    url = f"/f/avery/engagements/{engagement.pk}/"
    assert '<button type="submit">Move to Closed</button>' in client.get(url).content.decode()

    asked = client.post(url, {"to_stage": "closed", "reason": "Matter settled."})
    text = _text(asked)
    assert asked.status_code == 200
    assert "Close Avery audit 2026? It moves from Performing to Closed" in text
    assert "no new biweekly check-ins are scheduled" in text and "weekly report is no longer emailed" in text
    assert "Elena Novak, the outsourced professional, loses access at once" in text
    assert "An exit checklist opens for ops" in text
    assert 'name="reason" value="Matter settled."' in asked.content.decode()
    assert _stage(firm, engagement) == Stage.PERFORMING  # the one click moved nothing

    done = client.post(url, {"to_stage": "closed", "reason": "Matter settled.", "confirmed": "yes"})
    assert done.status_code == 302 and _stage(firm, engagement) == Stage.CLOSED
    with firm_scope(firm):
        change = EngagementStageChange.objects.filter(engagement=engagement).last()
    assert (change.from_stage, change.to_stage, change.reason) == ("performing", "closed", "Matter settled.")


def test_skipping_to_closed_without_a_reason_is_refused_before_asking(client_for, firm, partner, engagement):
    client = client_for(partner)
    url = f"/f/avery/engagements/{engagement.pk}/"
    refused = _text(client.post(url, {"to_stage": "closed", "reason": ""}))
    assert "Say why this engagement skips or goes back a stage." in refused and "What follows" not in refused
    asked = _text(client.post(url, {"to_stage": "closed", "reason": "Client withdrew."}))
    assert "It moves from Audit to Closed" in asked and _stage(firm, engagement) == Stage.AUDIT
    client.post(url, {"to_stage": "closed", "reason": "Client withdrew.", "confirmed": "yes"})
    assert _stage(firm, engagement) == Stage.CLOSED


def test_other_moves_need_no_confirmation(client_for, firm, partner, engagement):
    client_for(partner).post(f"/f/avery/engagements/{engagement.pk}/", {"to_stage": "vetting"})
    assert _stage(firm, engagement) == Stage.VETTING


def test_the_api_closes_in_one_call(client_for, firm, partner, engagement):
    with firm_scope(firm):
        Engagement.objects.filter(pk=engagement.pk).update(stage=Stage.PERFORMING)
    response = client_for(partner).post(
        f"/api/v1/firms/avery/engagements/{engagement.pk}/stage/",
        {"to_stage": "closed"},
        content_type="application/json",
    )
    assert response.status_code == 200 and _stage(firm, engagement) == Stage.CLOSED


def test_a_closed_engagements_audit_week_nudges_nobody(firm, members, partner, engagement):
    monday = dt.date(2026, 3, 2)
    audit_period_open(firm=firm, actor=partner, engagement=engagement, starts_on=monday, days=7)
    evening = dt.datetime.combine(monday, dt.time(17, 30), tzinfo=firm.zone)
    assert plan(firm, evening) == 3  # open: the three participants are nudged
    with firm_scope(firm):
        Engagement.objects.filter(pk=engagement.pk).update(stage=Stage.CLOSED)
    assert plan(firm, evening + dt.timedelta(days=1)) == 0
