"""Turnaround, utilisation, case velocity, satisfaction and ROI, checked against hand-worked figures."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from firmops.tenancy import firm_scope
from performance import selectors as s
from performance.dashboard import engagement_performance
from performance.models import Matter, SurveyResponse
from performance.workload import workload
from tests.performance.factories import audit_baseline, delivered, hours, open_item, plan, select_professional
from tests.performance.recount import by_hand, by_month

NOW = datetime(2026, 2, 11, 17, 0, tzinfo=UTC)  # a Wednesday; last completed week began Mon Feb 2


def at(month: int, day: int, hour: int = 15) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def pro(firm, engagement):
    return select_professional(firm, engagement, capacity=40, rate="40").professional


def test_turnaround_per_category_is_the_average_hours_from_assignment_to_delivery_week_by_week(
    firm, engagement, pro
):
    delivered(firm, engagement, pro, assigned=at(1, 27), turnaround_h=24, hours=3)
    delivered(firm, engagement, pro, assigned=at(1, 27), turnaround_h=48, hours=4)
    delivered(firm, engagement, pro, assigned=at(2, 3), turnaround_h=12, hours=2)
    delivered(firm, engagement, pro, assigned=at(2, 3), turnaround_h=30, hours=5, category="legal_research")
    open_item(firm, engagement, pro, assigned=at(2, 3), due=at(2, 5), category="legal_research")
    with firm_scope(firm):
        win = s.window(firm=firm, now=NOW, weeks=4)
        work = workload(firm=firm, engagement=engagement, win=win, since=win.weeks[0], now=NOW)
        rows = {r.category: r for r in work.turnaround}
    assert win.weeks == [date(2026, 1, 19), date(2026, 1, 26), date(2026, 2, 2), date(2026, 2, 9)]
    review = rows["document_review"]
    assert review.label == "Document review & production"
    assert review.avg_hours == Decimal("28.00")  # (24 + 48 + 12) / 3
    assert review.weekly_avg == [None, Decimal("36.00"), Decimal("12.00"), None]
    assert review.weekly_delivered == [0, 2, 1, 0]
    research = rows["legal_research"]
    assert research.avg_hours == Decimal("30.00")
    assert research.backlog == [
        0,
        0,
        1,
        1,
    ]  # the open item, assigned Feb 3, still open at each later week's end


def test_turnaround_trend_says_faster_when_the_last_four_weeks_beat_the_four_before(firm, engagement, pro):
    for day in (6, 13, 20, 27):  # January: 40 h each
        delivered(firm, engagement, pro, assigned=at(1, day), turnaround_h=40, hours=1)
    for month, day in ((2, 3), (2, 10)):  # February: 20 h each
        delivered(firm, engagement, pro, assigned=at(month, day), turnaround_h=20, hours=1)
    with firm_scope(firm):
        perf = engagement_performance(
            firm=firm, engagement=engagement, now=datetime(2026, 2, 25, 17, tzinfo=UTC), weeks=8
        )
    row = perf.turnaround[0]
    assert row.trend == "faster"
    assert perf.recent_turnaround == Decimal("20.00") and perf.earlier_turnaround == Decimal("40.00")


def test_utilisation_is_hours_delivered_in_the_week_over_weekly_capacity(firm, engagement, pro):
    delivered(firm, engagement, pro, assigned=at(2, 2), turnaround_h=20, hours=12)
    delivered(firm, engagement, pro, assigned=at(2, 4), turnaround_h=20, hours=8)
    with firm_scope(firm):
        win = s.window(firm=firm, now=NOW, weeks=6)
        assert win.weeks[0] == date(2026, 1, 5)
        (weeks,) = workload(
            firm=firm, engagement=engagement, win=win, since=win.weeks[0], now=NOW
        ).professionals
    assert weeks.hours == {date(2026, 2, 2): Decimal("20.00")}
    assert weeks.utilisation(date(2026, 2, 2)) == Decimal("0.500")
    assert weeks.utilisation(date(2026, 1, 26)) == Decimal("0.000")


def test_roi_is_recovered_attorney_hours_times_the_rate_minus_outsourcing_cost_per_month_and_cumulative(
    firm, engagement, pro, members
):
    attorney = members["attorney"]
    audit_baseline(firm, engagement, attorney, weekly_hours=20)
    plan(firm, engagement, date(2026, 1, 5))
    for day, amount in (
        (date(2026, 1, 5), 6),
        (date(2026, 1, 6), 6),
        (date(2026, 1, 13), 10),
        (date(2026, 1, 27), 15),
        (date(2026, 2, 3), 8),
        (date(2026, 2, 10), 5),
    ):
        hours(firm, engagement, attorney, day, amount)
    delivered(firm, engagement, pro, assigned=at(1, 6), turnaround_h=24, hours=10)
    delivered(firm, engagement, pro, assigned=at(1, 27), turnaround_h=24, hours=5)
    delivered(firm, engagement, pro, assigned=at(2, 3), turnaround_h=24, hours=20)
    delivered(
        firm, engagement, pro, assigned=at(2, 9), turnaround_h=24, hours=7
    )  # this week: not complete, not counted
    with firm_scope(firm):
        perf = engagement_performance(firm=firm, engagement=engagement, now=NOW)
    roi = perf.roi
    assert roi.basis == "baseline" and perf.baseline == Decimal("20.00")
    january, february = roi.months
    # January: weeks of Jan 5, 12, 19 (nobody logged: counts nothing), 26 → (20−12)+(20−10)+(20−15) = 23 h
    assert (january.month, january.recovered_hours, january.value, january.cost) == (
        date(2026, 1, 1),
        Decimal("23.00"),
        Decimal("9200.00"),
        Decimal("600.00"),
    )
    assert january.net == Decimal("8600.00") and january.cumulative_net == Decimal("8600.00")
    # February: week of Feb 2 → 20−8 = 12 h × $400 = $4,800, minus 20 h × $40 = $800
    assert (february.recovered_hours, february.value, february.cost, february.net) == (
        Decimal("12.00"),
        Decimal("4800.00"),
        Decimal("800.00"),
        Decimal("4000.00"),
    )
    assert february.cumulative_net == Decimal("12600.00")
    assert january.associate_cost == Decimal("10833.33") and february.cumulative_associate_cost == Decimal(
        "21666.66"
    )
    assert (roi.recovered_hours, roi.value, roi.cost, roi.net) == (
        Decimal("35.00"),
        Decimal("14000.00"),
        Decimal("1400.00"),
        Decimal("12600.00"),
    )
    assert roi.through == date(2026, 2, 8)


def test_without_an_audit_baseline_roi_counts_delegated_hours_and_says_so(firm, engagement, pro):
    plan(firm, engagement, date(2026, 2, 2))
    delivered(firm, engagement, pro, assigned=at(2, 3), turnaround_h=24, hours=10)
    with firm_scope(firm):
        perf = engagement_performance(firm=firm, engagement=engagement, now=NOW)
    assert perf.roi.basis == "delegated"
    assert perf.roi.net == Decimal("10") * 400 - Decimal("10") * 40


def test_case_velocity_compares_median_days_of_matters_opened_before_and_after_work_began(
    firm, engagement, pro
):
    plan(firm, engagement, date(2026, 1, 5))
    spans = [
        (date(2025, 10, 1), date(2025, 11, 30)),
        (date(2025, 11, 1), date(2025, 12, 11)),
        (date(2025, 12, 1), date(2026, 1, 20)),
        (date(2026, 1, 6), date(2026, 1, 26)),
        (date(2026, 1, 10), date(2026, 2, 9)),
        (date(2026, 1, 12), None),
    ]
    with firm_scope(firm):
        for n, (intake, resolved) in enumerate(spans):
            Matter.objects.create(
                firm=firm,
                engagement=engagement,
                reference=f"M-{n}",
                name="Matter",
                intake_on=intake,
                resolved_on=resolved,
            )
        perf = engagement_performance(firm=firm, engagement=engagement, now=NOW)
    v = perf.velocity
    assert (v.before_median_days, v.after_median_days) == (50, 25)  # medians of 60/40/50 and 20/30
    assert (v.before_resolved, v.after_resolved, v.open_matters) == (3, 2, 1)
    assert v.change_days == -25


def test_client_satisfaction_averages_scores_overall_and_per_week(firm, engagement, pro):
    with firm_scope(firm):
        matter = Matter.objects.create(
            firm=firm, engagement=engagement, reference="M-1", name="Smith", intake_on=date(2026, 1, 2)
        )
        for day, score in ((date(2026, 1, 20), 3), (date(2026, 2, 3), 4), (date(2026, 2, 4), 5)):
            SurveyResponse.objects.create(
                firm=firm, engagement=engagement, matter=matter, score=score, received_on=day, comment="ok"
            )
        sat = s.satisfaction(firm=firm, engagement=engagement, win=s.window(firm=firm, now=NOW, weeks=4))
    assert sat.average == Decimal("4.00") and sat.responses == 3
    assert sat.weekly == [Decimal("3.00"), None, Decimal("4.50"), None]


def test_the_dashboard_reads_the_same_figures_from_the_rollups_as_from_the_rows_themselves(
    firm, engagement, pro
):
    """One query over the weekly rollup and the open items feeds the dashboard; one over matters
    with their scores feeds velocity and satisfaction."""
    second = select_professional(firm, engagement, name="Omar Haddad", capacity=20, rate="55").professional
    delivered(firm, engagement, pro, assigned=at(1, 6), turnaround_h=20, hours=2)  # before the window
    delivered(firm, engagement, pro, assigned=at(1, 23), turnaround_h=80, hours=3)  # open over a week end
    delivered(firm, engagement, second, assigned=at(1, 27), turnaround_h=10, hours=4)
    delivered(firm, engagement, second, assigned=at(2, 3), turnaround_h=6, hours=1, category="e_filing")
    delivered(firm, engagement, pro, assigned=at(2, 10), turnaround_h=48, hours=5)  # lands after NOW
    open_item(firm, engagement, pro, assigned=at(1, 12), due=at(1, 14), category="legal_research")
    open_item(firm, engagement, second, assigned=at(2, 4), due=at(2, 6))
    open_item(firm, engagement, second, assigned=at(2, 11), due=at(2, 20))  # not due yet
    with firm_scope(firm):
        for n, (intake, resolved, scores) in enumerate(
            [
                (date(2025, 12, 1), date(2026, 1, 20), [3, 5]),
                (date(2026, 1, 12), None, [4]),
                (date(2026, 2, 2), None, []),
            ]
        ):
            matter = Matter.objects.create(
                firm=firm,
                engagement=engagement,
                reference=f"M-{n}",
                name="M",
                intake_on=intake,
                resolved_on=resolved,
            )
            for score in scores:
                SurveyResponse.objects.create(
                    firm=firm, engagement=engagement, matter=matter, score=score, received_on=date(2026, 2, 3)
                )
        win = s.window(firm=firm, now=NOW, weeks=4)
        since = date(2026, 1, 5)  # professional hours reach back before the window: by month there
        work = workload(firm=firm, engagement=engagement, win=win, since=since, now=NOW)
        hand = by_hand(firm=firm, engagement=engagement, win=win, since=since, now=NOW)
        assert work.turnaround == hand.turnaround
        for p in work.professionals:
            weekly = hand.pro_hours[p.professional_id]
            assert p.hours == {w: h for w, h in weekly.items() if w >= win.weeks[0]}
            assert p.months == by_month(weekly, win.weeks[0])
        assert work.overdue_count == s.overdue_items(firm=firm, engagement=engagement, now=NOW)[1] == 2
        matters, scores, _ = s.matters_and_scores(firm=firm, engagement=engagement)
        began = date(2026, 1, 5)
        assert s.velocity(firm=firm, engagement=engagement, began_on=began, matters=matters) == s.velocity(
            firm=firm, engagement=engagement, began_on=began
        )
        sat = s.satisfaction(firm=firm, engagement=engagement, win=win, scores=scores)
        assert sat == s.satisfaction(firm=firm, engagement=engagement, win=win)
    review = next(r for r in work.turnaround if r.category == "document_review")
    assert review.backlog == [1, 0, 1, 3]  # Jan 23's item; Feb 4's; and Feb 10's, Feb 11's at NOW
    assert [p.name for p in work.professionals] == ["Elena Novak", "Omar Haddad"]
    assert sat.responses == 3 and sat.average == Decimal("4.00")
