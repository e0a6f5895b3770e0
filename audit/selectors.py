"""Reads of the audit: the hit list and the baselines later phases compare against.

Later phases read the audit only through this module, so it also hands on the audit's taxonomy:
the task categories (`CATEGORIES`, `category_label`) and the buckets (`Bucket`: core, outsourceable,
and review for what awaits a partner; the hit list's ranked rows hold only the first two).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from audit.classifier import CATEGORIES, OTHER, category_label  # noqa: F401 (CATEGORIES handed on)
from audit.models import (
    ATTORNEY_ROLES,
    AuditParticipant,
    AuditPeriod,
    Bucket,
    ClassificationOverride,
    PeriodRollup,
    TaskEntry,
)
from firmops.models import Engagement, Firm, Membership, User
from firmops.permissions import MANAGERS, STAFF

WEEKS_PER_YEAR = 52
CENT = Decimal("0.01")
_MONEY = DecimalField(max_digits=14, decimal_places=2)
UNSORTED_LABEL = "Not yet sorted"
UNSORTED_SHOWN = 50  # entries awaiting a partner listed on the hit list page, most minutes first


@dataclass(frozen=True)
class HitListRow:
    """One category of the hit list. Money is in dollars, hours in hours."""

    category: str
    label: str
    bucket: str
    hours: Decimal
    attorney_hours: Decimal
    attorney_share: Decimal  # 0..1
    days: int
    entries: int
    recoverable_period: Decimal  # attorney hours on outsourceable work × (their rate − outsourced rate)
    recoverable_weekly: Decimal
    recoverable_annual: Decimal
    # Attorney minutes not billed (the performance baseline's numerator), so one query serves both.
    attorney_non_billable_minutes: int = 0


class HitList(list):
    """The ranked rows of the entries the classifier (or a partner) decided, as a list; apart from
    them, `unsorted`: the entries awaiting a partner's review, never in the recoverable dollars."""

    def __init__(self, rows: Iterable[HitListRow] = (), unsorted: HitListRow | None = None):
        super().__init__(rows)
        self.unsorted = unsorted

    def with_unsorted(self) -> list[HitListRow]:
        """Every row a table, the CSV or the API shows: the ranked ones, then the unsorted one."""
        return [*self, self.unsorted] if self.unsorted else list(self)


def period_weeks(period: AuditPeriod) -> Decimal:
    """How many weeks a period stands for: shorter than 7 days is still one week (a Mon–Fri audit)."""
    return Decimal(max(period.days, 7)) / Decimal(7)


def weeks_averaged(period: AuditPeriod) -> str:
    """How a longer period's "per week" reads: "averaged over 13 weeks" (blank for a week or less)."""
    weeks = period_weeks(period)
    if weeks <= 1:
        return ""
    shown = f"{weeks:.0f}" if weeks == weeks.to_integral_value() else f"{weeks:.1f}"
    return f"averaged over {shown} weeks"


def latest_period(*, firm: Firm, engagement: Engagement) -> AuditPeriod | None:
    """The engagement's most recent audit period."""
    return (
        AuditPeriod.objects.for_firm(firm).filter(engagement=engagement).order_by("-starts_on", "-pk").first()
    )


def _recoverable_terms(firm: Firm, via: str = "") -> tuple[Q, Q, ExpressionWrapper]:
    """(attorney, wasted, saving) in SQL: attorney entries; those on outsourceable work above the
    outsourced rate; minutes × (their rate − outsourced rate). `via` reaches the entries through a join."""
    outsourced = firm.rate_outsourced
    attorney = Q(**{f"{via}performer_role__in": ATTORNEY_ROLES})
    # An attorney cheaper than the outsourced rate saves nothing by handing work off (no negative saving).
    wasted = attorney & Q(**{f"{via}bucket": Bucket.OUTSOURCEABLE, f"{via}hourly_cost__gt": outsourced})
    saving = ExpressionWrapper(
        F(f"{via}minutes") * (F(f"{via}hourly_cost") - Value(outsourced)), output_field=_MONEY
    )
    return attorney, wasted, saving


def _unsorted_flag(via: str = "") -> ExpressionWrapper:
    """True for rollup rows of entries awaiting review: the hit list groups them apart."""
    return ExpressionWrapper(Q(**{f"{via}bucket": Bucket.REVIEW}), output_field=BooleanField())


def _hit_list_sums(firm: Firm, via: str = "") -> dict:
    """The hit list's per-category sums over the rollup (`via`: reached through a join)."""
    attorney, wasted, saving_per_minute = _recoverable_terms(firm, via)
    # The rollup has the entries' own columns (grouped), so the same terms apply to it.
    return {
        "total_minutes": Sum(f"{via}minutes"),
        "attorney_minutes": Coalesce(Sum(f"{via}minutes", filter=attorney), 0),
        "attorney_non_billable_minutes": Coalesce(
            Sum(f"{via}minutes", filter=attorney & Q(**{f"{via}billable": False})), 0
        ),
        "day_count": Count(f"{via}performed_on", distinct=True),
        "entry_count": Sum(f"{via}entries"),
        "outsourceable_entries": Coalesce(
            Sum(f"{via}entries", filter=Q(**{f"{via}bucket": Bucket.OUTSOURCEABLE})), 0
        ),
        "recoverable_minutes_dollars": Coalesce(
            Sum(saving_per_minute, filter=wasted), Value(Decimal("0")), output_field=_MONEY
        ),
    }


def _hit_list_row(row: dict, category: str, weeks: Decimal) -> HitListRow:
    exact = max(Decimal(row["recoverable_minutes_dollars"]) / 60, Decimal("0"))
    hours = Decimal(row["total_minutes"]) / 60
    attorney_hours = Decimal(row["attorney_minutes"]) / 60
    return HitListRow(
        category=category,
        label=category_label(category),
        bucket=(
            Bucket.OUTSOURCEABLE if row["outsourceable_entries"] * 2 >= row["entry_count"] else Bucket.CORE
        ),
        hours=hours.quantize(Decimal("0.01")),
        attorney_hours=attorney_hours.quantize(Decimal("0.01")),
        attorney_share=(attorney_hours / hours).quantize(Decimal("0.001")) if hours else Decimal("0"),
        days=row["day_count"],
        entries=row["entry_count"],
        recoverable_period=exact.quantize(CENT),
        recoverable_weekly=(exact / weeks).quantize(CENT),
        recoverable_annual=(exact / weeks * WEEKS_PER_YEAR).quantize(CENT),
        attorney_non_billable_minutes=row["attorney_non_billable_minutes"],
    )


_ADDED_UP = (  # the sums an unsorted row adds over its groups
    "total_minutes",
    "attorney_minutes",
    "attorney_non_billable_minutes",
    "entry_count",
    "outsourceable_entries",
)


def _unsorted_row(rows: list[dict], weeks: Decimal) -> HitListRow | None:
    """The groups of entries awaiting review, as one row. The classifier files them all under
    'other', so there is one group; were there more, their day counts could overlap (max is kept)."""
    if not rows:
        return None
    summed = {key: sum(r[key] for r in rows) for key in _ADDED_UP}
    summed["day_count"] = max(r["day_count"] for r in rows)
    summed["recoverable_minutes_dollars"] = 0  # only outsourceable entries ever save anything
    return replace(_hit_list_row(summed, OTHER, weeks), bucket=Bucket.REVIEW, label=UNSORTED_LABEL)


def _ranked(rows: list[HitListRow], unsorted: list[dict], weeks: Decimal) -> HitList:
    ranked = sorted(rows, key=lambda r: (-r.recoverable_weekly, -r.hours, r.label))
    return HitList(ranked, _unsorted_row(unsorted, weeks))


def hit_list(*, firm: Firm, period: AuditPeriod) -> HitList:
    """Categories of the period ranked by the dollars of attorney time they waste, and apart the
    entries awaiting review; one aggregate query over the period's rollup (a few thousand rows
    however many entries)."""
    rows = list(
        PeriodRollup.objects.for_firm(firm)
        .filter(period=period)
        .annotate(unsorted=_unsorted_flag())
        .values("category", "unsorted")
        .annotate(**_hit_list_sums(firm))
        .order_by()
    )
    weeks = period_weeks(period)
    decided = [_hit_list_row(row, row["category"], weeks) for row in rows if not row["unsorted"]]
    return _ranked(decided, [row for row in rows if row["unsorted"]], weeks)


def _newest_period_pk(firm: Firm, engagement) -> Subquery:
    """The pk of an engagement's latest period (`engagement`: an instance, an id or an OuterRef)."""
    periods = AuditPeriod.objects.for_firm(firm).filter(engagement=engagement)
    return Subquery(periods.order_by("-starts_on", "-pk").values("pk")[:1])


def latest_hit_lists(*, firm: Firm, engagement_ids: list[int]) -> dict[int, tuple[AuditPeriod, HitList]]:
    """Each engagement's latest audit period and its hit list, for many engagements in one query."""
    rows = (
        AuditPeriod.objects.for_firm(firm)
        .filter(engagement_id__in=engagement_ids, pk=_newest_period_pk(firm, OuterRef("engagement")))
        .annotate(unsorted=_unsorted_flag(via="rollups__"))
        .values(
            "pk", "engagement_id", "starts_on", "days", "created_by_id", "created_at", "rollups__category",
            "unsorted",
        )
        .annotate(**_hit_list_sums(firm, via="rollups__"))
        .order_by()
    )  # fmt: skip
    found: dict[int, tuple[AuditPeriod, list[HitListRow], list[dict]]] = {}
    for row in rows:
        if row["engagement_id"] not in found:
            period = AuditPeriod(
                pk=row["pk"], firm=firm, engagement_id=row["engagement_id"], starts_on=row["starts_on"],
                days=row["days"], created_by_id=row["created_by_id"], created_at=row["created_at"],
            )  # fmt: skip
            found[row["engagement_id"]] = (period, [], [])
        period, hits, unsorted = found[row["engagement_id"]]
        if not row["rollups__category"]:
            continue  # a period with no entries yet joins no rollup row
        if row["unsorted"]:
            unsorted.append(row)
        else:
            hits.append(_hit_list_row(row, row["rollups__category"], period_weeks(period)))
    return {
        e: (period, _ranked(hits, unsorted, period_weeks(period)))
        for e, (period, hits, unsorted) in found.items()
    }


def latest_hit_list(*, firm: Firm, engagement: Engagement) -> tuple[AuditPeriod | None, HitList]:
    """The engagement's latest audit period and its hit list, in one query (= latest_period + hit_list)."""
    none: tuple[AuditPeriod | None, HitList] = (None, HitList())
    period, hits = latest_hit_lists(firm=firm, engagement_ids=[engagement.pk]).get(engagement.pk, none)
    if period is not None:
        period.engagement = engagement
    return period, hits


def attorney_non_billable_hours_per_week(*, firm: Firm, period: AuditPeriod) -> Decimal:
    """The audit-week baseline the performance phase compares attorneys against."""
    minutes = (
        PeriodRollup.objects.for_firm(firm)
        .filter(period=period, performer_role__in=ATTORNEY_ROLES, billable=False)
        .aggregate(m=Coalesce(Sum("minutes"), 0))["m"]
    )
    return (Decimal(minutes) / 60 / period_weeks(period)).quantize(CENT)


def baseline_from_hit_list(rows: HitList, period: AuditPeriod) -> Decimal:
    """attorney_non_billable_hours_per_week from a hit list already read (no query); the unsorted
    entries count too: an attorney's unbilled hour is one whatever the task turns out to be."""
    minutes = sum(r.attorney_non_billable_minutes for r in rows.with_unsorted())
    return (Decimal(minutes) / 60 / period_weeks(period)).quantize(CENT)


# --- reads behind the audit pages and API ------------------------------------------------------


@dataclass(frozen=True)
class HitListTotals:
    """The hit list's bottom line."""

    hours: Decimal  # every entry's, the unsorted ones included
    attorney_hours: Decimal
    recoverable_period: Decimal
    recoverable_weekly: Decimal
    recoverable_annual: Decimal
    unsorted_hours: Decimal = Decimal("0")  # "3 h not yet sorted": out of the dollars until a partner decides
    unsorted_entries: int = 0


def hit_list_totals(rows: HitList) -> HitListTotals:
    """Sums of the hit list's rows, its unsorted row included (so the total is exactly the sum of
    what the table shows)."""
    shown = rows.with_unsorted()
    return HitListTotals(
        hours=sum((r.hours for r in shown), Decimal("0")),
        attorney_hours=sum((r.attorney_hours for r in shown), Decimal("0")),
        recoverable_period=sum((r.recoverable_period for r in shown), Decimal("0")),
        recoverable_weekly=sum((r.recoverable_weekly for r in shown), Decimal("0")),
        recoverable_annual=sum((r.recoverable_annual for r in shown), Decimal("0")),
        unsorted_hours=rows.unsorted.hours if rows.unsorted else Decimal("0"),
        unsorted_entries=rows.unsorted.entries if rows.unsorted else 0,
    )


def can_log_for_others(membership: Membership | None) -> bool:
    """Partners and ops staff log tasks for other people; everyone else logs their own."""
    return membership is not None and membership.role in MANAGERS


def entries_visible_to(*, firm: Firm, membership: Membership | None) -> QuerySet[TaskEntry]:
    """Partners and ops see every entry of the firm; other staff see their own; outsiders none."""
    qs = TaskEntry.objects.for_firm(firm).select_related("performer", "timekeeper", "override")
    if membership is None or membership.firm_id != firm.pk or membership.role not in STAFF:
        return qs.none()
    if membership.role in MANAGERS:
        return qs
    return qs.filter(performer_id=membership.user_id)


def periods_overview(*, firm: Firm) -> list[AuditPeriod]:
    """The firm's audit periods, newest first, with entry, hour and participant counts."""
    minutes = (
        TaskEntry.objects.for_firm(firm)
        .filter(period=OuterRef("pk"))
        .order_by()
        .values("period")
        .annotate(m=Sum("minutes"))
        .values("m")
    )
    entries = (
        TaskEntry.objects.for_firm(firm)
        .filter(period=OuterRef("pk"))
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
    )
    return list(
        AuditPeriod.objects.for_firm(firm)
        .select_related("engagement")
        .annotate(
            logged_minutes=Coalesce(Subquery(minutes.values("m")), 0),
            entry_count=Coalesce(Subquery(entries.values("n")), 0),
            participant_count=Count("participants", distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )


def current_period(*, firm: Firm, user: User, day: date) -> AuditPeriod | None:
    """The period someone logs into on a day: one they take part in, else any open one of the firm."""
    periods = [
        p
        for p in AuditPeriod.objects.for_firm(firm)
        .filter(starts_on__lte=day, historical=False)
        .select_related("engagement")[:50]
        if p.is_open_on(day)
    ]
    if not periods:
        return None
    mine = set(
        AuditParticipant.objects.for_firm(firm)
        .filter(period__in=periods, user=user)
        .values_list("period_id", flat=True)
    )
    return next((p for p in periods if p.pk in mine), periods[0])


def participants_of(*, firm: Firm, period: AuditPeriod) -> list[User]:
    """Who is asked to log in a period."""
    ids = AuditParticipant.objects.for_firm(firm).filter(period=period).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "email"))


def day_entries(*, firm: Firm, period: AuditPeriod, user: User, day: date) -> list[TaskEntry]:
    """A person's entries of one day: what they did, and what they logged for others."""
    return list(
        TaskEntry.objects.for_firm(firm)
        .filter(period=period, performed_on=day)
        .filter(Q(performer=user) | Q(logged_by=user))
        .select_related("performer", "timekeeper")
        .order_by("-created_at", "-pk")
    )


def day_minutes(*, firm: Firm, period: AuditPeriod, user: User) -> dict[date, int]:
    """Minutes a person logged on each day of a period, for the day picker."""
    rows = (
        TaskEntry.objects.for_firm(firm)
        .filter(period=period, performer=user)
        .order_by()
        .values("performed_on")
        .annotate(m=Sum("minutes"))
    )
    return {row["performed_on"]: row["m"] for row in rows}


def period_totals(*, firm: Firm, period: AuditPeriod) -> dict[str, Decimal | int]:
    """Headline numbers of a period in one query."""
    wasted = Q(performer_role__in=ATTORNEY_ROLES, bucket=Bucket.OUTSOURCEABLE)
    row = (
        TaskEntry.objects.for_firm(firm)
        .filter(period=period)
        .aggregate(
            entries=Count("pk"),
            total_minutes=Coalesce(Sum("minutes"), 0),
            members=Count("performer", distinct=True),
            # Timekeepers matched to a member are counted as that member.
            timekeepers=Count("timekeeper", distinct=True, filter=Q(performer__isnull=True)),
            attorney_outsourceable=Coalesce(Sum("minutes", filter=wasted), 0),
        )
    )
    return {
        "entries": row["entries"],
        "hours": (Decimal(row["total_minutes"]) / 60).quantize(Decimal("0.1")),
        "people": row["members"] + row["timekeepers"],
        "attorney_outsourceable_hours": (Decimal(row["attorney_outsourceable"]) / 60).quantize(
            Decimal("0.1")
        ),
    }


def override_entry_count(*, firm: Firm, override: ClassificationOverride) -> int:
    """How many of the firm's entries one partner correction decides."""
    return TaskEntry.objects.for_firm(firm).filter(override=override).count()


def overrides_of(*, firm: Firm) -> list[ClassificationOverride]:
    """The firm's partner corrections, newest first, with how many entries each decides."""
    return list(
        ClassificationOverride.objects.for_firm(firm)
        .select_related("created_by", "updated_by")
        .annotate(
            entry_count=Subquery(
                TaskEntry.objects.for_firm(firm)
                .filter(override=OuterRef("pk"))
                .order_by()
                .values("override")
                .annotate(n=Count("pk"))
                .values("n")
            )
        )
        .order_by("-created_at", "-pk")
    )


# --- reads behind the engagement pipeline and the firm dashboard ---------------------------------


def open_period_for_participant(*, firm: Firm, user: User, day: date) -> AuditPeriod | None:
    """An audit period open on this day in which this person is asked to log (their landing page then)."""
    periods = (
        AuditPeriod.objects.for_firm(firm)
        .filter(starts_on__lte=day, participants__user=user, historical=False)
        .exclude(engagement__stage="closed")
        .order_by("-starts_on", "-pk")[:10]
    )
    return next((p for p in periods if p.is_open_on(day)), None)


@dataclass(frozen=True)
class Participation:
    """Who of a period's participants logged something on one day."""

    participants: list[User]
    logged_ids: frozenset[int]

    @property
    def missing(self) -> list[User]:
        return [u for u in self.participants if u.pk not in self.logged_ids]


def participation_on(*, firm: Firm, period: AuditPeriod, day: date) -> Participation:
    """The period's participants and which of them logged on `day` (2 queries)."""
    participants = participants_of(firm=firm, period=period)
    logged = (
        TaskEntry.objects.for_firm(firm)
        .filter(period=period, performed_on=day, performer_id__in=[u.pk for u in participants])
        .values_list("performer_id", flat=True)
        .distinct()
    )
    return Participation(participants, frozenset(logged))


@dataclass(frozen=True)
class AuditFigures:
    """One engagement's latest audit period in figures, for the firm dashboard and the ROI baseline."""

    period: AuditPeriod
    entries: int
    recoverable_annual: Decimal  # = the hit list's total (same per-category rounding)
    baseline_weekly: Decimal  # attorney non-billable hours a week (= attorney_non_billable_hours_per_week)
    unsorted_hours: Decimal = Decimal("0")  # awaiting a partner's review: the dollars may still move


def audit_figures_by_engagement(*, firm: Firm, engagement_ids: list[int]) -> dict[int, AuditFigures]:
    """Latest period, recoverable dollars a year and baseline of many engagements in 1 query: their
    hit lists' totals, so each equals what that engagement's hit list page shows."""
    latest = latest_hit_lists(firm=firm, engagement_ids=engagement_ids)
    figures = {}
    for engagement_id, (period, hits) in latest.items():
        totals = hit_list_totals(hits)
        figures[engagement_id] = AuditFigures(
            period=period,
            entries=sum(r.entries for r in hits.with_unsorted()),
            recoverable_annual=totals.recoverable_annual,
            baseline_weekly=baseline_from_hit_list(hits, period),
            unsorted_hours=totals.unsorted_hours,
        )
    return figures


def unsorted_entries(*, firm: Firm, period: AuditPeriod, limit: int = UNSORTED_SHOWN) -> list[TaskEntry]:
    """The period's entries awaiting a partner's review, most minutes first (they move the most)."""
    return list(
        TaskEntry.objects.for_firm(firm)
        .filter(period=period, bucket=Bucket.REVIEW)
        .select_related("performer", "timekeeper")
        .order_by("-minutes", "-performed_on", "-pk")[:limit]
    )
