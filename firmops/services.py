"""Writes of the core: firms, memberships, engagements and their stages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from firmops.models import Firm, Membership, Role, User
from firmops.tenancy import firm_scope, firm_transaction


@transaction.atomic
def firm_create(*, name: str, slug: str = "", time_zone: str = "America/New_York", **fields) -> Firm:
    """A new firm (tenant). Its first partner joins through an invitation (firmops.invitations.services)."""
    slug = slugify(slug or name)
    if not slug:
        raise ValidationError({"slug": "A firm needs a name or slug made of letters or digits."})
    if Firm.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"The slug {slug!r} is taken."})
    firm = Firm(name=name, slug=slug, time_zone=time_zone, **fields)
    firm.full_clean()
    firm.save()
    return firm


@firm_transaction
def membership_set(*, firm: Firm, user: User, role: str, hourly_rate=None) -> Membership:
    """Give a user a role in a firm (creating or updating the membership)."""
    if role not in Role.values:
        raise ValidationError({"role": f"{role!r} is not a role; choose one of {', '.join(Role.values)}."})
    with firm_scope(firm):
        membership, _ = Membership.objects.update_or_create(
            user=user, defaults={"role": role, "hourly_rate": hourly_rate, "is_active": True, "firm": firm}
        )
    return membership


@firm_transaction
def membership_remove(*, firm: Firm, actor: User, membership: Membership) -> None:
    """Take someone out of the firm and sign them out everywhere at once."""
    if membership.firm_id != firm.pk:
        raise ValidationError("That person is not a member of this firm.")
    if membership.user_id == actor.pk:
        raise ValidationError("You cannot remove yourself; ask another partner.")
    with firm_scope(firm):
        others = Membership.objects.filter(role=Role.PARTNER, is_active=True).exclude(pk=membership.pk)
        if membership.role == Role.PARTNER and not others.exists():
            raise ValidationError("A firm needs at least one partner.")
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    user_sessions_end(user_id=membership.user_id)


def user_sessions_end(*, user_id: int) -> None:
    """End every session of a user at once, whatever the session engine (see User.session_generation).

    The new generation takes effect when the transaction commits; allauth's session rows, and the
    stored sessions they name, are deleted after it, so the "your sessions" page stays true.
    """
    from allauth.usersessions.models import UserSession

    User.objects.filter(pk=user_id).update(session_generation=F("session_generation") + 1)
    transaction.on_commit(lambda: [s.end() for s in UserSession.objects.filter(user_id=user_id)])
