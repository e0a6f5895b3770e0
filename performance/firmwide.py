"""Reads over many engagements at once (the firm dashboard, the pipeline): a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Sum

from firmops.models import Engagement, Firm
from performance.models import HourEntry, PerformancePlan, ScalingSignal, WorkItem
from performance.selectors import (
    ZERO,
    ProfessionalWeeks,
    Roi,
    add_week,
    delivered_by_professional_week,
    q2,
    roi,
    with_selected,
)
from performance.weeks import local_midnight, monday


def roi_by_engagement(
    *, firm: Firm, engagements: list[Engagement], now: datetime, baselines: dict, selections: dict
) -> dict[int, Roi]:
    """ROI to date of each engagement whose outsourced work has begun, in 3 queries.

    `baselines` (engagement id → audit baseline hours/week) and `selections` (engagement id →
    live selection) come from the audit and vetting selectors; the result equals `roi` per engagement.
    """
    plans = dict(
        PerformancePlan.objects.for_firm(firm)
        .filter(engagement__in=engagements)
        .values_list("engagement_id", "began_on")
    )
    began: dict[int, date] = {}
    for e in engagements:
        if e.pk in plans:
            began[e.pk] = plans[e.pk]
        elif e.pk in selections:
            began[e.pk] = firm.today(selections[e.pk].selected_at)
    if not began:
        return {}
    since = monday(min(began.values()))
    pros: dict[int, dict[int, ProfessionalWeeks]] = defaultdict(dict)
    items = WorkItem.objects.for_firm(firm).filter(
        engagement_id__in=list(began), delivered_at__gte=local_midnight(firm, since)
    )
    for r in delivered_by_professional_week(firm, items, "engagement_id"):
        if r["week"] >= monday(began[r["engagement_id"]]):
            add_week(pros[r["engagement_id"]], r)
    hours: dict[int, dict[date, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for engagement_id, day, amount in (
        HourEntry.objects.for_firm(firm)
        .filter(engagement_id__in=list(began), worked_on__gte=since)
        .values_list("engagement_id", "worked_on")
        .annotate(hours=Sum("hours"))
        .order_by()
    ):
        if day >= monday(began[engagement_id]):
            hours[engagement_id][monday(day)] += Decimal(amount)
    result = {}
    for engagement_id, began_on in began.items():
        listed = sorted(pros[engagement_id].values(), key=lambda p: p.name)
        result[engagement_id] = roi(
            firm=firm,
            began_on=began_on,
            baseline=baselines.get(engagement_id),
            hours_by_week={w: q2(t) for w, t in hours[engagement_id].items()},
            pros=with_selected(listed, selections.get(engagement_id)),
            now=now,
        )
    return result


def open_signal_counts(*, firm: Firm, engagement_ids: list[int]) -> dict[int, int]:
    """Open scaling signals per engagement (1 query)."""
    return dict(
        ScalingSignal.objects.for_firm(firm)
        .filter(engagement_id__in=engagement_ids, status=ScalingSignal.Status.OPEN)
        .values_list("engagement_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
