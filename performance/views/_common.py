"""What every performance page shares: engagement lookup, role sets, errors onto forms, the firm's clock."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from firmops.engagements.selectors import engagements_visible_to
from firmops.models import Engagement, Role
from firmops.permissions import MANAGERS, STAFF
from firmops.tenancy import get_for_firm
from performance.selectors import with_plan_start

VIEWERS = STAFF
EDITORS = STAFF
CHECKIN_EDITORS = (Role.PARTNER, Role.ATTORNEY, Role.OPS)
SIGNAL_DECIDERS = (Role.PARTNER,)
HOUR_MANAGERS = MANAGERS
EVERYONE = (*STAFF, Role.EXTERNAL)


def engagement_for(request, engagement_id: int, *, with_plan: bool = False) -> Engagement:
    """The engagement if this member may see it; the same 404 for missing, foreign or hidden (1 query).

    `with_plan` brings the performance plan's start day along (see `with_plan_start`).
    """
    engagements = engagements_visible_to(firm=request.firm, membership=request.membership)
    if with_plan:
        engagements = with_plan_start(firm=request.firm, engagements=engagements)
    try:
        return engagements.get(pk=engagement_id)
    except (Engagement.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No engagement here.") from exc


def visible_child(request, model, pk: int):
    """A row hanging off an engagement, if this member may see that engagement."""
    obj = get_for_firm(model, firm=request.firm, pk=pk)
    engagement_for(request, obj.engagement_id)
    return obj


def require(request, roles) -> None:
    if request.membership is None or request.membership.role not in roles:
        raise PermissionDenied("Your role in this firm cannot do this.")


def first_error(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        return f"{field.replace('_', ' ')}: {messages[0]}" if field != "__all__" else messages[0]
    return exc.messages[0]


def firm_clock(view):
    """Show and read times in the member's zone (their own, else the firm's)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        with timezone.override(request.firm.zone_of(request.user)):
            return view(request, *args, **kwargs)

    return wrapped
