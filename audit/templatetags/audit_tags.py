"""Formatting for the audit pages, and the audit panel other pages include."""

from __future__ import annotations

from decimal import Decimal

from django import template

from audit import selectors
from audit.classifier import category_label as _category_label
from firmops.permissions import MANAGERS, STAFF

register = template.Library()


@register.filter
def hours_minutes(minutes) -> str:
    """95 → '1 h 35 min': how people say a duration."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@register.filter
def category_label(slug: str) -> str:
    return _category_label(slug)


@register.filter
def dollars(value) -> str:
    """$12,345 (whole dollars; the CSV has the cents)."""
    if value is None or value == "":
        return ""
    return f"${Decimal(value):,.0f}"


@register.filter
def short_hours(hours) -> str:
    """Decimal('1.50') → '1.5', Decimal('3.00') → '3': hours as people write them."""
    if hours is None or hours == "":
        return ""
    return f"{Decimal(hours).normalize():f}"


@register.filter
def percent(share) -> str:
    """0.625 → '63%'."""
    if share is None or share == "":
        return ""
    return f"{Decimal(share) * 100:.0f}%"


@register.simple_tag(takes_context=True)
def audit_panel(context, engagement) -> dict | None:
    """The engagement page's audit panel: latest period and, for partners and ops, the top of the hit list."""
    firm, membership = context.get("firm"), context.get("membership")
    if firm is None or membership is None or membership.role not in STAFF or engagement.firm_id != firm.pk:
        return None
    period = selectors.latest_period(firm=firm, engagement=engagement)
    manager = membership.role in MANAGERS
    panel = {"period": period, "is_manager": manager, "open_today": False, "top": [], "totals": None}
    if period is None:
        return panel
    panel["open_today"] = period.is_open_on(firm.today_for(membership.user)) and not period.historical
    panel["weeks_averaged"] = selectors.weeks_averaged(period)
    if manager:
        rows = selectors.hit_list(firm=firm, period=period)
        panel["top"] = [r for r in rows if r.recoverable_weekly > 0][:3]
        panel["totals"] = selectors.hit_list_totals(rows)
    return panel
