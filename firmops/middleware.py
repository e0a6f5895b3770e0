"""Resolve the active firm from the URL and the user's membership, and act in its scope."""

import re

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from firmops.selectors import memberships_of
from firmops.tenancy import request_firm_scope
from firmops.trail import acting_as, new_request_id

FIRM_PATH = re.compile(r"^/(?:f|api/v1/firms)/(?P<slug>[-a-zA-Z0-9_]+)/")


def _not_found(request, api: bool):
    if api:
        return JsonResponse({"detail": "Not found."}, status=404)
    return TemplateResponse(request, "404.html", status=404).render()


class FirmMiddleware:
    """Every /f/<slug>/ and /api/v1/firms/<slug>/ request runs in that firm's scope, or gets a 404.

    The same 404 answers "no such firm" and "not your firm", so slugs cannot be probed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = FIRM_PATH.match(request.path_info)
        request.firm = request.membership = None
        if not match:
            return self.get_response(request)
        api = request.path_info.startswith("/api/")
        if not request.user.is_authenticated:
            if api:
                return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        request.request_id = new_request_id()
        with transaction.atomic(), acting_as(request.user.pk, request.request_id):
            # One query gives the membership here and the firm switcher's list (request.my_memberships).
            request.my_memberships = memberships_of(user=request.user)
            membership = next((m for m in request.my_memberships if m.firm.slug == match["slug"]), None)
            if membership is None:
                return _not_found(request, api)
            request.firm, request.membership = membership.firm, membership
            blocked = self._mfa_gate(request, api)
            if blocked is not None:
                return blocked
            if request.session.get("firm_slug") != membership.firm.slug:  # no session write per page view
                request.session["firm_slug"] = membership.firm.slug
            with request_firm_scope(membership.firm):
                return self.get_response(request)

    @staticmethod
    def _mfa_gate(request, api: bool):
        """Members whose role the firm puts behind MFA see none of its data until this session passed it.

        Owning an authenticator is not enough: the session itself must have used it (at login, at a
        re-authentication, or by confirming a code when setting it up), so a password-only session
        opened before the authenticator existed is stopped too.
        """
        firm, membership = request.firm, request.membership
        if not firm.requires_mfa(membership.role):
            return None
        if session_passed_mfa(request):
            return None
        role = membership.get_role_display().lower()
        if api:
            return JsonResponse(
                {"detail": f"{firm.name} requires two-factor authentication for {role} members."}, status=403
            )
        enrolled = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        if enrolled:
            messages.warning(
                request, f"{firm.name} requires two-factor authentication: confirm a code to continue."
            )
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        messages.warning(
            request,
            f"{firm.name} requires two-factor authentication for {role} members. "
            "Set up an authenticator app to continue.",
        )
        return redirect("mfa_activate_totp")


def session_passed_mfa(request) -> bool:
    """allauth records every authentication step of the session; one of them must be a TOTP code."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


@receiver(authenticator_added)
def _setting_up_totp_counts_as_passing_it(sender, request, user, authenticator, **kwargs):
    """Activating TOTP means typing a valid code from the new app: this session has proved the factor."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )
