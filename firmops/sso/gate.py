"""Enforcement on every request: an SSO session ends with its ID token; a firm that requires SSO
shows its data only to sessions its own IdP opened (or its break-glass partner's, with two-factor)."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from firmops.models.firms import INTERNAL_ROLES
from firmops.sso.selectors import connection_for

SSO_SESSION = "sso"  # {"firm", "idp", "exp", "auth_time", "sign_in"}: set at an SSO sign-in
BREAK_GLASS_SESSION = "sso_break_glass"  # firm ids whose break-glass partner this session is


class SsoSessionMiddleware:
    """Ends a session opened through an IdP once that IdP's ID token expires: back through the IdP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        binding = request.session.get(SSO_SESSION)
        if binding and time.time() >= binding["exp"]:
            logout(request)
            messages.info(request, f"Your sign-in through {binding['idp']} has ended: sign in there again.")
        return self.get_response(request)


def sso_gate(request, *, api: bool, passed_mfa) -> JsonResponse | None:
    """None when the session may see the firm; else the refusal. Sets request.sso_bound.

    Called by FirmMiddleware with the membership (annotated `sso_required`) already found.
    """
    firm, membership = request.firm, request.membership
    request.sso_bound = False
    if not getattr(membership, "sso_required", False) or membership.role not in INTERNAL_ROLES:
        return None  # no SSO rule, or the outsourced professional (not the firm's staff)
    if (request.session.get(SSO_SESSION) or {}).get("firm") == firm.pk:
        request.sso_bound = True  # the firm's own IdP opened this session; its MFA is the IdP's
        return None
    connection = connection_for(firm=firm)
    glass = firm.pk in request.session.get(BREAK_GLASS_SESSION, [])
    if connection is None or (glass and connection.break_glass_id == request.user.pk and passed_mfa(request)):
        return None
    message = f"{firm.name} signs its members in through {connection.display_name}."
    if api:
        return JsonResponse({"detail": f"{message} Sign in there to use the API."}, status=403)
    messages.warning(request, f"{message} Continue there to open the firm.")
    query = urlencode({"firm": firm.slug, "next": request.get_full_path()})
    return redirect(f"{reverse('sso_start')}?{query}")
