"""Biweekly check-ins: DST-safe schedule, agenda with carried-over actions, moves, reminders, ICS feed."""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from firmops.messaging.reminders import reminders_plan_all_firms
from firmops.tasks import send_due_reminders
from firmops.tenancy import firm_scope
from performance import checkins as svc
from performance.ics import escape, fold
from performance.models import CheckIn
from tests.performance.factories import plan, select_professional

NY = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def performing(firm, engagement, members):
    """The engagement in the performing stage, its professional with an account."""
    with firm_scope(firm):
        engagement.stage, engagement.external_user = "performing", members["external"]
        engagement.save(update_fields=["stage", "external_user"])
    select_professional(
        firm, engagement, user=members["external"], selected_at=datetime(2026, 2, 9, 16, tzinfo=UTC)
    )
    return engagement


def test_check_ins_stay_at_10_local_across_both_daylight_saving_changes(firm, performing):
    plan(firm, performing, date(2026, 2, 9))
    created = svc.checkins_schedule(
        firm=firm, engagement=performing, now=datetime(2026, 2, 1, tzinfo=UTC), horizon=timedelta(days=300)
    )
    local = [c.scheduled_at.astimezone(NY) for c in created]
    assert {t.time() for t in local} == {time(10, 0)}
    assert all((b.date() - a.date()).days == 14 for a, b in zip(local, local[1:], strict=False))
    by_day = {t.date(): c.scheduled_at for t, c in zip(local, created, strict=True)}
    assert by_day[date(2026, 2, 23)] == datetime(2026, 2, 23, 15, 0, tzinfo=UTC)  # EST, UTC−5
    assert by_day[date(2026, 3, 9)] == datetime(
        2026, 3, 9, 14, 0, tzinfo=UTC
    )  # the day after spring forward: EDT, UTC−4
    assert by_day[date(2026, 10, 19)] == datetime(2026, 10, 19, 14, 0, tzinfo=UTC)
    assert by_day[date(2026, 11, 2)] == datetime(
        2026, 11, 2, 15, 0, tzinfo=UTC
    )  # the day after fall back: EST again


def test_the_schedule_starts_two_weeks_after_the_selection_date_and_scheduling_twice_adds_nothing(
    firm, performing
):
    now = datetime(2026, 2, 10, tzinfo=UTC)
    first = svc.checkins_schedule(firm=firm, engagement=performing, now=now)
    again = svc.checkins_schedule(firm=firm, engagement=performing, now=now)
    assert [c.scheduled_at.astimezone(NY).date() for c in first] == [date(2026, 2, 23), date(2026, 3, 9)]
    assert again == []
    assert all(c.duration_minutes == 15 for c in first)


def test_a_check_in_cannot_be_moved_into_the_past_and_keeps_its_time(firm, performing, members, client_for):
    plan(firm, performing, date(2026, 2, 9))
    (checkin, *_) = svc.checkins_schedule(
        firm=firm, engagement=performing, now=datetime(2026, 2, 10, tzinfo=UTC)
    )
    with pytest.raises(ValidationError) as exc:
        svc.checkin_reschedule(
            firm=firm,
            actor=None,
            checkin=checkin,
            scheduled_at=datetime(2026, 2, 9, 15, tzinfo=UTC),
            now=datetime(2026, 2, 10, tzinfo=UTC),
        )
    assert "scheduled_at" in exc.value.message_dict
    page = client_for(members["partner"]).post(
        f"/f/avery/performance/checkins/{checkin.pk}/", {"action": "move", "scheduled_at": "2020-01-06T10:00"}
    )
    assert "cannot be moved into the past" in page.content.decode()
    with firm_scope(firm):
        checkin.refresh_from_db()
    assert checkin.scheduled_at == datetime(2026, 2, 23, 15, tzinfo=UTC) and checkin.revision == 0


def test_moving_a_check_in_keeps_the_wall_clock_of_the_member_and_bumps_its_calendar_sequence(
    firm, performing, members, client_for
):
    plan(firm, performing, date(2026, 2, 9))
    now = datetime.now(UTC)
    svc.checkins_schedule(
        firm=firm,
        engagement=performing,
        now=now,
        since=now - timedelta(days=400),
        horizon=timedelta(days=400),
    )
    with firm_scope(firm):
        checkin = (
            CheckIn.objects.filter(scheduled_at__gt=now + timedelta(days=2)).order_by("scheduled_at").first()
        )
    target = (checkin.scheduled_at.astimezone(NY) + timedelta(days=1)).replace(hour=11, minute=30)
    client_for(members["partner"]).post(
        f"/f/avery/performance/checkins/{checkin.pk}/",
        {"action": "move", "scheduled_at": target.strftime("%Y-%m-%dT%H:%M")},
    )
    with firm_scope(firm):
        checkin.refresh_from_db()
    assert checkin.scheduled_at.astimezone(NY).replace(tzinfo=None) == target.replace(tzinfo=None)
    assert checkin.revision == 1


def test_action_items_come_back_on_the_next_agenda_until_done(firm, performing, members):
    plan(firm, performing, date(2026, 1, 12))
    first, second, third = svc.checkins_schedule(
        firm=firm, engagement=performing, now=datetime(2026, 1, 12, tzinfo=UTC), horizon=timedelta(days=43)
    )
    partner = members["partner"]
    svc.checkin_record(
        firm=firm,
        actor=partner,
        checkin=first,
        what_working="Drafts arrive early",
        roadblocks="No access to the DMS",
        improvements="Share the template library",
        new_actions=["Give Elena DMS access", "Share the template library"],
        now=first.scheduled_at + timedelta(minutes=20),
    )
    with firm_scope(firm):
        agenda = svc.agenda(firm=firm, checkin=second)
    assert [q for _, q, _ in agenda.questions] == [
        "What's working well?",
        "Where are the roadblocks?",
        "What can we improve for next week?",
    ]
    assert [a.text for a in agenda.carried] == ["Give Elena DMS access", "Share the template library"]
    dms = agenda.carried[0]
    svc.checkin_record(
        firm=firm,
        actor=partner,
        checkin=second,
        done_action_ids=[dms.pk],
        now=second.scheduled_at + timedelta(minutes=15),
    )
    with firm_scope(firm):
        assert [a.text for a in svc.agenda(firm=firm, checkin=third).carried] == [
            "Share the template library"
        ]
        assert (
            "[x] Give Elena DMS access" in svc.agenda(firm=firm, checkin=second).as_text()
        )  # done where ticked
        first.refresh_from_db()
    assert first.status == "done" and first.roadblocks == "No access to the DMS"


def test_the_dashboard_counts_the_action_items_each_upcoming_check_in_carries_over(
    firm, performing, members, client_for
):
    today = timezone.now()  # the dashboard shows the check-ins ahead of the real clock
    plan(firm, performing, today.date())
    first, second, third = svc.checkins_schedule(
        firm=firm, engagement=performing, now=today, horizon=timedelta(days=43)
    )
    svc.checkin_record(
        firm=firm,
        actor=members["partner"],
        checkin=first,
        new_actions=["Give Elena DMS access", "Share the template library", "Book the kickoff"],
        now=first.scheduled_at + timedelta(minutes=20),
    )
    with firm_scope(firm):
        dms, library, _ = first.raised_items.order_by("pk")
    # Ticked off between the second and the third check-in: still on the second's agenda.
    svc.action_item_complete(firm=firm, actor=None, item=dms, now=second.scheduled_at + timedelta(days=1))
    svc.action_item_complete(firm=firm, actor=None, item=library, now=second.scheduled_at - timedelta(days=1))
    with firm_scope(firm):
        rows = svc.upcoming(firm=firm, engagement=performing, now=today, with_carried=True)
        agendas = svc.agendas_for(firm=firm, engagement=performing, checkins=rows)
    assert [c.pk for c in rows] == [second.pk, third.pk]
    assert [c.carried_count for c in rows] == [len(agendas[c.pk].carried) for c in rows] == [2, 1]
    body = client_for(members["partner"]).get(f"/f/avery/performance/engagements/{performing.pk}/")
    assert "2 action item(s) carried over" in body.content.decode()


def test_a_check_in_that_has_not_happened_cannot_be_written_up(firm, performing):
    plan(firm, performing, date(2026, 2, 9))
    (checkin, *_) = svc.checkins_schedule(
        firm=firm, engagement=performing, now=datetime(2026, 2, 10, tzinfo=UTC)
    )
    with pytest.raises(ValidationError) as exc:
        svc.checkin_record(
            firm=firm, actor=None, checkin=checkin, notes="x", now=datetime(2026, 2, 10, tzinfo=UTC)
        )
    assert "scheduled_at" in exc.value.message_dict


def test_a_reminder_goes_out_a_day_before_each_check_in_once_to_partner_and_professional(
    firm, performing, members
):
    plan(firm, performing, date(2026, 2, 9))
    now = datetime(2026, 2, 22, 16, 0, tzinfo=UTC)  # 23 hours before check-in 1
    assert reminders_plan_all_firms(now=now) == 2
    assert reminders_plan_all_firms(now=now + timedelta(minutes=15)) == 0
    send_due_reminders.delay()
    assert sorted(m.to[0] for m in mail.outbox) == ["external@avery.test", "partner@avery.test"]
    message = mail.outbox[0]
    assert message.subject == "Check-in tomorrow: Avery audit 2026"
    assert "Monday Feb 23, 2026 at 10:00 AM (America/New_York)" in message.body
    assert "2. Where are the roadblocks?" in message.body


def test_a_moved_check_in_gets_a_reminder_for_its_new_time(firm, performing, members):
    plan(firm, performing, date(2026, 2, 9))
    now = datetime(2026, 2, 22, 16, 0, tzinfo=UTC)
    reminders_plan_all_firms(now=now)
    with firm_scope(firm):
        checkin = CheckIn.objects.get(sequence=1)
    svc.checkin_reschedule(
        firm=firm, actor=None, checkin=checkin, scheduled_at=datetime(2026, 2, 23, 18, tzinfo=UTC), now=now
    )
    assert (
        reminders_plan_all_firms(now=now + timedelta(minutes=15)) == 0
    )  # 18:00 tomorrow is more than a day away
    assert reminders_plan_all_firms(now=now + timedelta(hours=2, minutes=15)) == 2
    send_due_reminders.delay()
    assert sum("1:00 PM" in m.body for m in mail.outbox) == 2  # the new time, 13:00 in New York


def test_the_ics_feed_lists_check_ins_in_utc_with_escaped_agenda_and_folded_lines(
    firm, performing, members, client_for
):
    plan(firm, performing, date(2026, 2, 9))
    with firm_scope(firm):
        performing.name = (
            "Smith, Jones; and the \\ backslash — litigation support for the whole of the commercial group"
        )
        performing.save(update_fields=["name"])
    svc.checkins_schedule(firm=firm, engagement=performing, now=datetime(2026, 2, 10, tzinfo=UTC))
    response = client_for(members["external"]).get(
        f"/f/avery/performance/engagements/{performing.pk}/checkins.ics"
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    unfolded = raw.decode().replace("\r\n ", "")
    assert "DTSTART:20260223T150000Z" in unfolded and "DTEND:20260223T151500Z" in unfolded
    assert "SUMMARY:Check-in 1: Smith\\, Jones\\; and the \\\\ backslash" in unfolded
    assert (
        "DESCRIPTION:1. What's working well? Start with the positives.\\n2. Where are the roadblocks?"
        in unfolded
    )
    assert unfolded.count("BEGIN:VEVENT") == 2


def test_ics_escaping_and_folding_follow_rfc_5545():
    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 100)
    parts = folded.split("\r\n ")
    assert all(len(p.encode()) <= (75 if i == 0 else 74) for i, p in enumerate(parts))
    assert "".join(parts) == "DESCRIPTION:" + "é" * 100  # no character split across lines
