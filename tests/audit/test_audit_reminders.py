"""The daily nudge: one email per participant per day with nothing logged, in their own time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail

from audit.reminders import plan
from audit.services import audit_entry_create, audit_period_open
from firmops.messaging.reminders import reminders_plan_all_firms, reminders_send_due
from firmops.models import Reminder, Role
from firmops.tasks import send_due_reminders
from firmops.tenancy import firm_scope

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
MONDAY = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int, minute: int = 0, zone=NEW_YORK) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


@pytest.fixture
def week(firm, members, partner, engagement):
    """A Monday-to-Sunday audit; participants are the partner, the attorney and the paralegal."""
    return audit_period_open(firm=firm, actor=partner, engagement=engagement, starts_on=MONDAY, days=7)


def _recipients() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def test_each_silent_participant_gets_one_email_even_when_planner_and_relay_run_twice(firm, members, week):
    tuesday = MONDAY + dt.timedelta(days=1)
    audit_entry_create(
        firm=firm, actor=members[Role.PARALEGAL], period=week, description="E-filed notice of appearance",
        minutes=15, performed_on=tuesday,
    )  # fmt: skip
    evening = at(tuesday, 17, 30)
    assert plan(firm, evening) == 2
    assert plan(firm, evening + dt.timedelta(minutes=15)) == 0  # the next beat, or a retry
    assert reminders_plan_all_firms(now=evening) == 0  # a second beat process
    sent = reminders_send_due(firm=firm, now=evening) + reminders_send_due(firm=firm, now=evening)
    send_due_reminders.delay()  # and the real relay task on top
    assert sent == 2
    assert _recipients() == ["attorney@avery.test", "partner@avery.test"]
    assert "Tuesday, March 3" in mail.outbox[0].body and f"/periods/{week.pk}/log/" in mail.outbox[0].body


def test_nobody_is_nudged_before_their_working_day_ends(firm, week):
    assert plan(firm, at(MONDAY, 16, 59)) == 0
    firm.core_hours_end = dt.time(16, 30)
    firm.save()
    assert plan(firm, at(MONDAY, 16, 59)) == 3


def test_a_participant_in_another_time_zone_is_nudged_at_the_end_of_their_own_day(firm, members, week):
    attorney = members[Role.ATTORNEY]
    attorney.time_zone = "America/Los_Angeles"
    attorney.save()
    new_york_evening = at(MONDAY, 17, 30)  # 14:30 in Los Angeles
    plan(firm, new_york_evening)
    la_evening = at(MONDAY, 17, 30, zoneinfo.ZoneInfo("America/Los_Angeles"))
    plan(firm, la_evening)
    with firm_scope(firm):
        keys = dict(Reminder.objects.values_list("recipient__email", "due_at"))
    assert keys["partner@avery.test"] == new_york_evening
    assert keys["attorney@avery.test"] == la_evening


def test_each_working_day_gets_its_own_single_reminder(firm, week):
    for day in (MONDAY, MONDAY + dt.timedelta(days=1)):
        plan(firm, at(day, 18))
        plan(firm, at(day, 23))
    with firm_scope(firm):
        keys = sorted(
            Reminder.objects.filter(recipient__email="paralegal@avery.test").values_list(
                "dedupe_key", flat=True
            )
        )
    assert [k.rsplit(":", 1)[1] for k in keys] == ["2026-03-02", "2026-03-03"]


def test_no_nudge_on_a_weekend_or_outside_the_period(firm, week):
    saturday = MONDAY + dt.timedelta(days=5)
    assert plan(firm, at(saturday, 18)) == 0
    assert plan(firm, at(MONDAY - dt.timedelta(days=3), 18)) == 0  # the Friday before
    assert plan(firm, at(MONDAY + dt.timedelta(days=8), 18)) == 0  # the Tuesday after


def test_the_beat_job_plans_for_every_firm_through_the_registered_planner(firm, week):
    assert reminders_plan_all_firms(now=at(MONDAY, 18)) == 3
