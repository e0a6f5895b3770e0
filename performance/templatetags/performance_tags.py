"""Number formats of the performance pages and the engagement panel other pages include."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from audit.selectors import category_label
from performance import firmwide
from performance import selectors as s
from performance.models import CheckIn, ScalingSignal

register = template.Library()


@register.filter
def pct(value) -> str:
    """0.953 → 95%."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) * 100:.0f}%"


@register.filter
def hrs(value) -> str:
    """12.50 → 12.5 h."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.1f} h"


@register.filter
def money(value) -> str:
    """-1234.5 → −$1,235."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    return f"{'−' if amount < 0 else ''}${abs(amount):,.0f}"


@register.filter
def days(value) -> str:
    if value is None:
        return "—"
    return f"{value:g} days"


@dataclass(frozen=True)
class Panel:
    engagement_id: int
    roi_net: Decimal
    roi_basis: str
    recovered_hours: Decimal
    roi_through: object
    open_signals: int
    next_checkin: CheckIn | None


def panel_for(*, firm, engagement, now: datetime | None = None) -> Panel:
    """ROI to date, open signals and the next check-in of one engagement (7 queries)."""
    now = now or timezone.now()
    ctx = s.engagement_context(firm=firm, engagement=engagement)
    roi = firmwide.rois_since(
        firm=firm,
        began={engagement.pk: ctx.began_on},
        now=now,
        baselines={engagement.pk: ctx.baseline},
        selections={engagement.pk: ctx.selection},
    )[engagement.pk]
    signals = (
        ScalingSignal.objects.for_firm(firm)
        .filter(engagement=engagement, status=ScalingSignal.Status.OPEN)
        .count()
    )
    nxt = (
        CheckIn.objects.for_firm(firm)
        .filter(engagement=engagement, status=CheckIn.Status.SCHEDULED, scheduled_at__gte=now)
        .order_by("scheduled_at")
        .first()
    )
    return Panel(engagement.pk, roi.net, roi.basis, roi.recovered_hours, roi.through, signals, nxt)


@register.simple_tag(takes_context=True)
def performance_panel(context, engagement) -> Panel | None:
    """{% performance_panel engagement as panel %}: figures of _engagement_panel.html; None for outsiders."""
    firm, membership = context.get("firm"), context.get("membership")
    if firm is None or membership is None or membership.role == "external" or engagement is None:
        return None
    if engagement.firm_id != firm.pk:
        return None
    return panel_for(firm=firm, engagement=engagement)


@register.filter
def get_item(mapping, key):
    """mapping|get_item:key — look a value up by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def category(slug: str) -> str:
    """A task category's label."""
    return category_label(slug) if slug else "—"
