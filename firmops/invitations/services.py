"""Invitations to join a firm: signed, single-use, expiring links sent by email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from firmops.messaging.emails import send_on_commit
from firmops.models import Firm, Invitation, Role, User
from firmops.services import membership_set
from firmops.signals import member_joined
from firmops.tenancy import firm_scope, firm_transaction

_SALT = "firmops.invitation"


@dataclass(frozen=True)
class InvitationCheck:
    invitation: Invitation | None
    problem: str  # "" when the link is good, else "invalid", "expired" or "used"


def invitation_token(invitation: Invitation) -> str:
    """The signed token in an invitation link; tampering with any part breaks the signature."""
    return signing.dumps(
        {"f": invitation.firm_id, "i": invitation.pk, "n": invitation.nonce}, salt=_SALT, compress=True
    )


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation_token(invitation)])


@firm_transaction
def invitation_create(*, firm: Firm, actor: User | None, email: str, role: str) -> Invitation:
    """Invite someone to the firm with a role and email them the link."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": f"{email!r} is not an email address."}) from exc
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role; choose one of {', '.join(Role.values)}."})
    with firm_scope(firm):
        invitation = Invitation.objects.create(
            firm=firm,
            email=email,
            role=role,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        )
    inviter = actor.display_name if actor else "firmops"
    send_on_commit(
        firm=firm,
        key=f"invitation:{invitation.pk}",
        to=[email],
        subject=f"You're invited to {firm.name} on firmops",
        body=(
            f"{inviter} invited you to join {firm.name} on firmops as {invitation.get_role_display()}.\n\n"
            f"Accept within {settings.INVITATION_DAYS} days: {invitation_url(invitation)}\n"
        ),
    )
    return invitation


def invitation_check(token: str) -> InvitationCheck:
    """Resolve a link to its invitation, or say plainly why it cannot be used."""
    try:
        data = signing.loads(token, salt=_SALT)
        firm_id, pk, nonce = int(data["f"]), int(data["i"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return InvitationCheck(None, "invalid")
    with firm_scope(firm_id):
        invitation = Invitation.objects.select_related("firm").filter(pk=pk, nonce=nonce).first()
    if invitation is None:
        return InvitationCheck(None, "invalid")
    if invitation.accepted_at is not None:
        return InvitationCheck(invitation, "used")
    if invitation.expires_at <= timezone.now():
        return InvitationCheck(invitation, "expired")
    return InvitationCheck(invitation, "")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> None:
    """Join the firm. Only the invited address may accept; the link then stops working."""
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            f"This invitation is for {invitation.email}; you are signed in as {user.email}."
        )
    with firm_scope(invitation.firm_id):
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ValidationError("This invitation has already been used.")
        membership_set(firm=invitation.firm, user=user, role=invitation.role)
        locked.accepted_at, locked.accepted_by = timezone.now(), user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        member_joined.send(sender=Invitation, firm=invitation.firm, user=user, role=invitation.role)
    # The link arrived at this address, which proves the address is the user's.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def invitation_signup(
    *, invitation: Invitation, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create the invitee's account from the link and accept in one step."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError("An account with this email exists: sign in to accept.")
    user = User.objects.create_user(
        email=invitation.email, password=password, first_name=first_name, last_name=last_name
    )
    invitation_accept(invitation=invitation, user=user)
    return user
