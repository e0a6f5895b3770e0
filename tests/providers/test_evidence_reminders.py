"""Expiry that acts (issue 18 item 2): ops and the engagement's partner are reminded 30 and 7 days before
a document lapses, once each, at the start of the firm's working day in its time zone, through the
reminder rows (none lost, none doubled), daylight-saving change included; and yearly re-vetting."""

from __future__ import annotations

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from firmops.messaging.reminders import reminders_plan_all_firms, reminders_send_due
from firmops.models import Notification, Reminder, Role
from firmops.tenancy import firm_scope
from providers.evidence.reminders import EXPIRY_KIND, REVET_KIND
from providers.evidence.services import evidence_add
from providers.models import Questionnaire, Selection
from tests.providers.evidence_files import pdf_upload

UTC = datetime.UTC
DAY = datetime.timedelta(days=1)
NEW_YORK = ZoneInfo("America/New_York")  # the firm's zone; clocks went forward on March 8, 2026


def _hours(start: datetime.datetime, end: datetime.datetime, step: int = 1):
    while start <= end:
        yield start
        start += datetime.timedelta(hours=step)


def _around(*days: datetime.datetime, first: datetime.datetime, last: datetime.datetime):
    """Every midnight UTC from first to last, and each hour from 10:00 to 16:00 UTC on the given days:
    where 09:00 in New York falls, in winter (14:00) and in summer time (13:00)."""
    hours = {d.replace(hour=h) for d in days for h in range(10, 17)}
    return sorted(set(_hours(first, last, 24)) | hours)


def _beat(firm, moments) -> dict[str, datetime.datetime]:
    """Run the planner twice (two beat processes) and the relay at each moment; subject → when sent."""
    sent_at = {}
    for now in moments:
        reminders_plan_all_firms(now=now)
        reminders_plan_all_firms(now=now)
        before = len(mail.outbox)
        reminders_send_due(firm=firm, now=now)
        for message in mail.outbox[before:]:
            sent_at[f"{message.to[0]} | {message.subject}"] = now
    return sent_at


@pytest.fixture
def insured(firm, members, engagement, platform, ops):
    """Meridian (on the partner's engagement) with an E&O certificate lapsing March 20, 2026."""
    assert firm.time_zone == "America/New_York" and firm.core_hours_start == datetime.time(9)
    return evidence_add(
        firm=firm,
        kind="liability_insurance",
        file=pdf_upload("eo.pdf"),
        issued_on=datetime.date(2025, 3, 20),
        expires_on=datetime.date(2026, 3, 20),
        provider=platform,
        actor=ops,
    )


def test_expiry_reminders_go_out_once_at_30_and_7_days_at_9_local_across_the_dst_change(
    firm, members, insured
):
    # 30 days before: Feb 18, 09:00 EST = 14:00 UTC. 7 days before: Mar 13, 09:00 EDT = 13:00 UTC.
    moments = _around(
        datetime.datetime(2026, 2, 18, tzinfo=UTC),
        datetime.datetime(2026, 3, 13, tzinfo=UTC),
        first=datetime.datetime(2026, 2, 14, tzinfo=UTC),
        last=datetime.datetime(2026, 3, 22, tzinfo=UTC),
    )
    sent = _beat(firm, moments)
    ops, partner = members[Role.OPS].email, members[Role.PARTNER].email
    label = "Professional liability (E&O) insurance certificate of Meridian Legal Talent"
    assert sent == {
        f"{ops} | {label} expires in 30 days (March 20, 2026)": datetime.datetime(
            2026, 2, 18, 14, tzinfo=UTC
        ),
        f"{partner} | {label} expires in 30 days (March 20, 2026)": datetime.datetime(
            2026, 2, 18, 14, tzinfo=UTC
        ),
        f"{ops} | {label} expires in 7 days (March 20, 2026)": datetime.datetime(2026, 3, 13, 13, tzinfo=UTC),
        f"{partner} | {label} expires in 7 days (March 20, 2026)": datetime.datetime(
            2026, 3, 13, 13, tzinfo=UTC
        ),
    }
    with firm_scope(firm):
        rows = list(Reminder.objects.filter(kind=EXPIRY_KIND))
        bells = Counter(n.recipient.email for n in Notification.objects.filter(kind=EXPIRY_KIND))
    assert len(rows) == 4 and all(r.sent_at for r in rows)
    assert {r.due_at.astimezone(NEW_YORK).time() for r in rows} == {datetime.time(9)}
    assert bells == {ops: 2, partner: 2}  # the bell too; nobody else (the paralegal) is told


def test_a_document_kept_inside_the_window_gets_only_the_reminders_still_ahead(firm, members, platform, ops):
    document = evidence_add(
        firm=firm,
        kind="cyber_insurance",
        file=pdf_upload(),
        expires_on=datetime.date(2026, 6, 30),
        provider=platform,
        actor=ops,
    )
    # Kept on June 10 (20 days left): the 30-day reminder goes out at once, saying 20 days.
    sent = _beat(
        firm,
        _hours(datetime.datetime(2026, 6, 10, 15, tzinfo=UTC), datetime.datetime(2026, 7, 2, tzinfo=UTC), 24),
    )
    subjects = sorted(s.split(" | ")[1] for s in sent if s.startswith(ops.email))
    assert subjects == [
        "Cyber insurance certificate of Meridian Legal Talent expires in 20 days (June 30, 2026)",
        "Cyber insurance certificate of Meridian Legal Talent expires in 7 days (June 30, 2026)",
    ]
    assert document.pk


def test_replacing_a_document_stops_the_reminders_about_the_earlier_version(firm, members, insured, ops):
    reminders_plan_all_firms(now=datetime.datetime(2026, 2, 17, 15, tzinfo=UTC))  # planned, due tomorrow
    with firm_scope(firm):
        assert Reminder.objects.filter(kind=EXPIRY_KIND, sent_at__isnull=True).count() == 2
    evidence_add(
        firm=firm,
        kind="liability_insurance",
        file=pdf_upload("eo-2027.pdf"),
        expires_on=datetime.date(2027, 3, 20),
        provider=insured.provider,
        actor=ops,
    )
    sent = _beat(
        firm,
        _hours(
            datetime.datetime(2026, 2, 17, 16, tzinfo=UTC), datetime.datetime(2026, 3, 21, tzinfo=UTC), 24
        ),
    )
    assert sent == {}
    with firm_scope(firm):
        assert not Reminder.objects.filter(kind=EXPIRY_KIND).exists()


def test_a_selected_provider_is_due_for_re_vetting_a_year_after_it_was_last_vetted(
    firm, members, engagement, platform, make_professional, ops, partner
):
    elena = make_professional(platform, "Elena Novak")
    with firm_scope(firm):
        Selection.objects.create(
            firm=firm,
            engagement=engagement,
            provider=platform,
            professional=elena,
            rationale="Best answers.",
            selected_by=partner,
            selected_at=datetime.datetime(2026, 1, 10, 18, tzinfo=UTC),
        )
    january_10 = datetime.datetime(2027, 1, 10, tzinfo=UTC)
    sent = _beat(firm, _around(january_10, first=january_10 - 2 * DAY, last=january_10 + 2 * DAY))
    subject = "Time to re-vet Meridian Legal Talent: send the questionnaire again"
    assert sent == {
        f"{ops.email} | {subject}": datetime.datetime(2027, 1, 10, 14, tzinfo=UTC),
        f"{partner.email} | {subject}": datetime.datetime(2027, 1, 10, 14, tzinfo=UTC),
    }
    # Sent again in January 2027: the next reminder is a year after that, not sooner.
    with firm_scope(firm):
        Questionnaire.objects.create(
            firm=firm,
            provider=platform,
            template_name="Built-in",
            sent_to="dana@vendor.test",
            sent_at=datetime.datetime(2027, 1, 15, 15, tzinfo=UTC),
            expires_at=datetime.datetime(2027, 1, 29, 15, tzinfo=UTC),
            submitted_at=datetime.datetime(2027, 1, 20, 15, tzinfo=UTC),
        )
    assert (
        _beat(
            firm,
            _hours(
                datetime.datetime(2027, 1, 16, tzinfo=UTC),
                datetime.datetime(2028, 1, 13, tzinfo=UTC),
                24 * 30,
            ),
        )
        == {}
    )
    january_15 = datetime.datetime(2028, 1, 15, tzinfo=UTC)
    later = _beat(firm, _around(january_15, first=january_15 - DAY, last=january_15 + DAY))
    assert set(later.values()) == {datetime.datetime(2028, 1, 15, 14, tzinfo=UTC)}
    with firm_scope(firm):
        assert Reminder.objects.filter(kind=REVET_KIND).count() == 4
