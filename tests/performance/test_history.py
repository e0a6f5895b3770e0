"""The dashboards read weeks, not history: the same figures as the rows give, the same SQL at any age.

A year of delegated work and attorney hours, with open and late items, items delivered after the
moment asked and a plan that began long before the window: the dashboard, the signals' window and
the ROI computed from the weekly rollups equal the same figures worked out by hand from every row,
asked at several moments. Then two engagements of one firm, six months and three years old, cost
the dashboard the same number of queries.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from firmops.tenancy import firm_scope
from performance import selectors as s
from performance.dashboard import engagement_performance
from performance.models import HourEntry, WorkItem
from performance.workload import workload
from tests.factories import EngagementFactory
from tests.performance.factories import audit_baseline, plan, select_professional
from tests.performance.recount import by_hand, by_month

NOW = datetime(2026, 6, 17, 15, 30, tzinfo=UTC)  # a Wednesday
CATEGORIES = ("document_review", "legal_research", "e_filing", "deposition_summaries")


def _history(firm, engagement, attorney, pros, *, weeks: int, seed: int = 7, per_week: int = 6) -> None:
    """`weeks` of work and hours up to a few days past NOW, one of every kind of item each week."""
    rng = random.Random(seed)
    start = NOW - timedelta(weeks=weeks)
    items, entries = [], []
    for n in range(weeks * per_week + 4 * per_week):  # a few weeks beyond NOW too
        assigned = start + timedelta(hours=n * 168 / per_week + rng.randint(0, 20))
        turnaround = rng.choice((None, 3, 30, 70, 150))  # None: still open
        due = rng.choice((None, assigned + timedelta(hours=48)))
        delivered = None if turnaround is None else assigned + timedelta(hours=turnaround)
        item = WorkItem(
            firm=firm, engagement=engagement, professional=rng.choice(pros), category=rng.choice(CATEGORIES),
            title=f"Work {n}", assigned_at=assigned, due_at=due, delivered_at=delivered,
            hours=Decimal(rng.randint(1, 12)) / 2,
        )  # fmt: skip
        item.compute_turnaround()
        items.append(item)
    for d in range(0, weeks * 7, 2):
        entries.append(
            HourEntry(
                firm=firm,
                engagement=engagement,
                attorney=attorney,
                worked_on=(start + timedelta(days=d)).date(),
                hours=Decimal(rng.randint(0, 16)) / 4,
                category=rng.choice(("", *CATEGORIES)),
            )  # fmt: skip
        )
    with firm_scope(firm):
        WorkItem.objects.bulk_create(items)
        HourEntry.objects.bulk_create(entries)


def _setup(firm, engagement, attorney, *, weeks: int, seed: int = 7):
    pros = [
        select_professional(firm, engagement, name=f"Pro {engagement.pk}-{k}").professional for k in range(2)
    ]
    audit_baseline(firm, engagement, attorney, weekly_hours=12)
    plan(firm, engagement, (NOW - timedelta(weeks=weeks)).date())
    _history(firm, engagement, attorney, pros, weeks=weeks, seed=seed)
    return pros


def test_rollup_figures_equal_the_rows_figures_at_any_moment_and_window(firm, engagement, members):
    attorney = members["attorney"]
    _setup(firm, engagement, attorney, weeks=52)
    for now in (NOW, NOW - timedelta(weeks=9, hours=7), NOW + timedelta(days=3)):
        for weeks, completed in ((12, False), (26, True), (4, False)):
            with firm_scope(firm):
                win = s.window(firm=firm, now=now, weeks=weeks, completed=completed)
                since = min(win.weeks[0], (NOW - timedelta(weeks=52)).date())
                work = workload(firm=firm, engagement=engagement, win=win, since=since, now=now)
                hours = s.attorney_hours(
                    firm=firm, engagement=engagement, since=since, weeks_from=win.weeks[0]
                )
                hand = by_hand(firm=firm, engagement=engagement, win=win, since=since, now=now)
            label = (now, weeks, completed)
            assert work.turnaround == hand.turnaround, label
            assert any(r.backlog[-1] for r in work.turnaround) and work.overdue_count == hand.overdue > 0, (
                label
            )
            assert {p.professional_id for p in work.professionals} == set(hand.pro_hours), label
            for p in work.professionals:
                weekly = hand.pro_hours[p.professional_id]
                assert p.hours == {w: h for w, h in weekly.items() if w >= win.weeks[0]}, label
                assert p.months == by_month(weekly, win.weeks[0]), label
            assert work.category_hours == {
                k: v for k, v in hand.category_hours.items() if k[0] >= win.weeks[0]
            }
            assert hours.by_week == {w: h for w, h in hand.attorney_by_week.items() if w >= win.weeks[0]}
            earlier = [w for w in hand.attorney_by_week if w < win.weeks[0]]
            months = {
                m: (sum(w.replace(day=1) == m for w in earlier), h)
                for m, h in by_month(hand.attorney_by_week, win.weeks[0]).items()
            }
            assert hours.months == months, label

    # ROI to date, from weekly detail and earlier months, equals ROI week by week from the rows.
    with firm_scope(firm):
        perf = engagement_performance(firm=firm, engagement=engagement, now=NOW)
        began = perf.began_on
        win = s.window(firm=firm, now=NOW, weeks=1)
        hand = by_hand(firm=firm, engagement=engagement, win=win, since=began, now=NOW)
        pros = [
            s.ProfessionalWeeks(
                p.professional_id, p.name, p.capacity, p.rate, hand.pro_hours[p.professional_id]
            )
            for p in perf.professionals
        ]
        weekly = s.AttorneyHours(by_week=hand.attorney_by_week, by_week_and_category={}, months={})
        expected = s.roi(firm=firm, began_on=began, baseline=perf.baseline, hours=weekly, pros=pros, now=NOW)
    assert perf.roi == expected
    assert len(perf.roi.months) >= 12 and perf.roi.net != 0


def _dashboard_queries(client, firm, engagement) -> list[str]:
    url = f"/f/{firm.slug}/performance/engagements/{engagement.pk}/"
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert "Open work at the end of each week" in response.content.decode()
    return [q["sql"] for q in captured.captured_queries]


def test_the_dashboard_sends_the_same_queries_for_six_months_and_three_years_of_history(
    firm, partner, members, client_for
):
    attorney = members["attorney"]
    with firm_scope(firm):
        young = EngagementFactory(firm=firm, owner=partner, name="Six months in")
        old = EngagementFactory(firm=firm, owner=partner, name="Three years in")
    _setup(firm, young, attorney, weeks=26, seed=1)
    _setup(firm, old, attorney, weeks=156, seed=1)
    with firm_scope(firm):
        rows = {e: WorkItem.objects.filter(engagement=e).count() for e in (young, old)}
    assert rows[old] > 5 * rows[young]
    client = client_for(partner)
    young_sql, old_sql = _dashboard_queries(client, firm, young), _dashboard_queries(client, firm, old)
    assert len(young_sql) == len(old_sql), (young_sql, old_sql)
    # Not one statement reads the work items or hour entries of weeks gone by: only the rollups,
    # and the items still open or delivered since this week began.
    history = [
        q for q in old_sql if 'FROM "performance_workitem"' in q or 'FROM "performance_hourentry"' in q
    ]
    assert all('"performance_workitem"."delivered_at" IS NULL' in q for q in history), history


def test_the_firm_dashboard_and_the_engagement_panel_read_roi_from_the_rollups(firm, engagement, members):
    attorney = members["attorney"]
    _setup(firm, engagement, attorney, weeks=40)
    with firm_scope(firm):
        perf = engagement_performance(firm=firm, engagement=engagement, now=NOW)
        from performance.templatetags.performance_tags import panel_for

        panel = panel_for(firm=firm, engagement=engagement, now=NOW)
    assert (panel.roi_net, panel.recovered_hours, panel.roi_through) == (
        perf.roi.net,
        perf.roi.recovered_hours,
        perf.roi.through,
    )
    assert panel.roi_through == date(2026, 6, 14)
