"""Reads of the performance phase: every figure the dashboard, the report and the signals show.

Each function is a fixed number of aggregate queries (GROUP BY week / category in SQL), so the
dashboard costs the same number of queries for a month of data as for a year.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models import Window as OverRows  # `Window` here is the dashboard's weeks

from audit import selectors as audit_selectors
from firmops.models import Engagement, Firm, Membership, Role
from performance.models import (
    ClientSurvey,
    HourEntry,
    Matter,
    PerformancePlan,
    ScalingSignal,
    SurveyResponse,
    WorkItem,
)
from performance.rollup import reads
from performance.weeks import (
    last_completed_week,
    local_midnight,
    monday,
    weeks_ending,
)
from providers.selectors import current_selection

ZERO = Decimal("0")
FULL_CAPACITY = Decimal("0.90")
TWO = Decimal("0.01")


def work_items_visible_to(items: QuerySet[WorkItem], *, membership: Membership) -> QuerySet[WorkItem]:
    """Narrow work items to what a member may see: all of them for firm staff, only the ones assigned
    to them for the outsourced professional (least privilege, the same on the pages and the API)."""
    if membership.role == Role.EXTERNAL:
        return items.filter(professional__user_id=membership.user_id)
    return items


def q2(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO)


@dataclass(frozen=True)
class Window:
    """Consecutive weeks (Mondays, oldest first) and their UTC bounds; the last week may still be running."""

    weeks: list[date]
    bounds: list[tuple[datetime, datetime]]  # [start, end) per week, end capped at `now`

    @property
    def start(self) -> datetime:
        return self.bounds[0][0]

    @property
    def end(self) -> datetime:
        return self.bounds[-1][1]


def window(*, firm: Firm, now: datetime, weeks: int = 12, completed: bool = False) -> Window:
    """The last `weeks` weeks up to this one (or up to the last completed one)."""
    last = last_completed_week(firm, now) if completed else firm.today(now)
    mondays = weeks_ending(last, weeks)
    bounds = [
        (local_midnight(firm, m), min(local_midnight(firm, m + timedelta(days=7)), now)) for m in mondays
    ]
    return Window(mondays, bounds)


# --- the before/after line and the baseline -----------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every figure of one engagement hangs on: when work began, the selection, the audit baseline."""

    began_on: date
    selection: object | None
    baseline: Decimal | None  # attorney non-billable hours per week in the audit
    hit_list: list


def with_plan_start(*, firm: Firm, engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """The engagements with their plan's start day as `plan_began_on`, saving engagement_context a query."""
    plans = PerformancePlan.objects.for_firm(firm).filter(engagement=OuterRef("pk"))
    return engagements.annotate(plan_began_on=Subquery(plans.values("began_on")[:1]))


def engagement_context(*, firm: Firm, engagement: Engagement) -> Context:
    """Start date, selected professional and audit baseline (3 queries, 2 via with_plan_start)."""
    if hasattr(engagement, "plan_began_on"):
        plan_began_on = engagement.plan_began_on
    else:
        plan = PerformancePlan.objects.for_firm(firm).filter(engagement=engagement).first()
        plan_began_on = plan.began_on if plan is not None else None
    selection = current_selection(firm=firm, engagement=engagement)
    if plan_began_on is not None:
        began_on = plan_began_on
    elif selection is not None:
        began_on = firm.today(selection.selected_at)
    else:
        began_on = engagement.started_on
    period, hits = audit_selectors.latest_hit_list(firm=firm, engagement=engagement)
    baseline = audit_selectors.baseline_from_hit_list(hits, period) if period is not None else None
    return Context(began_on=began_on, selection=selection, baseline=baseline, hit_list=hits or [])


def label_of(category: str, hits: list) -> str:
    """A category's label: the hit list's wording when it has the category, else the classifier's."""
    for row in hits:
        if row.category == category:
            return row.label
    return audit_selectors.category_label(category)


# --- delegated work: turnaround and backlog -----------------------------------------------------


@dataclass
class CategoryTurnaround:
    category: str
    label: str
    delivered: int
    avg_hours: Decimal | None
    weekly_avg: list[Decimal | None]
    weekly_delivered: list[int]
    backlog: list[int]  # open items at the end of each week

    @property
    def last_week_avg(self) -> Decimal | None:
        """The last completed week (the window's last week is still running)."""
        return self.weekly_avg[-2] if len(self.weekly_avg) > 1 else None

    @property
    def trend(self) -> str:
        """Faster or slower: the last four weeks' average turnaround against the four before."""
        recent = weighted(self.weekly_avg[-4:], self.weekly_delivered[-4:])
        before = weighted(self.weekly_avg[-8:-4], self.weekly_delivered[-8:-4])
        if recent is None or before is None or before == 0:
            return ""
        change = (recent - before) / before
        return "slower" if change > Decimal("0.1") else "faster" if change < Decimal("-0.1") else "steady"


def weighted(avgs: list[Decimal | None], counts: list[int]) -> Decimal | None:
    n = sum(c for a, c in zip(avgs, counts, strict=True) if a is not None)
    if not n:
        return None
    return sum(a * c for a, c in zip(avgs, counts, strict=True) if a is not None) / n


def turnaround_rows(win: Window, hits, delivered, backlog) -> list[CategoryTurnaround]:
    """Fold (category, week, n, total) and (category, b0…) rows into per-category turnaround rows.

    Several rows may share a category (and week): counts, totals and backlogs add up.
    """
    index = {w: i for i, w in enumerate(win.weeks)}
    size = len(win.weeks)
    rows: dict[str, CategoryTurnaround] = {}

    def row(category: str) -> CategoryTurnaround:
        if category not in rows:
            rows[category] = CategoryTurnaround(
                category, label_of(category, hits), 0, None, [None] * size, [0] * size, [0] * size
            )
        return rows[category]

    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    week_totals: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    for r in delivered:
        i = index.get(r["week"])
        if i is None or not r["n"]:
            continue
        target = row(r["category"])
        target.weekly_delivered[i] += r["n"]
        target.delivered += r["n"]
        week_totals[(r["category"], i)] += Decimal(r["total"] or 0)
        totals[r["category"]] += Decimal(r["total"] or 0)
    for (category, i), total in week_totals.items():
        target = rows[category]
        target.weekly_avg[i] = q2(total / target.weekly_delivered[i])
    keys = [f"b{i}" for i in range(size)]
    for r in backlog:
        target = row(r["category"])
        target.backlog = [b + r[key] for b, key in zip(target.backlog, keys, strict=True)]
    for category, target in rows.items():
        target.avg_hours = q2(totals[category] / target.delivered) if target.delivered else None
    return sorted(rows.values(), key=lambda t: (-t.delivered, -t.backlog[-1], t.label))


def overall_weekly_turnaround(rows: list[CategoryTurnaround], weeks: int) -> list[Decimal | None]:
    """All categories together, week by week (weighted by deliveries)."""
    return [
        q2(weighted([r.weekly_avg[i] for r in rows], [r.weekly_delivered[i] for r in rows]))
        for i in range(weeks)
    ]


# --- the professional's hours: utilisation and cost ---------------------------------------------


@dataclass
class ProfessionalWeeks:
    professional_id: int
    name: str
    capacity: int
    rate: Decimal
    hours: dict[date, Decimal] = field(default_factory=dict)  # by week, within the weeks read
    months: dict[date, Decimal] = field(default_factory=dict)  # weeks before those, by month

    def utilisation(self, week: date) -> Decimal | None:
        if not self.capacity:
            return None
        return (self.hours.get(week, ZERO) / self.capacity).quantize(Decimal("0.001"))


def with_selected(pros: list[ProfessionalWeeks], selection) -> list[ProfessionalWeeks]:
    """Make sure the selected professional shows even in a week with no deliveries."""
    if selection is None or any(p.professional_id == selection.professional_id for p in pros):
        return pros
    p = selection.professional
    return [ProfessionalWeeks(p.pk, p.name, p.weekly_capacity_hours, p.hourly_rate), *pros]


# --- attorney non-billable hours ----------------------------------------------------------------


@dataclass(frozen=True)
class AttorneyHours:
    """Attorney non-billable hours of one engagement from the hour rollup.

    `by_week` (a week nobody logged is absent) and `by_week_and_category` from the first week read
    week by week; `months`: the weeks before it by month, as (weeks anyone logged, hours).
    """

    by_week: dict[date, Decimal]
    by_week_and_category: dict[tuple[date, str], Decimal]
    months: dict[date, tuple[int, Decimal]]


def hours_from_rows(rows) -> AttorneyHours:
    """Fold performance.rollup.reads.hour_rows of one engagement."""
    weeks: dict[date, Decimal] = defaultdict(lambda: ZERO)
    categories: dict[tuple[date, str], Decimal] = defaultdict(lambda: ZERO)
    months: dict[date, tuple[int, Decimal]] = {}
    for r in rows:
        hours = Decimal(r["sum_hours"] or 0)
        if r["kind"] == reads.MONTH:
            months[r["at"]] = (r["n_weeks"], q2(hours))
            continue
        weeks[r["at"]] += hours
        if r["cat"]:
            categories[(r["at"], r["cat"])] += hours
    return AttorneyHours(
        by_week={w: q2(t) for w, t in weeks.items()},
        by_week_and_category={k: q2(t) for k, t in categories.items()},
        months=months,
    )


def attorney_hours(*, firm: Firm, engagement: Engagement, since: date, weeks_from: date) -> AttorneyHours:
    """Hours by week (and category) from `weeks_from` on, by month from `since` to it (1 query)."""
    rows = reads.hour_rows(
        firm=firm,
        engagement_ids=[engagement.pk],
        weeks_from=weeks_from,
        months=({engagement.pk: monday(since)}, weeks_from),
    )
    return hours_from_rows(rows)


# --- case velocity and client satisfaction ------------------------------------------------------


@dataclass(frozen=True)
class Velocity:
    before_median_days: float | None
    after_median_days: float | None
    before_resolved: int
    after_resolved: int
    open_matters: int

    @property
    def change_days(self) -> float | None:
        if self.before_median_days is None or self.after_median_days is None:
            return None
        return self.after_median_days - self.before_median_days


def _surveys_sent(firm: Firm, began: datetime) -> dict[str, Subquery]:
    """Per matter: client surveys sent and answered, before and since `began` (correlated counts)."""

    def counted(**match) -> Subquery:
        rows = ClientSurvey.objects.for_firm(firm).filter(matter=OuterRef("pk"), **match).order_by()
        return Subquery(rows.values("matter").annotate(c=Count("pk")).values("c"))

    return {
        "sent_before": counted(sent_at__lt=began),
        "answered_before": counted(sent_at__lt=began, answered_at__isnull=False),
        "sent_since": counted(sent_at__gte=began),
        "answered_since": counted(sent_at__gte=began, answered_at__isnull=False),
    }


def matters_and_scores(
    *, firm: Firm, engagement: Engagement, began_on: date | None = None
) -> tuple[list[tuple], list[tuple], dict[str, int]]:
    """Each matter's (intake, resolution) days, the survey rows by day and the client surveys sent (1 query).

    Surveys hang off matters of their own engagement (survey_record checks it), so one pass over
    the matters, joined to their scores grouped by day, feeds `velocity`, `satisfaction` and the client
    survey figures. A score row: (day, count, score total, scoring 4–5, recommend given, promoters,
    detractors, speed total, speed given). Sent (given `began_on`): counts before and since that day.
    """
    scored = FilteredRelation("survey_responses", condition=Q(survey_responses__engagement=engagement))
    sent_counts = _surveys_sent(firm, local_midnight(firm, began_on)) if began_on else {}
    rows = (
        Matter.objects.for_firm(firm)
        .filter(engagement=engagement)
        .annotate(scored=scored, **sent_counts)
        .values_list("pk", "intake_on", "resolved_on", *sent_counts, "scored__received_on")
        .annotate(
            n=Count("scored"),
            total=Sum("scored__score"),
            satisfied=Count("scored", filter=Q(scored__score__gte=4)),
            rated=Count("scored__recommend"),
            promoters=Count("scored", filter=Q(scored__recommend__gte=9)),
            detractors=Count("scored", filter=Q(scored__recommend__lte=6)),
            speed_total=Sum("scored__speed"),
            speed_n=Count("scored__speed"),
        )
        .order_by()
    )
    matters, scores, sent = {}, [], dict.fromkeys(sent_counts, 0)
    for pk, intake, resolved, *rest in rows:
        counts, (day, *figures) = rest[: len(sent_counts)], rest[len(sent_counts) :]
        if pk not in matters:
            for name, value in zip(sent_counts, counts, strict=True):
                sent[name] += value or 0
        matters[pk] = (intake, resolved)
        if day is not None:
            scores.append((day, *figures))
    return list(matters.values()), scores, sent


def velocity(*, firm: Firm, engagement: Engagement, began_on: date, matters: list | None = None) -> Velocity:
    """Median days intake → resolution of matters opened before vs since outsourced work began (1 query).

    `matters`: (intake, resolution) pairs already read by `matters_and_scores`.
    """
    before, after, open_count = [], [], 0
    if matters is None:
        matters = Matter.objects.for_firm(firm).filter(engagement=engagement)
        matters = matters.values_list("intake_on", "resolved_on")
    for intake, resolved in matters:
        if resolved is None:
            open_count += 1
            continue
        (before if intake < began_on else after).append((resolved - intake).days)
    return Velocity(
        before_median_days=statistics.median(before) if before else None,
        after_median_days=statistics.median(after) if after else None,
        before_resolved=len(before),
        after_resolved=len(after),
        open_matters=open_count,
    )


@dataclass(frozen=True)
class Satisfaction:
    average: Decimal | None
    responses: int
    weekly: list[Decimal | None]
    recent_average: Decimal | None  # last four weeks of the window
    earlier_average: Decimal | None  # the weeks before those
    comments: list


def satisfaction(
    *, firm: Firm, engagement: Engagement, win: Window, scores: list | None = None
) -> Satisfaction:
    """Average score overall and per week, and the latest comments (2 queries, 1 given `scores`).

    `scores`: (day, count, score total) rows already read by `matters_and_scores`.
    """
    surveys = SurveyResponse.objects.for_firm(firm).filter(engagement=engagement)
    by_week: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    if scores is None:
        scores = surveys.values_list("received_on").annotate(n=Count("pk"), total=Sum("score")).order_by()
    for day, n, total, *_ in scores:
        by_week[monday(day)][0] += n
        by_week[monday(day)][1] += total
    rows = [{"week": week, "n": n, "total": total} for week, (n, total) in by_week.items()]
    index = {w: i for i, w in enumerate(win.weeks)}
    weekly: list[Decimal | None] = [None] * len(win.weeks)
    counts = [0] * len(win.weeks)
    for r in rows:
        if r["week"] in index:
            weekly[index[r["week"]]] = q2(Decimal(r["total"]) / r["n"])
            counts[index[r["week"]]] = r["n"]
    n = sum(r["n"] for r in rows)
    comments = list(surveys.exclude(comment="").select_related("matter").order_by("-received_on", "-pk")[:5])
    return Satisfaction(
        average=q2(Decimal(sum(r["total"] for r in rows)) / n) if n else None,
        responses=n,
        weekly=weekly,
        recent_average=q2(weighted(weekly[-4:], counts[-4:])),
        earlier_average=q2(weighted(weekly[:-4], counts[:-4])),
        comments=comments,
    )


# --- ROI ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoiMonth:
    month: date
    recovered_hours: Decimal
    value: Decimal
    cost: Decimal
    net: Decimal
    cumulative_net: Decimal
    associate_cost: Decimal
    cumulative_associate_cost: Decimal


@dataclass(frozen=True)
class Roi:
    """Recovered attorney hours × attorney rate − outsourcing cost, by month, beside an associate's cost."""

    months: list[RoiMonth]
    basis: str  # "baseline": audit baseline − logged hours; "delegated": no audit, delegated hours count
    attorney_rate: Decimal
    associate_monthly: Decimal
    recovered_hours: Decimal
    value: Decimal
    cost: Decimal
    through: date | None  # last day counted (end of the last completed week)

    @property
    def net(self) -> Decimal:
        return self.value - self.cost

    @property
    def associate_cost(self) -> Decimal:
        return self.months[-1].cumulative_associate_cost if self.months else ZERO


def roi(
    *,
    firm: Firm,
    began_on: date,
    baseline: Decimal | None,
    hours: AttorneyHours,
    pros: list[ProfessionalWeeks],
    now: datetime,
    weeks_from: date | None = None,
) -> Roi:
    """ROI over completed weeks since work began; each week counts in the month of its Monday.

    With an audit baseline, a week's recovered hours are baseline − hours the attorneys logged
    that week (weeks nobody logged count nothing). Without one, delegated hours stand in.
    Weeks before `weeks_from` come summed by month (`hours.months`, each professional's `months`):
    a month's recovered hours are then baseline × weeks logged − hours logged, the same sum.
    """
    rate = firm.rate_attorney
    associate_monthly = (firm.associate_annual_cost / 12).quantize(TWO)
    last = last_completed_week(firm, now)
    first = monday(began_on)
    basis = "baseline" if baseline is not None else "delegated"
    per_month: dict[date, list[Decimal]] = {}
    week = first
    while week <= last:
        bucket = per_month.setdefault(week.replace(day=1), [ZERO, ZERO])
        if weeks_from is None or week >= weeks_from:
            bucket[1] += sum((p.hours.get(week, ZERO) * p.rate for p in pros), ZERO)
            if basis == "baseline":
                logged = hours.by_week.get(week)
                bucket[0] += (baseline - logged) if logged is not None else ZERO
            else:
                bucket[0] += sum((p.hours.get(week, ZERO) for p in pros), ZERO)
        week += timedelta(weeks=1)
    if weeks_from is not None:
        for month, (weeks, logged) in hours.months.items():
            if basis == "baseline" and month in per_month:
                per_month[month][0] += baseline * weeks - logged
        for p in pros:
            for month, delivered in p.months.items():
                if month in per_month:
                    per_month[month][1] += delivered * p.rate
                    if basis == "delegated":
                        per_month[month][0] += delivered
    months, cumulative, cumulative_associate = [], ZERO, ZERO
    for month, (recovered, cost) in sorted(per_month.items()):
        value = (recovered * rate).quantize(TWO)
        cost = cost.quantize(TWO)
        cumulative += value - cost
        cumulative_associate += associate_monthly
        months.append(
            RoiMonth(
                month,
                q2(recovered),
                value,
                cost,
                value - cost,
                cumulative,
                associate_monthly,
                cumulative_associate,
            )
        )
    return Roi(
        months=months,
        basis=basis,
        attorney_rate=rate,
        associate_monthly=associate_monthly,
        recovered_hours=sum((m.recovered_hours for m in months), ZERO),
        value=sum((m.value for m in months), ZERO),
        cost=sum((m.cost for m in months), ZERO),
        through=last + timedelta(days=6) if last >= first else None,
    )


def open_signals(*, firm: Firm, engagement: Engagement) -> list[ScalingSignal]:
    """Signals nobody has acknowledged or dismissed yet."""
    return list(
        ScalingSignal.objects.for_firm(firm).filter(engagement=engagement, status=ScalingSignal.Status.OPEN)
    )


def overdue_items(
    *, firm: Firm, engagement: Engagement, now: datetime, limit: int = 10
) -> tuple[list[WorkItem], int]:
    """The most overdue undelivered work items, and how many there are (1 query: a window count)."""
    counted = overdue(firm=firm, engagement=engagement, now=now).annotate(overdue_total=OverRows(Count("pk")))
    items = list(counted[:limit])
    return items, items[0].overdue_total if items else 0


def overdue(*, firm: Firm, engagement: Engagement, now: datetime) -> QuerySet[WorkItem]:
    """Undelivered work items past their due time, most overdue first (the firm/engagement/due index)."""
    return (
        WorkItem.objects.for_firm(firm)
        .filter(engagement=engagement, delivered_at__isnull=True, due_at__lt=now)
        .select_related("professional", "matter")
        .order_by("due_at")
    )


def attorney_logged_since(*, firm: Firm, engagement: Engagement, attorney, since: date) -> bool:
    """Has this attorney logged non-billable hours on the engagement since a day (1 query)?"""
    return (
        HourEntry.objects.for_firm(firm)
        .filter(engagement=engagement, attorney=attorney, worked_on__gte=since)
        .exists()
    )
