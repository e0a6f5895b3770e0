"""Writes for SSO: the firm's connection and its test, domain claims, who an IdP sign-in admits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import requests
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from firmops.invitations.services import invitation_accept
from firmops.messaging.emails import notification_send
from firmops.models import Firm, Invitation, Membership, Role, User
from firmops.selectors import firm_members
from firmops.services import membership_set
from firmops.sso.crypto import secret_encrypt
from firmops.sso.directory import domain_firm_id
from firmops.sso.models import SsoConnection, SsoDomain, SsoSecret, SsoSignIn
from firmops.sso.selectors import email_domain
from firmops.tenancy import firm_scope, firm_transaction, get_for_firm

# Fields whose change means the last connection test no longer speaks for the connection.
_TESTED_FIELDS = ("issuer", "client_id", "secret_env")
_DOMAIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-.")


BREAK_GLASS_KIND = "firmops.sso_break_glass"


class SsoRefused(Exception):
    """An IdP sign-in firmops does not admit; the message tells the person why."""


@firm_transaction
def sso_connection_save(
    *, firm: Firm, connection: SsoConnection, client_secret: str = "", changed: list[str] = ()
) -> SsoConnection:
    """Save the firm's connection; a new secret is encrypted apart from it and never read back out."""
    with firm_scope(firm):
        if set(changed) & set(_TESTED_FIELDS) or client_secret:
            connection.tested_at = None  # test again before members are sent there
            connection.discovery = {}
        if connection.require_sso and connection.tested_at is None:
            raise ValidationError(
                {"require_sso": "Test the connection first: members are sent there only once it answered."}
            )
        if connection.break_glass_id is not None:
            _check_break_glass(firm=firm, user=connection.break_glass)
        if any(role == Role.PARTNER for _, role in connection.group_roles):
            raise ValidationError({"group_roles": "No group makes a partner: partners are named in firmops."})
        if client_secret:
            SsoSecret.objects.update_or_create(
                firm=firm, defaults={"ciphertext": secret_encrypt(plaintext=client_secret)}
            )
            connection.secret_set_at = timezone.now()
        connection.firm = firm
        connection.save()
    return connection


def _check_break_glass(*, firm: Firm, user: User) -> None:
    if not Membership.objects.for_firm(firm).filter(user=user, role=Role.PARTNER, is_active=True).exists():
        raise ValidationError({"break_glass": "The break-glass account must be one of the firm's partners."})
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        raise ValidationError(
            {"break_glass": f"{user.email} has no authenticator app: break-glass sign-in needs two-factor."}
        )


@firm_transaction
def sso_connection_test(*, firm: Firm, connection: SsoConnection) -> SsoConnection:
    """Fetch the IdP's discovery document and keys; record what was found, or say what is wrong."""
    issuer = connection.issuer.rstrip("/")
    url = issuer + "/.well-known/openid-configuration"
    try:
        with get_social_adapter().get_requests_session() as session:
            answer = session.get(url)
            answer.raise_for_status()
            config = answer.json()
            problems = _discovery_problems(config=config, issuer=issuer)
            if not problems:
                keys = session.get(config["jwks_uri"])
                keys.raise_for_status()
                if not keys.json().get("keys"):
                    problems.append(f"{config['jwks_uri']} lists no signing keys.")
    except (requests.RequestException, ValueError) as exc:
        raise ValidationError(f"{url} did not answer with a discovery document: {exc}") from exc
    if problems:
        raise ValidationError(problems)
    with firm_scope(firm):
        connection.tested_at = timezone.now()
        connection.discovery = {
            k: config[k] for k in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        }
        connection.save(update_fields=["tested_at", "discovery", "updated_at"])
    return connection


def _discovery_problems(*, config: dict, issuer: str) -> list[str]:
    problems = []
    if str(config.get("issuer", "")).rstrip("/") != issuer:
        problems.append(f"The IdP calls itself {config.get('issuer')!r}, not {issuer!r}: use its own issuer.")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"):
        if not config.get(key):
            problems.append(f"The discovery document has no {key}.")
    methods = config.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        problems.append("The IdP does not offer PKCE with S256, which firmops requires.")
    algorithms = config.get("id_token_signing_alg_values_supported", [])
    if not any(a.startswith(("RS", "PS", "ES")) for a in algorithms):
        problems.append("The IdP signs ID tokens with no public-key algorithm (RS256, ES256, …).")
    return problems


@firm_transaction
def sso_domain_claim(*, firm: Firm, actor: User, domain: str) -> SsoDomain:
    """Claim an email domain for the firm: proven by the partner's own verified address at it."""
    domain = domain.strip().lower().removeprefix("@")
    if not domain or "." not in domain or not set(domain) <= _DOMAIN_CHARS:
        raise ValidationError({"domain": f"{domain!r} is not a domain name (e.g. averystone.com)."})
    owner = domain_firm_id(domain=domain)
    if owner == firm.pk:
        raise ValidationError({"domain": f"{domain} is already this firm's."})
    if owner is not None:
        raise ValidationError({"domain": f"{domain} is claimed by another firm."})
    proven = EmailAddress.objects.filter(user=actor, verified=True, email__iendswith="@" + domain).exists()
    if not proven:
        raise ValidationError(
            {"domain": f"Claim {domain} from a verified address at it: yours ({actor.email}) is not."}
        )
    with firm_scope(firm):
        return SsoDomain.objects.create(firm=firm, domain=domain, claimed_by=actor)


@firm_transaction
def sso_domain_release(*, firm: Firm, domain_id: int) -> str:
    """Give a domain up (404 for another firm's, as for a missing one); returns the domain."""
    with firm_scope(firm):
        domain = get_for_firm(SsoDomain, firm=firm, pk=domain_id)
        domain.delete()
    return domain.domain


@dataclass
class Admission:
    """Who an IdP sign-in lets in, decided before allauth signs anyone in."""

    connection: SsoConnection
    email: str
    subject: str
    groups: list[str]
    expires_at: datetime
    user: User | None = None  # an existing account (linked, or to link)
    invitation: Invitation | None = None
    join_as: str = ""  # a role for a new membership (invitation or just-in-time)
    claims: dict = field(default_factory=dict)


def sso_admit(*, connection: SsoConnection, claims: dict, linked_user: User | None) -> Admission:
    """Decide whether this IdP's word admits this person to its firm, or raise SsoRefused saying why."""
    firm, idp = connection.firm, connection.display_name
    email = str(claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") not in (True, "true", "True"):
        raise SsoRefused(f"{idp} did not confirm an email address for you; ask {firm.name}'s IT to send it.")
    raw_groups = claims.get(connection.groups_claim) or []
    groups = [str(g) for g in raw_groups] if isinstance(raw_groups, list) else [str(raw_groups)]
    admission = Admission(
        connection=connection,
        email=email,
        subject=str(claims["sub"]),
        groups=groups,
        expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=UTC),
        claims=claims,
    )
    user = linked_user or User.objects.filter(email__iexact=email).first()
    own_domain = domain_firm_id(domain=email_domain(email)) == firm.pk
    with firm_scope(firm):
        membership = Membership.objects.for_firm(firm).filter(user=user).first() if user else None
        invitation = (
            Invitation.objects.for_firm(firm)
            .filter(email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
    if user is not None and linked_user is None and not (own_domain or invitation):
        # The IdP vouches for addresses of the firm's own domains, or for the one the firm invited.
        raise SsoRefused(
            f"{idp} confirmed {email}, but that address is not at a domain {firm.name} claimed: "
            "sign in with your password, or ask a partner to invite you."
        )
    admission.user = user
    if membership is not None and membership.is_active:
        return admission
    if membership is not None:
        raise SsoRefused(f"You were removed from {firm.name}; a partner can add you again.")
    if invitation is not None:
        admission.invitation, admission.join_as = invitation, invitation.role
        return admission
    if connection.jit_role and own_domain:
        admission.join_as = sso_role_for_groups(connection=connection, groups=groups) or connection.jit_role
        return admission
    raise SsoRefused(f"{idp} confirmed {email}, but {firm.name} has not invited this address to firmops.")


def sso_role_for_groups(*, connection: SsoConnection, groups: list[str]) -> str:
    """The role of the first mapped group the member is in, or "" (never partner: see sso_connection_save)."""
    return next((role for group, role in connection.group_roles if group in groups), "")


@transaction.atomic
def sso_sign_in_record(*, admission: Admission, user: User) -> SsoSignIn:
    """After allauth signed them in: join (invitation or just-in-time), map groups to a role, and record."""
    firm, connection = admission.connection.firm, admission.connection
    if admission.invitation is not None:
        invitation_accept(invitation=admission.invitation, user=user)
    elif admission.join_as:
        membership_set(firm=firm, user=user, role=admission.join_as)
    with firm_scope(firm):
        membership = Membership.objects.get(user=user)
        mapped = sso_role_for_groups(connection=connection, groups=admission.groups)
        # The IdP moves staff between staff roles; it never touches a partner or the outsider.
        if mapped and membership.role not in (Role.PARTNER, Role.EXTERNAL) and membership.role != mapped:
            membership.role = mapped
            membership.save(update_fields=["role"])
        return SsoSignIn.objects.create(
            firm=firm,
            user=user,
            method=SsoSignIn.Method.SSO,
            subject=admission.subject,
            groups=admission.groups,
            role=membership.role,
            expires_at=admission.expires_at,
        )


@transaction.atomic
def sso_break_glass_record(*, connection: SsoConnection, user: User) -> SsoSignIn:
    """The break-glass partner signed in with a password: into the trail, and every other partner told."""
    firm = connection.firm
    with firm_scope(firm):  # the partners are read in the firm's scope too (row-level security)
        record = SsoSignIn.objects.create(
            firm=firm, user=user, method=SsoSignIn.Method.BREAK_GLASS, role=Role.PARTNER
        )
        when = timezone.localtime(record.at, firm.zone).strftime("%b %d, %Y %H:%M %Z")
        for partner in firm_members(firm=firm, roles=(Role.PARTNER,)):
            if partner.user_id == user.pk:
                continue
            notification_send(
                firm=firm,
                recipient=partner.user,
                kind=BREAK_GLASS_KIND,
                subject=f"Break-glass sign-in to {firm.name}",
                body=(
                    f"{user.email} signed in to {firm.name} with the break-glass password and "
                    f"two-factor code at {when}, bypassing {connection.display_name}. If this was not "
                    "expected, remove the break-glass designation in the firm's SSO settings "
                    "and change that password."
                ),
                key=f"break-glass:{record.pk}:{partner.user_id}",
            )
        return record
