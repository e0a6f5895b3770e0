"""What happens as a sign-in completes: an SSO session is bound to its ID token, break-glass is told."""

from __future__ import annotations

import time

from allauth.account.signals import user_logged_in
from django.conf import settings

from firmops.messaging.notifications import kind_register
from firmops.sso.adapters import ADMISSION
from firmops.sso.gate import BREAK_GLASS_SESSION, SSO_SESSION
from firmops.sso.selectors import firm_for_provider_id, sso_required_connections
from firmops.sso.services import BREAK_GLASS_KIND, sso_break_glass_record, sso_sign_in_record


def _on_login(sender, request, user, sociallogin=None, **kwargs) -> None:
    if sociallogin is not None and firm_for_provider_id(provider_id=sociallogin.account.provider):
        admission = getattr(request, ADMISSION)
        record = sso_sign_in_record(admission=admission, user=user)
        request.session[SSO_SESSION] = {
            "firm": admission.connection.firm_id,
            "idp": admission.connection.display_name,
            "exp": int(admission.expires_at.timestamp()),
            "auth_time": admission.claims.get("auth_time"),
            "sign_in": record.pk,
        }
        # The session row itself dies soon after the ID token, whatever reads it.
        lasts = int(admission.expires_at.timestamp() - time.time()) + settings.SSO_CLOCK_SKEW_SECONDS
        request.session.set_expiry(max(lasts, 1))
        return
    glass = [c for c in sso_required_connections(user=user) if c.break_glass_id == user.pk]
    if glass:
        for connection in glass:
            sso_break_glass_record(connection=connection, user=user)
        request.session[BREAK_GLASS_SESSION] = [c.firm_id for c in glass]


def connect() -> None:
    kind_register(BREAK_GLASS_KIND, "Break-glass sign-ins to the firm", security=True)
    user_logged_in.connect(_on_login, dispatch_uid="firmops-sso-login")
