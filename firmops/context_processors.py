from django.utils.functional import SimpleLazyObject

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
    """The bell's count, read with the membership by FirmMiddleware; none where no firm is active."""
    return getattr(getattr(request, "membership", None), "unread_notifications", 0)
