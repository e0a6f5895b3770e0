"""What the performance pages ask of the weekly rollups: a fixed number of rows per engagement.

A page asks for three grains in one query per table (UNION ALL, one round trip):
- WEEK: the rollup's weeks in the range shown week by week (the dashboard's 12, the signals' 26);
- MONTH: the weeks before that range summed by month (only ROI reaches back there, month by month),
  from the rollups without category or attorney: one row a week per professional, one a week for hours;
- NOW (work items only): the work items that are open or were delivered since the week holding
  `now` began, read from the items themselves, since what they show depends on the moment asked
  (open at `now`, overdue at `now`, delivered before `now`) and a week still running is not done.

So the rows read follow the window and the current backlog, not how long the engagement has run:
the same for an engagement of six months and one of three years (tests/performance, make bench).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import (
    CharField,
    Count,
    DateField,
    DecimalField,
    F,
    Func,
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast

from firmops.models import Firm
from performance.models import HourWeek, LoggedWeek, ProfessionalWeek, WorkItem, WorkWeek
from performance.weeks import week_of

WEEK, MONTH, NOW = "week", "month", "now"
_INT = IntegerField()
_DEC = DecimalField(max_digits=14, decimal_places=2)


def _zero(field=_INT) -> Value:
    return Value(0, output_field=field)


def _kind(name: str) -> Value:
    return Value(name)


def _pro(joined: bool = True) -> dict:
    """The professional's details ride along as MAX() (one per group); none for open items, which
    name no professional to show (and whose plan a join to professionals can only spoil)."""
    if not joined:
        return {
            "pro_name": Value(None, output_field=CharField()),
            "pro_capacity": Value(None, output_field=_INT),
            "pro_rate": Value(None, output_field=_DEC),
        }
    return {
        "pro_name": Max("professional__name"),
        "pro_capacity": Max("professional__weekly_capacity_hours"),
        "pro_rate": Max("professional__hourly_rate"),
    }


def _work_weeks(firm: Firm, engagement_ids: list[int], start: date, end: date):
    return (
        WorkWeek.objects.for_firm(firm)
        .filter(engagement_id__in=engagement_ids, week__gte=start, week__lt=end)
        .values(
            kind=_kind(WEEK),
            eng=F("engagement_id"),
            cat=F("category"),
            pro=F("professional_id"),
            at=F("week"),
        )
        .annotate(
            n_assigned=Sum("assigned"),
            n_delivered=Sum("delivered"),
            n_window=Sum("delivered"),
            sum_turnaround=Sum("turnaround_hours"),
            n_on_time=Sum("on_time"),
            n_late=Sum("late"),
            sum_hours=Sum("hours"),
            n_open=_zero(),
            n_open_now=_zero(),
            n_overdue=_zero(),
            **_pro(),
        )
        .order_by()
    )


def _from_each(starts: dict[int, date], end: date) -> Q:
    """Each engagement's weeks from its own first Monday, up to `end`."""
    since = Q()
    for engagement_id, start in starts.items():
        since |= Q(engagement_id=engagement_id, week__gte=start)
    return since & Q(week__lt=end)


class MonthOf(Func):
    """The first day of a date's month, by date arithmetic (TruncMonth goes through a timestamp
    with time zone: several times dearer per row on PostgreSQL)."""

    template = "(%(expressions)s - (EXTRACT(DAY FROM %(expressions)s)::integer - 1))"
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "date(%(expressions)s, 'start of month')"
        return super().as_sql(compiler, connection, template=template, **extra)


def _work_months(firm: Firm, starts: dict[int, date], end: date):
    """Hours delivered per professional and month (of the week's Monday), for ROI's earlier months:
    read from the per-professional weeks, one row a week per professional whatever the categories."""
    return (
        ProfessionalWeek.objects.for_firm(firm)
        .filter(_from_each(starts, end))
        .values(
            kind=_kind(MONTH),
            eng=F("engagement_id"),
            cat=Value(""),
            pro=F("professional_id"),
            at=MonthOf("week"),
        )
        .annotate(
            n_assigned=_zero(),
            n_delivered=Sum("delivered"),
            n_window=_zero(),
            sum_turnaround=_zero(_DEC),
            n_on_time=_zero(),
            n_late=_zero(),
            sum_hours=Sum("hours"),
            n_open=_zero(),
            n_open_now=_zero(),
            n_overdue=_zero(),
            **_pro(),
        )
        .order_by()
    )


def _now_values(firm: Firm, engagement_ids: list[int]):
    return (
        WorkItem.objects.for_firm(firm)
        .filter(engagement_id__in=engagement_ids)
        .values(
            kind=_kind(NOW),
            eng=F("engagement_id"),
            cat=F("category"),
            pro=F("professional_id"),
            at=Cast(week_of("delivered_at", firm), DateField()),  # a date, as the rollup's weeks
        )
    )


def _work_open(firm: Firm, engagement_ids: list[int], since: datetime, now: datetime):
    """The open items (the partial index on undelivered items: as many rows as are open)."""
    return (
        _now_values(firm, engagement_ids)
        .filter(delivered_at__isnull=True)
        .annotate(
            n_assigned=Count("pk", filter=Q(assigned_at__gte=since)),
            n_delivered=_zero(),
            n_window=_zero(),
            sum_turnaround=_zero(_DEC),
            n_on_time=_zero(),
            n_late=_zero(),
            sum_hours=_zero(_DEC),
            n_open=Count("pk"),
            n_open_now=Count("pk", filter=Q(assigned_at__lt=now)),
            n_overdue=Count("pk", filter=Q(due_at__lt=now)),
            **_pro(joined=False),
        )
        .order_by()
    )


def _work_delivered(firm: Firm, engagement_ids: list[int], since: datetime, now: datetime):
    """Items delivered since `since` (the running week's start): a range of the delivery index."""
    before_now = Q(delivered_at__lt=now)
    with_due = before_now & Q(due_at__isnull=False)
    return (
        _now_values(firm, engagement_ids)
        .filter(delivered_at__gte=since)
        .annotate(
            n_assigned=Count("pk", filter=Q(assigned_at__gte=since)),
            n_delivered=Count("pk"),
            n_window=Count("pk", filter=before_now),
            sum_turnaround=Sum("turnaround_hours", filter=before_now),
            n_on_time=Count("pk", filter=with_due & Q(delivered_at__lte=F("due_at"))),
            n_late=Count("pk", filter=with_due & Q(delivered_at__gt=F("due_at"))),
            sum_hours=Sum("hours"),
            n_open=_zero(),
            n_open_now=Count("pk", filter=Q(assigned_at__lt=now, delivered_at__gte=now)),
            n_overdue=_zero(),
            **_pro(),
        )
        .order_by()
    )


def work_rows(
    *,
    firm: Firm,
    engagement_ids: list[int],
    weeks: tuple[date, date] | None = None,
    months: tuple[dict[int, date], date] | None = None,
    now_from: tuple[datetime, datetime] | None = None,
) -> list[dict]:
    """Work rows of the grains asked for, in one query. `weeks`: [first, end) Mondays; `months`:
    ({engagement id: first Monday}, end); `now_from`: (start of the running week, now). Each row: kind,
    eng, cat, pro, at (week or month), n_assigned, n_delivered, n_window (delivered within the weeks
    shown), sum_turnaround, n_on_time, n_late, sum_hours, n_open, n_open_now, n_overdue, pro_name,
    pro_capacity, pro_rate."""
    parts = []
    if weeks and weeks[0] < weeks[1]:
        parts.append(_work_weeks(firm, engagement_ids, *weeks))
    if months and _any_before(*months):
        parts.append(_work_months(firm, *months))
    if now_from:
        parts.append(_work_open(firm, engagement_ids, *now_from))
        parts.append(_work_delivered(firm, engagement_ids, *now_from))
    return _union(parts)


def _hour_weeks(firm: Firm, engagement_ids: list[int], start: date):
    return (
        HourWeek.objects.for_firm(firm)
        .filter(engagement_id__in=engagement_ids, week__gte=start)
        .values(kind=_kind(WEEK), eng=F("engagement_id"), at=F("week"), cat=F("category"))
        .annotate(n_weeks=_zero(), sum_hours=Sum("hours"))
        .order_by()
    )


def _hour_months(firm: Firm, starts: dict[int, date], end: date):
    """By month: the weeks anyone logged (a LoggedWeek row each) and their hours."""
    return (
        LoggedWeek.objects.for_firm(firm)
        .filter(_from_each(starts, end))
        .values(kind=_kind(MONTH), eng=F("engagement_id"), at=MonthOf("week"), cat=Value(""))
        .annotate(n_weeks=Count("pk"), sum_hours=Sum("hours"))
        .order_by()
    )


def hour_rows(
    *,
    firm: Firm,
    engagement_ids: list[int],
    weeks_from: date | None,
    months: tuple[dict[int, date], date] | None = None,
) -> list[dict]:
    """Attorney hours: by (week, category) from `weeks_from` on (later weeks included), and by month
    — the weeks anyone logged, and their hours — over `months` ({engagement id: first Monday}, end).
    One query. Each row: kind, eng, at, cat, n_weeks, sum_hours."""
    parts = []
    if weeks_from is not None:
        parts.append(_hour_weeks(firm, engagement_ids, weeks_from))
    if months and _any_before(*months):
        parts.append(_hour_months(firm, *months))
    return _union(parts)


def _any_before(starts: dict[int, date], end: date) -> bool:
    return any(start < end for start in starts.values())


def _union(parts: list) -> list[dict]:
    if not parts:
        return []
    first, *rest = parts
    return list(first.union(*rest, all=True)) if rest else list(first)
