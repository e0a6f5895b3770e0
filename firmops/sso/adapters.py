"""allauth's social side for firmops: each firm's IdP as an app built from the firm's own settings."""

from __future__ import annotations

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.shortcuts import render

from firmops.sso.selectors import client_secret, connection_for, firm_for_provider_id, provider_id_for
from firmops.sso.services import SsoRefused, sso_admit

log = logging.getLogger(__name__)
ADMISSION = "_sso_admission"  # on the request, from pre_social_login to the user_logged_in handler


class SsoAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        """Only a firm's own tested connection is an app; no app lives in settings or allauth's table."""
        firm = firm_for_provider_id(provider_id=provider or "")
        connection = connection_for(firm=firm) if firm else None
        if connection is None or connection.tested_at is None:
            return []
        if client_id is not None and client_id != connection.client_id:
            return []
        app = SocialApp(
            provider="openid_connect",
            provider_id=provider_id_for(firm=firm),
            name=connection.display_name,
            client_id=connection.client_id,
            secret=client_secret(connection=connection),
            settings={
                "server_url": connection.issuer.rstrip("/"),
                "oauth_pkce_enabled": True,
                "firm_id": firm.pk,
            },
        )
        return [app]

    def pre_social_login(self, request, sociallogin) -> None:
        """Admit or refuse before anyone is signed in; link an invited or domain member's account."""
        firm = firm_for_provider_id(provider_id=sociallogin.account.provider)
        connection = connection_for(firm=firm) if firm else None
        data = sociallogin.account.extra_data
        claims = {**data.get("userinfo", {}), **data.get("id_token", {})}  # the signed token wins
        linked = sociallogin.user if sociallogin.is_existing else None
        try:
            if sociallogin.state.get("process") != "login":
                raise SsoRefused("A firm's IdP signs people in; it is not connected to another account.")
            if connection is None:
                raise SsoRefused("This firm no longer signs in through an identity provider.")
            admission = sso_admit(connection=connection, claims=claims, linked_user=linked)
        except SsoRefused as exc:
            log.warning("SSO sign-in refused for %s: %s", sociallogin.account.provider, exc)
            page = render(request, "sso/refused.html", {"reason": str(exc), "firm": firm}, status=403)
            raise ImmediateHttpResponse(page) from exc
        setattr(request, ADMISSION, admission)
        if linked is None and admission.user is not None:
            sociallogin.connect(request, admission.user)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """Say in the log why an IdP's answer failed its checks (the page stays generic)."""
        log.warning(
            "SSO sign-in failed at %s: %s %s", getattr(provider, "sub_id", provider), error, exception
        )

    def is_open_for_signup(self, request, sociallogin) -> bool:
        """New accounts only for someone pre_social_login admitted (invited, or just-in-time)."""
        admission = getattr(request, ADMISSION, None)
        return admission is not None and bool(admission.join_as)

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        return user
