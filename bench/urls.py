"""The product's routes plus /bench/ceiling/: the cheapest response this stack can give (only under bench)."""

from django.http import JsonResponse
from django.urls import path

from firmops.urls import urlpatterns as product


def ceiling(request):
    """A constant JSON answer through the same middleware and workers as every page."""
    return JsonResponse({"ok": True, "service": "firmops"})


urlpatterns = [path("bench/ceiling/", ceiling), *product]
