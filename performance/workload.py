"""The dashboard's delegated-work figures from one pass over the engagement's work items.

Turnaround per category and week, open backlog at each week's end, hours per professional and
week, and the overdue count all read the same rows (delivered since the first week shown, or
still open), so one GROUP BY (category, professional, week) with conditional counts answers them
all. The results equal `selectors.turnaround`, `selectors.professional_weeks` and the count of
`selectors.overdue_items`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from firmops.models import Engagement, Firm
from performance import selectors as s
from performance.models import WorkItem
from performance.weeks import local_midnight, monday, week_of


@dataclass(frozen=True)
class Workload:
    turnaround: list[s.CategoryTurnaround]
    professionals: list[s.ProfessionalWeeks]  # delivered since `since`, sorted by name
    overdue_count: int


def workload(
    *, firm: Firm, engagement: Engagement, win: s.Window, since: date, now: datetime, hits: list = ()
) -> Workload:
    """Turnaround and backlog by category, hours by professional and week, overdue count (1 query).

    `since` must not be after the window's first week: professional hours reach back to it.
    """
    since_start = local_midnight(firm, monday(since))
    in_window = Q(delivered_at__gte=win.start, delivered_at__lt=win.end)

    def open_during(start: datetime, end: datetime) -> Q:
        """Assigned before `end` and not delivered before `start`."""
        return Q(assigned_at__lt=end) & (Q(delivered_at__isnull=True) | Q(delivered_at__gte=start))

    backlog = {f"b{i}": Count("pk", filter=open_during(end, end)) for i, (_, end) in enumerate(win.bounds)}
    rows = (
        WorkItem.objects.for_firm(firm)
        .filter(engagement=engagement)
        .filter(Q(delivered_at__gte=since_start) | Q(delivered_at__isnull=True))
        .values("category", "professional_id", week=week_of("delivered_at", firm))
        .annotate(
            n=Count("pk", filter=in_window),
            total=Sum("turnaround_hours", filter=in_window),
            hours=Sum("hours"),
            in_backlog=Count("pk", filter=open_during(win.start, win.end)),
            overdue=Count("pk", filter=Q(delivered_at__isnull=True, due_at__lt=now)),
            name=Max("professional__name"),
            capacity=Max("professional__weekly_capacity_hours"),
            rate=Max("professional__hourly_rate"),
            **backlog,
        )
        .order_by()
    )
    pro_hours: dict[tuple[int, date], Decimal] = defaultdict(lambda: s.ZERO)
    pros: dict[int, dict] = {}
    delivered, open_rows, overdue_count = [], [], 0
    for r in rows:
        overdue_count += r["overdue"]
        if r["n"]:
            delivered.append(r)
        if r["in_backlog"]:
            open_rows.append(r)
        if r["week"] is not None:  # delivered since `since`
            pros.setdefault(r["professional_id"], r)
            pro_hours[(r["professional_id"], r["week"])] += Decimal(r["hours"] or 0)
    professionals: dict[int, s.ProfessionalWeeks] = {}
    for (pro_id, week), hours in pro_hours.items():
        s.add_week(professionals, {**pros[pro_id], "week": week, "hours": hours})
    return Workload(
        turnaround=s.turnaround_rows(win, hits, delivered, open_rows),
        professionals=sorted(professionals.values(), key=lambda p: p.name),
        overdue_count=overdue_count,
    )
