"""Resolve the active firm from the URL and the user's membership, and act in its scope."""

import re
from contextlib import contextmanager

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.handlers.exception import response_for_exception
from django.db import connection, transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from firmops.selectors import memberships_of
from firmops.sso.gate import sso_gate
from firmops.tenancy import FIRM_SETTING, request_firm_scope, set_db_setting
from firmops.trail.recording import acting_as, new_request_id

FIRM_PATH = re.compile(r"^/(?:f|api/v1/firms)/(?P<slug>[-a-zA-Z0-9_]+)/")


def _not_found(request, api: bool):
    if api:
        return JsonResponse({"detail": "Not found."}, status=404)
    return TemplateResponse(request, "404.html", status=404).render()


class FirmMiddleware:
    """Every /f/<slug>/ and /api/v1/firms/<slug>/ request runs in that firm's scope, or gets a 404.

    The same 404 answers "no such firm" and "not your firm", so slugs cannot be probed.

    A firm view runs in one transaction that this middleware opens in process_view, around the
    view and the rendering of its template response; ATOMIC_REQUESTS is not applied on top, so
    there is no savepoint per request. What ATOMIC_REQUESTS gave still holds: when the view raises
    (or asks for a rollback, as DRF does on an error answer) the whole transaction rolls back,
    and the error page is drawn afterwards in a fresh transaction of the same scope. Every other
    view is left to ATOMIC_REQUESTS as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = FIRM_PATH.match(request.path_info)
        request.firm = request.membership = None
        request.firm_slug_asked = match["slug"] if match else None
        if match and not request.user.is_authenticated:
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": "Authentication credentials were not provided."}, status=401)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if match:
            request.request_id = new_request_id()
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        slug = getattr(request, "firm_slug_asked", None)
        if slug is None:
            return None  # not a firm page: ATOMIC_REQUESTS wraps the view
        api = request.path_info.startswith("/api/")
        try:
            # One statement sets the user, the request and the firm the address names; one query
            # gives the membership here and the firm switcher's list (request.my_memberships).
            with (
                transaction.atomic(),
                acting_as(request.user.pk, request.request_id, firm_slug=slug) as firm_id,
            ):
                refused = self._admit(request, slug, firm_id, api)
                if refused is not None:
                    return refused
                with request_firm_scope(request.firm, setting_in_place=firm_id is not None):
                    response = _rendered(view(request, *view_args, **view_kwargs), view)
                    if not transaction.get_rollback():
                        return response
        except Exception as exc:
            if request.firm is None:
                raise
            with self._scope_again(request):
                return _rendered(response_for_exception(request, exc), view)
        with self._scope_again(request):  # the view asked for a rollback; its answer may read
            return _rendered(response, view)

    @classmethod
    def _admit(cls, request, slug: str, firm_id: int | None, api: bool):
        """Find the membership (or refuse), then pass the MFA gate; None when the view may run.

        Inside acting_as(..., firm_slug=slug), whose firm id it checks against the membership's.
        """
        request.my_memberships = memberships_of(
            user=request.user, user_setting_in_place=True, with_unread=True, with_sso=True
        )  # with the bell's count, so the layout spends no query on it (and the firm's SSO rule)
        membership = next((m for m in request.my_memberships if m.firm.slug == slug), None)
        if connection.vendor == "postgresql" and (membership is None or membership.firm_id != firm_id):
            set_db_setting(FIRM_SETTING, None)  # not this user's firm: it stays out of scope
            membership = None
        if membership is None:
            return _not_found(request, api)
        request.firm, request.membership = membership.firm, membership
        blocked = sso_gate(request, api=api, passed_mfa=session_passed_mfa)
        if blocked is None and not request.sso_bound:  # a session of the firm's IdP had the IdP's MFA
            blocked = cls._mfa_gate(request, api)
        if blocked is not None:
            return blocked
        if request.session.get("firm_slug") != membership.firm.slug:  # no session write per page view
            request.session["firm_slug"] = membership.firm.slug
        return None

    @staticmethod
    @contextmanager
    def _scope_again(request):
        """After a rollback: the request's scope in a new transaction, to draw the answer in."""
        with transaction.atomic(), acting_as(request.user.pk, request.request_id):
            with request_firm_scope(request.firm):
                yield

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


def refusal_before_body(request):
    """For the request guard, about to refuse a firm request's body: the answer the request gets
    first (the 404 of a stranger to the firm, the MFA gate), or None for a member who passes.

    Its own short transaction, only on that refusal path: a well-formed request is admitted once,
    in FirmMiddleware.process_view, which runs after CSRF has had its look at the body.
    """
    slug = getattr(request, "firm_slug_asked", None)
    if slug is None:
        return None
    with (
        transaction.atomic(),
        acting_as(request.user.pk, request.request_id, firm_slug=slug) as firm_id,
    ):
        return FirmMiddleware._admit(request, slug, firm_id, request.path_info.startswith("/api/"))


def _rendered(response, view):
    """Render a template response while the scope holds (Django would render it after process_view)."""
    if response is None:
        name = f"{view.__module__}.{getattr(view, '__name__', view)}"
        raise ValueError(f"The view {name} didn't return an HttpResponse.")
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


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
