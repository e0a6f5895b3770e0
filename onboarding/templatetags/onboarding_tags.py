"""Template tags behind the panels other pages include (engagement page, partner dashboard)."""

from __future__ import annotations

from django import template

from firmops.models import Role
from firmops.permissions import MANAGERS, STAFF
from onboarding import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def onboarding_summary(context, engagement) -> dict | None:
    """The engagement's onboarding state for the current member, or None when they may not see it."""
    request = context.get("request")
    firm, membership = getattr(request, "firm", None), getattr(request, "membership", None)
    if firm is None or membership is None or engagement is None or engagement.firm_id != firm.pk:
        return None
    if membership.role == Role.EXTERNAL and not selectors.is_engagement_professional(
        firm=firm, user=membership.user, engagement=engagement
    ):
        return None
    plan = selectors.plan_for(firm=firm, engagement=engagement)
    return {
        "plan": plan,
        "progress": plan and selectors.plan_progress(firm=firm, plan=plan),
        "guide": selectors.guide_for(firm=firm, engagement=engagement),
        "can_manage": membership.role in MANAGERS,
        "is_staff": membership.role in STAFF,
    }


@register.simple_tag(takes_context=True)
def onboarding_overdue(context, limit: int = 20) -> list:
    """Overdue plan items of the firm, for staff only."""
    request = context.get("request")
    firm, membership = getattr(request, "firm", None), getattr(request, "membership", None)
    if firm is None or membership is None or membership.role not in STAFF:
        return []
    return selectors.overdue_items(firm=firm, limit=limit)
