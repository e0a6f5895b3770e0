"""The product's routes plus the bench's own (only under bench): the cheapest response this stack can
give, and firm pages that do nothing of their own, to measure what every firm page pays before its work."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path

from firmops.permissions import STAFF, role_required
from firmops.urls import urlpatterns as product


def ceiling(request):
    """A constant JSON answer through the same middleware and workers as every page."""
    return JsonResponse({"ok": True, "service": "firmops"})


def signed_in(request):
    """The ceiling plus the session and its user (no firm, no transaction of a firm)."""
    return JsonResponse({"ok": request.user.is_authenticated})


@role_required(*STAFF)
def firm_json(request, firm_slug: str):
    """A firm request that does nothing of its own: session, user, membership, RLS setting."""
    return JsonResponse({"firm": request.firm.slug})


@role_required(*STAFF)
def firm_page(request, firm_slug: str):
    """The same, drawn in the layout every page shares (CSRF token, firm switcher, bell, navigation)."""
    return render(request, "bench/empty.html")


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("bench/signed-in/", signed_in),
    path("f/<slug:firm_slug>/bench/empty.json", firm_json),
    path("f/<slug:firm_slug>/bench/empty/", firm_page),
    *product,
]
