"""allauth's OpenID Connect provider, as firmops runs it: PKCE always, a nonce in every request."""

from __future__ import annotations

import hashlib

from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.utils.crypto import get_random_string

from firmops.sso.oidc.views import FirmOIDCAdapter


class FirmOIDCProvider(OpenIDConnectProvider):
    """Each firm's IdP is one app of this provider (provider_id `sso-<firm slug>`)."""

    oauth2_adapter_class = FirmOIDCAdapter
    package = "firmops.sso.oidc"  # allauth mounts this package's urls.py: our callback view

    def extract_uid(self, data) -> str:
        """The account key: `sub` scoped to this firm and this issuer, since `sub` is unique only per IdP."""
        # A firm may change IdPs, or a deleted firm's slug be taken again: a bare `sub` ("1") of the
        # new IdP would then open the account an old IdP's "1" was linked to.
        issuer = data["id_token"]["iss"]
        scope = hashlib.sha256(f"{self.app.settings['firm_id']} {issuer}".encode()).hexdigest()[:20]
        return f"{scope}:{data['id_token']['sub']}"

    def get_pkce_params(self) -> dict:
        return generate_code_challenge()  # S256, whatever the app's settings say

    def serialize(self) -> dict:
        # By provider_id: the client id alone does not say which firm's app this is.
        return {"id": self.app.provider_id, "app.client_id": self.app.client_id}

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        # The nonce travels in the state allauth keeps in the session; the ID token must carry it back.
        nonce = get_random_string(43)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params, nonce=nonce)
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


provider_classes = [FirmOIDCProvider]
