"""The dashboard's delegated-work figures from the weekly rollup and the items still in play.

Turnaround per category and week, open backlog at each week's end, hours per professional and
week, hours per category and week, and the overdue count, from one query (performance.rollup.reads):
the rollup's weeks of the window, the earlier weeks by month (for ROI), and the open items and
this week's deliveries read from the items themselves.

The backlog at a week's end E is what was assigned before E and not delivered before it. The rollup
gives what was assigned and delivered week by week; counting from today backwards, items open at E
are the items open now, plus those delivered since E, less those assigned since E — only weeks after
E are read, never the engagement's whole history. The running week's end is `now` itself, counted
from the open items directly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from firmops.models import Engagement, Firm
from performance import selectors as s
from performance.rollup.reads import MONTH, NOW, WEEK, work_rows
from performance.weeks import local_midnight, monday


@dataclass(frozen=True)
class Workload:
    turnaround: list[s.CategoryTurnaround]
    professionals: list[s.ProfessionalWeeks]  # delivered since `since`, sorted by name
    overdue_count: int
    # Professional hours delivered per (week, category), from the window's first week on.
    category_hours: dict[tuple[date, str], Decimal] = field(default_factory=dict)


@dataclass
class _Category:
    after_assigned: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    after_delivered: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    assigned_now: int = 0  # assigned since the running week began (or later)
    delivered_now: int = 0
    open: int = 0
    open_now: int = 0

    def open_at_week_end(self, week: date) -> int:
        """Items open when `week` (before the running one) ended."""
        later = lambda counts: sum(n for w, n in counts.items() if w > week)  # noqa: E731
        return (
            self.open + self.delivered_now + later(self.after_delivered)
            - self.assigned_now - later(self.after_assigned)
        )  # fmt: skip


def workload(
    *, firm: Firm, engagement: Engagement, win: s.Window, since: date, now: datetime, hits: list = ()
) -> Workload:
    """Turnaround and backlog by category, hours by professional and week, overdue count (1 query).

    `since` must not be after the window's first week: professional hours reach back to it (by week
    within the window, by month before it: `ProfessionalWeeks.months`).
    """
    current = monday(firm.today(now))
    first = win.weeks[0]
    rows = work_rows(
        firm=firm,
        engagement_ids=[engagement.pk],
        weeks=(first, current),
        months=({engagement.pk: monday(since)}, first),
        now_from=(local_midnight(firm, current), now),
    )
    index = {w: i for i, w in enumerate(win.weeks)}
    categories: dict[str, _Category] = defaultdict(_Category)
    delivered: list[dict] = []
    pros: dict[int, s.ProfessionalWeeks] = {}
    pro_hours: dict[tuple[int, date], Decimal] = defaultdict(lambda: s.ZERO)
    category_hours: dict[tuple[date, str], Decimal] = defaultdict(lambda: s.ZERO)
    overdue = 0
    for r in rows:
        kind, week = r["kind"], r["at"]
        c = categories[r["cat"]]
        if kind == WEEK:
            c.after_assigned[week] += r["n_assigned"]
            c.after_delivered[week] += r["n_delivered"]
        elif kind == NOW:
            c.assigned_now += r["n_assigned"]
            c.delivered_now += r["n_delivered"]
            c.open += r["n_open"]
            c.open_now += r["n_open_now"]
            overdue += r["n_overdue"]
        if kind != MONTH and week in index and r["n_window"]:  # delivered within the window's weeks
            delivered.append(
                {"category": r["cat"], "week": week, "n": r["n_window"], "total": r["sum_turnaround"]}
            )
        if r["n_delivered"] and week is not None:  # delivered since `since`: a professional to show
            pro = pros.setdefault(
                r["pro"],
                s.ProfessionalWeeks(r["pro"], r["pro_name"], r["pro_capacity"], Decimal(r["pro_rate"])),
            )
            hours = Decimal(r["sum_hours"] or 0)
            if kind == MONTH:
                pro.months[week] = pro.months.get(week, s.ZERO) + hours
            else:
                pro_hours[(r["pro"], week)] += hours
                category_hours[(week, r["cat"])] += hours
    for (pro_id, week), hours in pro_hours.items():
        pros[pro_id].hours[week] = s.q2(hours)
    backlog = []
    for category, c in categories.items():
        ends = [c.open_now if w == current else c.open_at_week_end(w) for w in win.weeks]
        if any(ends):
            backlog.append({"category": category, **{f"b{i}": n for i, n in enumerate(ends)}})
    return Workload(
        turnaround=s.turnaround_rows(win, hits, delivered, backlog),
        professionals=sorted(pros.values(), key=lambda p: p.name),
        overdue_count=overdue,
        category_hours={k: s.q2(v) for k, v in category_hours.items()},
    )
