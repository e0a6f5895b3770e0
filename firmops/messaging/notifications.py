"""In-app notifications that mirror the emails, and each person's choice of which kinds also email them.

Every email the product sends to a member comes with its notification: `reminder_plan` calls
`notification_create` in the transaction that plans the reminder (`emails.notification_send` for
what is said at once), so the bell and the mailbox cannot disagree. Apps declare their kinds with a
human label (`kind_register`, in their AppConfig.ready) so the preferences page can list them;
security mail is always sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from firmops.models import AddressOptOut, EmailOptOut, Firm, Notification, Reminder, User
from firmops.tenancy import firm_scope, firm_transaction, get_for_firm


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # what the preferences page calls it
    security: bool = False  # password reset, verification, MFA, invitations: never turned off
    to_members: bool = True  # False: mailed to someone without an account (a provider contact); no bell


_kinds: dict[str, Kind] = {}


def kind_register(key: str, label: str, *, security: bool = False, to_members: bool = True) -> Kind:
    """Declare a kind of email/notification; apps call this from AppConfig.ready()."""
    kind = Kind(key=key, label=label, security=security, to_members=to_members)
    _kinds[key] = kind
    return kind


def kind_get(key: str) -> Kind:
    """The registered kind, or a stand-in labelled by its key (never a reason to lose a notification)."""
    return _kinds.get(key) or Kind(key=key, label=key)


def kinds_registered() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.security, k.label.lower()))


def kinds_for_preferences() -> list[Kind]:
    """What a member can receive: the kinds they may turn off, then the security mail they cannot."""
    return [k for k in kinds_registered() if k.to_members]


def email_opted_out(*, user_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(user id, kind) pairs whose email is off, for a batch of recipients in one query.

    Security kinds never appear, even if a row says so: that mail always goes.
    """
    ids = {i for i in user_ids if i}
    if not ids:
        return set()
    rows = EmailOptOut.objects.filter(user_id__in=ids).values_list("user_id", "kind")
    return {(user_id, kind) for user_id, kind in rows if not kind_get(kind).security}


def address_opted_out(*, email: str, kind: str) -> bool:
    """Whether someone with no account told the firm in scope to stop this kind of email to them."""
    return AddressOptOut.objects.filter(email=email.strip().lower(), kind=kind).exists()


def addresses_opted_out(*, kind: str) -> set[str]:
    """Every address that stopped this kind of email from the firm in scope (one query, for planners)."""
    return set(AddressOptOut.objects.filter(kind=kind).values_list("email", flat=True))


def address_opt_out(*, firm: Firm, email: str, kind: str) -> bool:
    """Stop this kind of email to an address for good (asking twice changes nothing); True if new."""
    try:
        with firm_scope(firm), transaction.atomic():
            AddressOptOut.objects.create(firm=firm, email=email.strip().lower(), kind=kind)
    except IntegrityError:
        return False  # opted out already (a second click, a second tab)
    return True


def email_preferences_set(*, user: User, email_off: Iterable[str]) -> list[str]:
    """Turn email off for exactly these kinds (on for the rest); security kinds cannot be turned off."""
    wanted_off = set(email_off)
    unknown = sorted(wanted_off - set(_kinds))
    if unknown:
        raise ValueError(f"Unknown notification kind: {', '.join(unknown)}.")
    locked = sorted(k for k in wanted_off if _kinds[k].security)
    if locked:
        raise ValueError(f"Security mail cannot be turned off: {', '.join(_kinds[k].label for k in locked)}.")
    with transaction.atomic():
        EmailOptOut.objects.filter(user=user).exclude(kind__in=wanted_off).delete()
        have = set(EmailOptOut.objects.filter(user=user).values_list("kind", flat=True))
        EmailOptOut.objects.bulk_create(EmailOptOut(user=user, kind=k) for k in sorted(wanted_off - have))
    return sorted(wanted_off)


def _local_path(url: str) -> str:
    """Store a path inside firmops: strip our own site prefix, drop anything pointing elsewhere."""
    site = settings.SITE_URL.rstrip("/")
    if url.startswith(site + "/"):
        url = url[len(site) :]
    return url if url.startswith("/") and not url.startswith("//") else ""


def notification_create(
    *,
    firm: Firm,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    shown_at: datetime | None = None,
    reminder: Reminder | None = None,
) -> Notification:
    """Write the bell's row for one person; call it in the transaction that decides to email them."""
    with firm_scope(firm):
        return Notification.objects.create(
            firm=firm,
            recipient=recipient,
            kind=kind,
            title=title[:200],
            body=body,
            url=_local_path(url),
            shown_at=shown_at or timezone.now(),
            reminder=reminder,
        )


def _mine(*, firm: Firm | OuterRef, user: User, now: datetime | None = None):
    """The person's notifications that have come due in a firm (`firm` may be an OuterRef)."""
    return Notification.objects.all_firms().filter(
        firm_id=firm if isinstance(firm, OuterRef) else firm.pk,
        recipient=user,
        shown_at__lte=now or timezone.now(),
    )


def notifications_for(*, firm: Firm, user: User, now: datetime | None = None):
    """The person's notifications in this firm that have come due, newest first."""
    return _mine(firm=firm, user=user, now=now).order_by("-shown_at", "-pk")


def unread_count(*, firm: Firm, user: User, now: datetime | None = None) -> int:
    """The bell's number: one COUNT query."""
    return _mine(firm=firm, user=user, now=now).filter(read_at__isnull=True).count()


def unread_count_per_membership(*, user: User, now: datetime | None = None):
    """unread_count as an annotation of a membership query (each row: its own firm), so a page that
    reads the member's memberships anyway gets the bell's number without a query of its own."""
    unread = (
        _mine(firm=OuterRef("firm_id"), user=user, now=now)
        .filter(read_at__isnull=True)
        .order_by()
        .values("firm_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread), 0)


@firm_transaction
def notification_mark_read(*, firm: Firm, user: User, notification_id: int) -> Notification:
    """Mark one of the person's own notifications read (404 for anyone else's)."""
    notification = get_for_firm(Notification, firm=firm, pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@firm_transaction
def notification_mark_all_read(*, firm: Firm, user: User, now: datetime | None = None) -> int:
    """Mark everything the person can see in this firm read; returns how many changed."""
    now = now or timezone.now()
    return _mine(firm=firm, user=user, now=now).filter(read_at__isnull=True).update(read_at=now)


def register_security_kinds() -> None:
    """The core's mail: account security and invitations, which nobody can turn off."""
    kind_register("account.password_reset", "Password reset links", security=True)
    kind_register("account.email_verification", "Email address confirmation", security=True)
    kind_register("account.mfa", "Two-factor authentication changes and recovery", security=True)
    kind_register("firmops.invitation", "Invitations to join a firm", security=True)
