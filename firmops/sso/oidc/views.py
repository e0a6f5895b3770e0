"""The callback side: the ID token is checked in full, whatever channel brought it.

allauth skips the signature of an ID token that came straight from the token endpoint (the spec
allows it over TLS) and sends no nonce; firmops verifies the RS256/ES256 signature against the
IdP's published keys, the issuer the partner configured, the audience, expiry with a bounded clock
skew, and the nonce it sent, and it reads userinfo only for the same subject.
"""

from __future__ import annotations

import hmac

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.http import Http404

# Asymmetric only: a symmetric (HS*) token would be signed with the client secret, "none" with nothing.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")


class FirmOIDCAdapter(OpenIDConnectOAuth2Adapter):
    state: dict | None = None  # the redirect's state (nonce, PKCE verifier), set by the callback view

    def complete_login(self, request, app, token, **kwargs):
        raw = kwargs["response"].get("id_token")
        if not raw:
            raise OAuth2Error("The identity provider answered without an ID token.")
        claims = self.id_token_verify(app=app, raw=raw)
        userinfo = self._fetch_user_info(token.token)
        if str(userinfo.get("sub")) != str(claims["sub"]):
            raise OAuth2Error("The identity provider's userinfo is about another subject than its ID token.")
        return self.get_provider().sociallogin_from_response(
            request, {"userinfo": userinfo, "id_token": claims}
        )

    def id_token_verify(self, *, app, raw: str) -> dict:
        """The ID token's claims, or OAuth2Error naming what failed."""
        config = self.openid_config
        configured = app.settings["server_url"].rstrip("/")
        if str(config.get("issuer", "")).rstrip("/") != configured:
            raise OAuth2Error(
                f"The discovery document names issuer {config.get('issuer')!r}, not {configured!r}."
            )
        try:
            alg, key = jwtkit.fetch_key(raw, config["jwks_uri"], jwtkit.lookup_kid_jwk)
            if alg not in SIGNING_ALGORITHMS:
                raise OAuth2Error(
                    f"The ID token is signed with {alg}; firmops accepts only public-key signatures."
                )
            claims = jwt.decode(
                raw,
                key=key,
                algorithms=[alg],
                audience=app.client_id,
                issuer=config["issuer"],
                leeway=settings.SSO_CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
            )
        except (jwt.PyJWTError, KeyError) as exc:
            raise OAuth2Error(f"The ID token failed its check: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != app.client_id:
            raise OAuth2Error("The ID token was issued to another client (azp).")
        expected = (self.state or {}).get("nonce") or ""
        if not expected or not hmac.compare_digest(str(claims["nonce"]), expected):
            raise OAuth2Error("The ID token's nonce is not the one this sign-in sent (a replayed token?).")
        jwtkit.verify_jti(claims)  # one use per token id
        return claims


class FirmOIDCCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state  # allauth keeps the state to itself; the nonce check needs it
        return state, response


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(FirmOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


@login_not_required
def callback(request, provider_id):
    try:
        return FirmOIDCCallbackView.adapter_view(FirmOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
