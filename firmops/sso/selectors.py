"""Reads for SSO: a firm's connection, the firm behind an email, whose password the firm refuses."""

from __future__ import annotations

import os

from django.conf import settings
from django.urls import reverse

from firmops.models import Firm, User
from firmops.models.firms import INTERNAL_ROLES
from firmops.selectors import memberships_of
from firmops.sso.crypto import secret_decrypt
from firmops.sso.directory import domain_firm_id
from firmops.sso.models import SsoConnection, SsoDomain, SsoSecret
from firmops.tenancy import firm_scope

PROVIDER_PREFIX = "sso-"


def provider_id_for(*, firm: Firm) -> str:
    """The allauth provider id of a firm's IdP: one OpenID Connect app per firm."""
    return PROVIDER_PREFIX + firm.slug


def firm_for_provider_id(*, provider_id: str) -> Firm | None:
    if not provider_id.startswith(PROVIDER_PREFIX):
        return None
    return Firm.objects.filter(slug=provider_id.removeprefix(PROVIDER_PREFIX)).first()


def connection_for(*, firm: Firm) -> SsoConnection | None:
    with firm_scope(firm, savepoint=False):
        return SsoConnection.objects.for_firm(firm).select_related("firm", "break_glass").first()


def domains_of(*, firm: Firm) -> list[SsoDomain]:
    with firm_scope(firm, savepoint=False):
        return list(SsoDomain.objects.for_firm(firm))


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def connection_for_email(*, email: str) -> SsoConnection | None:
    """The connection of the firm that claimed this address's domain, if that firm has one."""
    firm_id = domain_firm_id(domain=email_domain(email))
    if firm_id is None:
        return None
    return connection_for(firm=Firm.objects.get(pk=firm_id))


def client_secret(*, connection: SsoConnection) -> str:
    """The client secret: from the named environment variable, else decrypted from the database."""
    if connection.secret_env:
        return os.environ.get(connection.secret_env, "")
    with firm_scope(connection.firm_id, savepoint=False):
        stored = SsoSecret.objects.for_firm(connection.firm_id).first()
    return secret_decrypt(ciphertext=stored.ciphertext) if stored else ""


def callback_url(*, firm: Firm) -> str:
    """The redirect URI the partner registers at the IdP."""
    path = reverse("openid_connect_callback", kwargs={"provider_id": provider_id_for(firm=firm)})
    return settings.SITE_URL.rstrip("/") + path


def sso_required_connections(*, user: User) -> list[SsoConnection]:
    """The connections of the firms that make this user, as their staff, sign in through their IdP."""
    found = []
    for membership in memberships_of(user=user):
        if membership.role not in INTERNAL_ROLES:
            continue  # the outsourced professional is not the firm's staff
        connection = connection_for(firm=membership.firm)
        if connection is not None and connection.require_sso:
            found.append(connection)
    return found


def password_refused_by(*, user: User) -> SsoConnection | None:
    """The first firm that refuses this user's password (its break-glass partner excepted), or None."""
    return next((c for c in sso_required_connections(user=user) if c.break_glass_id != user.pk), None)
