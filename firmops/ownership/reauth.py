"""Proof of who is at the keyboard before the firm's data is deleted: allauth's re-authentication.

A session counts as freshly authenticated when, within ACCOUNT_REAUTHENTICATION_TIMEOUT, it signed
in or passed allauth's re-authentication page; for a person with an authenticator app that proof
must be a code from it (MFA where on), a password alone is not enough.
"""

from __future__ import annotations

import time

from allauth.account import app_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.urls import reverse
from django.utils.http import urlencode


def recently_authenticated(request) -> bool:
    horizon = time.time() - app_settings.REAUTHENTICATION_TIMEOUT
    fresh = [r for r in get_authentication_records(request, request.user) if r.get("at", 0) >= horizon]
    if is_mfa_enabled(request.user):
        return any(r.get("method") == "mfa" for r in fresh)
    return bool(fresh)


def reauthenticate_url(request, next_url: str) -> str | None:
    """allauth's page that asks for the code (or the password), coming back to next_url; None when the
    person has neither (an SSO-only account: they sign in through their identity provider again)."""
    if is_mfa_enabled(request.user):
        name = "mfa_reauthenticate"
    elif request.user.has_usable_password():
        name = "account_reauthenticate"
    else:
        return None
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def reauthentication_needed_message(request) -> str:
    minutes = app_settings.REAUTHENTICATION_TIMEOUT // 60
    if reauthenticate_url(request, "/") is None:
        return (
            f"Deleting the firm needs a sign-in from the last {minutes} minutes: sign out, sign in "
            "again through your identity provider, and come back."
        )
    what = "a code from your authenticator app" if is_mfa_enabled(request.user) else "your password"
    return f"Confirm it is you with {what} first (good for {minutes} minutes), then type the firm's name."
