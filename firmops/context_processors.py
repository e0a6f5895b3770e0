from functools import cache

from django.utils.functional import SimpleLazyObject

from firmops.notifications import unread_count
from firmops.selectors import memberships_of


def firm(request) -> dict:
    """The active firm and membership for the layout, and the firms to switch to (looked up only if shown)."""
    return {
        "firm": getattr(request, "firm", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": getattr(request, "my_memberships", None)  # firm pages: read by the middleware
        or SimpleLazyObject(lambda: memberships_of(user=request.user)),
        "unread_notifications": _unread(request),
    }


def _unread(request):
    """The bell's count: read with the membership on firm pages, else at most one COUNT query."""
    active = getattr(request, "firm", None)
    if active is None or not request.user.is_authenticated:
        return 0
    counted = getattr(request.membership, "unread_notifications", None)
    if counted is not None:  # read with the membership by FirmMiddleware: no query of its own
        return counted
    # Templates call a callable each time they read it; the cache makes that one query per request.
    return cache(lambda: unread_count(firm=active, user=request.user))
