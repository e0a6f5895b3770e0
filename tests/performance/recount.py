"""The dashboard's work and hour figures worked out by hand from the rows themselves: the yardstick
the rollup-fed figures are compared with (tests/performance/test_metrics.py, test_rollup.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from firmops.models import Engagement, Firm
from performance import selectors as s
from performance.models import HourEntry, WorkItem
from performance.weeks import local_midnight, monday


@dataclass
class ByHand:
    turnaround: list[s.CategoryTurnaround]
    pro_hours: dict[int, dict[date, Decimal]]  # professional → week → hours delivered
    overdue: int
    category_hours: dict[tuple[date, str], Decimal]
    attorney_by_week: dict[date, Decimal]


def by_hand(*, firm: Firm, engagement: Engagement, win: s.Window, since: date, now: datetime) -> ByHand:
    """Every item and entry read one by one; weeks are each timestamp's Monday in the firm's zone."""
    items = list(WorkItem.objects.for_firm(firm).filter(engagement=engagement))
    week = lambda moment: monday(moment.astimezone(firm.zone).date())  # noqa: E731
    open_at = lambda i, end: i.assigned_at < end and (i.delivered_at is None or i.delivered_at >= end)  # noqa: E731
    delivered: dict[tuple[str, date], list] = defaultdict(lambda: [0, Decimal("0")])
    backlog: dict[str, list[int]] = {}
    for i in items:
        if i.delivered_at is not None and win.start <= i.delivered_at < win.end:
            row = delivered[(i.category, week(i.delivered_at))]
            row[0] += 1
            row[1] += i.turnaround_hours or 0
        if i.assigned_at < win.end and (i.delivered_at is None or i.delivered_at >= win.start):
            counts = backlog.setdefault(i.category, [0] * len(win.weeks))
            for n, (_, end) in enumerate(win.bounds):
                counts[n] += open_at(i, end)
    turnaround = s.turnaround_rows(
        win,
        [],
        [{"category": c, "week": w, "n": n, "total": t} for (c, w), (n, t) in delivered.items()],
        [{"category": c, **{f"b{n}": b for n, b in enumerate(counts)}} for c, counts in backlog.items()],
    )
    pro_hours: dict[int, dict[date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    category_hours: dict[tuple[date, str], Decimal] = defaultdict(Decimal)
    since_start = local_midnight(firm, monday(since))
    for i in items:
        if i.delivered_at is not None and i.delivered_at >= since_start:
            pro_hours[i.professional_id][week(i.delivered_at)] += i.hours
            category_hours[(week(i.delivered_at), i.category)] += i.hours
    overdue = sum(i.delivered_at is None and i.due_at is not None and i.due_at < now for i in items)
    attorney: dict[date, Decimal] = defaultdict(Decimal)
    for e in HourEntry.objects.for_firm(firm).filter(engagement=engagement, worked_on__gte=monday(since)):
        attorney[monday(e.worked_on)] += e.hours
    return ByHand(
        turnaround,
        {p: dict(weeks) for p, weeks in pro_hours.items()},
        overdue,
        dict(category_hours),
        dict(attorney),
    )


def by_month(weekly: dict[date, Decimal], before: date) -> dict[date, Decimal]:
    """Weekly figures before a week, summed by the month of each week's Monday."""
    months: dict[date, Decimal] = defaultdict(Decimal)
    for week, value in weekly.items():
        if week < before:
            months[week.replace(day=1)] += value
    return dict(months)
