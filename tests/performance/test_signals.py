"""Scaling signals fire on data built to trigger them, stay silent otherwise, are raised and emailed once."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from firmops.tasks import send_due_reminders
from firmops.tenancy import firm_scope
from performance.models import ScalingSignal
from performance.scaling import signals_evaluate
from performance.tasks import evaluate_scaling_signals
from tests.factories import MembershipFactory, UserFactory
from tests.performance.factories import audit_baseline, delivered, hours, open_item, select_professional

NOW = datetime(2026, 2, 11, 17, 0, tzinfo=UTC)  # Wednesday; completed weeks end with the one of Mon Feb 2


def at(month: int, day: int, hour: int = 15) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def pro(firm, engagement):
    return select_professional(firm, engagement, name="Elena Novak", capacity=40).professional


def kinds(firm, engagement, now=NOW) -> list[tuple[str, str]]:
    raised = signals_evaluate(firm=firm, engagement=engagement, now=now)
    return sorted((s.kind, s.key.split(":")[1]) for s in raised)


def week_of_hours(firm, engagement, pro, monday: datetime, total: float, category="document_review"):
    """Deliver `total` hours of work in the week starting `monday` (two items, Tuesday and Wednesday)."""
    delivered(
        firm,
        engagement,
        pro,
        assigned=monday + timedelta(days=1),
        turnaround_h=20,
        hours=total / 2,
        category=category,
    )
    delivered(
        firm,
        engagement,
        pro,
        assigned=monday + timedelta(days=2),
        turnaround_h=20,
        hours=total / 2,
        category=category,
    )


# --- (a) full capacity ----------------------------------------------------------------------------


def test_professional_at_90_percent_two_weeks_running_raises_full_capacity(firm, engagement, pro, members):
    week_of_hours(firm, engagement, pro, at(1, 26), 37)  # 92.5%
    week_of_hours(firm, engagement, pro, at(2, 2), 38)  # 95%
    (signal,) = signals_evaluate(firm=firm, engagement=engagement, now=NOW)
    assert signal.kind == ScalingSignal.Kind.FULL_CAPACITY
    assert "Elena Novak is at full capacity: 95% and 92% of 40 h" in signal.title
    weeks = signal.evidence["weeks"]
    assert [(w["week"], w["hours"], w["utilisation"]) for w in weeks[-2:]] == [
        ("2026-01-26", 37.0, 0.925),
        ("2026-02-02", 38.0, 0.95),
    ]


def test_one_full_week_or_a_busy_but_not_full_fortnight_raises_nothing(firm, engagement, pro, members):
    week_of_hours(firm, engagement, pro, at(1, 19), 39)
    week_of_hours(firm, engagement, pro, at(1, 26), 30)  # 75%: breaks the run
    week_of_hours(firm, engagement, pro, at(2, 2), 38)
    assert kinds(firm, engagement) == []


def test_the_current_unfinished_week_does_not_count_towards_full_capacity(firm, engagement, pro, members):
    week_of_hours(firm, engagement, pro, at(2, 2), 38)
    week_of_hours(firm, engagement, pro, at(2, 9), 38)  # this week (Feb 9–15) is still running on Feb 11
    assert kinds(firm, engagement, now=at(2, 12)) == []


# --- (b) new bottleneck ---------------------------------------------------------------------------


def test_a_category_whose_open_backlog_grew_two_weeks_running_is_a_new_bottleneck(
    firm, engagement, pro, members
):
    for day in (20, 27):
        open_item(firm, engagement, pro, assigned=at(1, day), category="medical_summaries")
    open_item(firm, engagement, pro, assigned=at(2, 3), category="medical_summaries")
    open_item(firm, engagement, pro, assigned=at(2, 4), category="medical_summaries")
    (signal,) = signals_evaluate(firm=firm, engagement=engagement, now=NOW)
    assert signal.kind == ScalingSignal.Kind.BOTTLENECK
    assert (
        signal.title
        == "Open Medical record summaries & chronologies work grew two weeks running (1 → 2 → 4 items)"
    )
    assert [w["open_items"] for w in signal.evidence["weeks"][-3:]] == [1, 2, 4]


def test_a_backlog_that_levels_off_is_not_a_bottleneck(firm, engagement, pro, members):
    open_item(firm, engagement, pro, assigned=at(1, 20), category="medical_summaries")
    open_item(firm, engagement, pro, assigned=at(1, 27), category="medical_summaries")
    open_item(firm, engagement, pro, assigned=at(2, 3), category="medical_summaries")
    delivered(
        firm, engagement, pro, assigned=at(1, 28), turnaround_h=150, hours=2, category="medical_summaries"
    )  # out Feb 3
    assert kinds(firm, engagement) == []  # 1 → 3 → 3


def test_turnaround_that_grew_two_weeks_running_is_a_new_bottleneck(firm, engagement, pro, members):
    for month, day, hours_taken in ((1, 20, 10), (1, 27, 20), (2, 3, 30)):
        delivered(
            firm,
            engagement,
            pro,
            assigned=at(month, day),
            turnaround_h=hours_taken,
            hours=2,
            category="legal_research",
        )
    (signal,) = signals_evaluate(firm=firm, engagement=engagement, now=NOW)
    assert signal.title == "Legal research & memos turnaround grew two weeks running (10 → 20 → 30 h)"


def test_turnaround_that_rose_then_fell_is_not_a_bottleneck(firm, engagement, pro, members):
    for month, day, hours_taken in ((1, 20, 10), (1, 27, 30), (2, 3, 20)):
        delivered(
            firm,
            engagement,
            pro,
            assigned=at(month, day),
            turnaround_h=hours_taken,
            hours=2,
            category="legal_research",
        )
    assert kinds(firm, engagement) == []


def test_a_hit_list_category_attorneys_still_do_more_of_than_the_professional_is_a_bottleneck(
    firm, engagement, pro, members
):
    attorney = members["attorney"]
    audit_baseline(firm, engagement, attorney, weekly_hours=10, category="legal_research")
    hours(firm, engagement, attorney, date(2026, 1, 27), 5, category="legal_research")
    hours(firm, engagement, attorney, date(2026, 2, 3), 6, category="legal_research")
    delivered(firm, engagement, pro, assigned=at(1, 26), turnaround_h=20, hours=1, category="legal_research")
    delivered(firm, engagement, pro, assigned=at(2, 2), turnaround_h=20, hours=1, category="legal_research")
    (signal,) = signals_evaluate(firm=firm, engagement=engagement, now=NOW)
    assert (
        "Legal research & memos is still done mostly by attorneys "
        "(6.0 h by attorneys vs 1.0 h delegated last week)" in signal.title
    )
    assert signal.evidence["audit_attorney_share"] == 1.0


def test_a_hit_list_category_mostly_delegated_raises_nothing(firm, engagement, pro, members):
    attorney = members["attorney"]
    audit_baseline(firm, engagement, attorney, weekly_hours=10, category="legal_research")
    hours(firm, engagement, attorney, date(2026, 1, 27), 2, category="legal_research")
    hours(firm, engagement, attorney, date(2026, 2, 3), 2, category="legal_research")
    delivered(firm, engagement, pro, assigned=at(1, 26), turnaround_h=20, hours=8, category="legal_research")
    delivered(firm, engagement, pro, assigned=at(2, 2), turnaround_h=20, hours=8, category="legal_research")
    assert kinds(firm, engagement) == []


# --- (c) attorneys slipping back ------------------------------------------------------------------


def _weekly_attorney_hours(firm, engagement, attorney, values):
    for monday, value in zip((date(2026, 1, 19), date(2026, 1, 26), date(2026, 2, 2)), values, strict=True):
        hours(firm, engagement, attorney, monday, value)


def test_attorney_hours_rising_two_weeks_to_80_percent_of_baseline_is_slipping_back(
    firm, engagement, pro, members
):
    attorney = members["attorney"]
    audit_baseline(firm, engagement, attorney, weekly_hours=20)
    _weekly_attorney_hours(firm, engagement, attorney, (10, 14, 17))
    (signal,) = signals_evaluate(firm=firm, engagement=engagement, now=NOW)
    assert signal.kind == ScalingSignal.Kind.SLIPPING_BACK
    assert signal.title == (
        "Attorneys are slipping back: non-billable hours rose two weeks running to 17.0 h "
        "(85% of the 20.00 h audit baseline)"
    )
    assert signal.evidence["baseline_hours_per_week"] == 20.0


@pytest.mark.parametrize(
    "values", [(10, 12, 14), (18, 17, 19)], ids=["rising-but-well-below-baseline", "high-but-not-rising"]
)
def test_attorney_hours_that_are_low_or_not_rising_are_not_slipping_back(
    firm, engagement, pro, members, values
):
    attorney = members["attorney"]
    audit_baseline(firm, engagement, attorney, weekly_hours=20)
    _weekly_attorney_hours(firm, engagement, attorney, values)
    assert kinds(firm, engagement) == []


# --- once, emailed once, acted on -----------------------------------------------------------------


def test_a_signal_is_raised_once_and_emailed_to_each_partner_once(
    firm, engagement, pro, members, django_capture_on_commit_callbacks
):
    second_partner = UserFactory(email="second.partner@avery.test")
    with firm_scope(firm):
        MembershipFactory(firm=firm, user=second_partner, role="partner")
    week_of_hours(firm, engagement, pro, at(1, 26), 37)
    week_of_hours(firm, engagement, pro, at(2, 2), 38)
    with django_capture_on_commit_callbacks(execute=True):
        assert len(signals_evaluate(firm=firm, engagement=engagement, now=NOW)) == 1
        assert signals_evaluate(firm=firm, engagement=engagement, now=NOW) == []
        week_of_hours(firm, engagement, pro, at(2, 9), 39)  # the run goes on a third week: same alert
        assert signals_evaluate(firm=firm, engagement=engagement, now=NOW + timedelta(days=7)) == []
        send_due_reminders.delay()
        send_due_reminders.delay()
    with firm_scope(firm):
        assert ScalingSignal.objects.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["partner@avery.test", "second.partner@avery.test"]
    assert all(
        "Time to scale? Professional at full capacity" in m.subject and "utilisation" in m.body
        for m in mail.outbox
    )


def test_the_daily_beat_task_evaluates_every_firm_in_its_own_scope(
    firm, other_firm, engagement, other_engagement, pro, members
):
    for eng in (engagement, other_engagement):
        with firm_scope(eng.firm_id):
            eng.stage = "performing"
            eng.save(update_fields=["stage"])
    other_pro = select_professional(other_firm, other_engagement, name="Blackwood Pro").professional
    now = datetime.now(UTC)
    monday = datetime.combine(
        now.date() - timedelta(days=now.weekday()), datetime.min.time(), tzinfo=UTC
    ) + timedelta(hours=12)
    for f, e, p in ((firm, engagement, pro), (other_firm, other_engagement, other_pro)):
        week_of_hours(f, e, p, monday - timedelta(days=14), 38)
        week_of_hours(f, e, p, monday - timedelta(days=7), 38)
    evaluate_scaling_signals.delay()
    evaluate_scaling_signals.delay()
    for f in (firm, other_firm):
        with firm_scope(f):
            assert list(ScalingSignal.objects.values_list("kind", flat=True)) == ["full_capacity"]


def test_a_partner_acknowledges_then_dismisses_a_signal_and_others_cannot(
    firm, engagement, pro, members, client_for
):
    week_of_hours(firm, engagement, pro, at(1, 26), 37)
    week_of_hours(firm, engagement, pro, at(2, 2), 38)
    (signal,) = signals_evaluate(firm=firm, engagement=engagement, now=NOW)
    url = f"/f/avery/performance/signals/{signal.pk}/"
    assert client_for(members["attorney"]).post(url, {"action": "dismiss"}).status_code == 403
    client = client_for(members["partner"])
    page = client.post(url, {"action": "acknowledge"}, follow=True)
    assert "Signal acknowledged." in page.content.decode()
    page = client.get(f"/f/avery/performance/engagements/{engagement.pk}/signals/")
    body = page.content.decode()
    assert (
        "Acknowledged" in body and "&quot;utilisation&quot;: 0.95" in body
    )  # the evidence JSON is on the page
    client.post(url, {"action": "dismiss"})
    with firm_scope(firm):
        signal.refresh_from_db()
    assert signal.status == "dismissed" and signal.acted_by == members["partner"]
