"""Reads over many engagements at once (the firm dashboard, the pipeline): a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count

from firmops.models import Engagement, Firm
from performance.models import PerformancePlan, ScalingSignal
from performance.rollup import reads
from performance.selectors import ZERO, ProfessionalWeeks, Roi, hours_from_rows, roi, with_selected
from performance.weeks import monday


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
    return rois_since(firm=firm, began=began, now=now, baselines=baselines, selections=selections)


def rois_since(
    *, firm: Firm, began: dict[int, date], now: datetime, baselines: dict, selections: dict
) -> dict[int, Roi]:
    """ROI to date of engagements whose work began on the given days (2 queries: the work and hour
    rollups summed by month — as many rows as months since work began, whatever the rows under them)."""
    if not began:
        return {}
    until = monday(firm.today(now))
    starts = {engagement_id: monday(day) for engagement_id, day in began.items()}
    ids = list(began)
    pros: dict[int, dict[int, ProfessionalWeeks]] = defaultdict(dict)
    for r in reads.work_rows(firm=firm, engagement_ids=ids, months=(starts, until)):
        if r["n_delivered"]:
            pro = pros[r["eng"]].setdefault(
                r["pro"],
                ProfessionalWeeks(r["pro"], r["pro_name"], r["pro_capacity"], Decimal(r["pro_rate"])),
            )
            pro.months[r["at"]] = pro.months.get(r["at"], ZERO) + Decimal(r["sum_hours"] or 0)
    hours: dict[int, list[dict]] = defaultdict(list)
    for r in reads.hour_rows(firm=firm, engagement_ids=ids, weeks_from=None, months=(starts, until)):
        hours[r["eng"]].append(r)
    result = {}
    for engagement_id, began_on in began.items():
        listed = sorted(pros[engagement_id].values(), key=lambda p: p.name)
        result[engagement_id] = roi(
            firm=firm,
            began_on=began_on,
            baseline=baselines.get(engagement_id),
            hours=hours_from_rows(hours[engagement_id]),
            pros=with_selected(listed, selections.get(engagement_id)),
            now=now,
            weeks_from=until,
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
