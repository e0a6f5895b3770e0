"""Reads of the audit: the hit list and the baselines later phases compare against."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from audit.classifier import category_label
from audit.models import ATTORNEY_ROLES, AuditPeriod, Bucket, TaskEntry
from firmops.models import Engagement, Firm

WEEKS_PER_YEAR = 52
_MONEY = DecimalField(max_digits=14, decimal_places=2)


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


def latest_period(*, firm: Firm, engagement: Engagement) -> AuditPeriod | None:
    """The engagement's most recent audit period."""
    return AuditPeriod.objects.for_firm(firm).filter(engagement=engagement).order_by("-starts_on", "-pk").first()


def hit_list(*, firm: Firm, period: AuditPeriod) -> list[HitListRow]:
    """Categories of the period ranked by the dollars of attorney time they waste; one aggregate query."""
    outsourced = firm.rate_outsourced
    attorney = Q(performer_role__in=ATTORNEY_ROLES)
    wasted = attorney & Q(bucket=Bucket.OUTSOURCEABLE)
    saving_per_minute = ExpressionWrapper(F("minutes") * (F("hourly_cost") - Value(outsourced)), output_field=_MONEY)
    rows = (
        TaskEntry.objects.for_firm(firm)
        .filter(period=period)
        .values("category")
        .annotate(
            total_minutes=Sum("minutes"),
            attorney_minutes=Coalesce(Sum("minutes", filter=attorney), 0),
            days=Count("performed_on", distinct=True),
            entries=Count("pk"),
            outsourceable_entries=Count("pk", filter=Q(bucket=Bucket.OUTSOURCEABLE)),
            recoverable_minutes_dollars=Coalesce(Sum(saving_per_minute, filter=wasted), Value(Decimal("0")), output_field=_MONEY),
        )
        .order_by()
    )
    weeks = Decimal(period.days) / Decimal(7)
    result = []
    for row in rows:
        recoverable = max(Decimal(row["recoverable_minutes_dollars"]) / 60, Decimal("0")).quantize(Decimal("0.01"))
        weekly = (recoverable / weeks).quantize(Decimal("0.01"))
        hours = Decimal(row["total_minutes"]) / 60
        attorney_hours = Decimal(row["attorney_minutes"]) / 60
        result.append(
            HitListRow(
                category=row["category"],
                label=category_label(row["category"]),
                bucket=Bucket.OUTSOURCEABLE if row["outsourceable_entries"] * 2 >= row["entries"] else Bucket.CORE,
                hours=hours.quantize(Decimal("0.01")),
                attorney_hours=attorney_hours.quantize(Decimal("0.01")),
                attorney_share=(attorney_hours / hours).quantize(Decimal("0.001")) if hours else Decimal("0"),
                days=row["days"],
                entries=row["entries"],
                recoverable_period=recoverable,
                recoverable_weekly=weekly,
                recoverable_annual=(weekly * WEEKS_PER_YEAR).quantize(Decimal("0.01")),
            )
        )
    result.sort(key=lambda r: (-r.recoverable_weekly, -r.hours, r.label))
    return result


def attorney_non_billable_hours_per_week(*, firm: Firm, period: AuditPeriod) -> Decimal:
    """The audit-week baseline the performance phase compares attorneys against."""
    minutes = (
        TaskEntry.objects.for_firm(firm)
        .filter(period=period, performer_role__in=ATTORNEY_ROLES, billable=False)
        .aggregate(m=Coalesce(Sum("minutes"), 0))["m"]
    )
    return (Decimal(minutes) / 60 / (Decimal(period.days) / 7)).quantize(Decimal("0.01"))
