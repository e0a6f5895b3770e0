"""Reminders as rows: planned once per dedupe key, sent once by the beat relay.

Phase apps plan their reminders with `reminder_plan` (idempotent) and register a planner with
`register_planner` that the beat job calls per firm; `reminders_send_due` delivers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from firmops.messaging.notifications import address_opted_out, email_opted_out, notification_create
from firmops.models import Firm, Reminder, User
from firmops.tenancy import firm_scope

log = logging.getLogger(__name__)

DELIVERY_KEY_HEADER = "X-Firmops-Delivery-Key"  # firm id and dedupe key: one email per key, ever
Planner = Callable[[Firm, datetime], int]
_planners: dict[str, Planner] = {}


def register_planner(name: str, planner: Planner) -> None:
    """A phase app's function planning its due reminders for one firm at a moment; returns how many."""
    _planners[name] = planner


def reminder_plan(
    *,
    firm: Firm,
    kind: str,
    key: str,
    to: User | str,
    subject: str,
    body: str,
    due_at: datetime,
    url: str = "",
    unsubscribe_url: str = "",
) -> Reminder | None:
    """Plan a reminder unless one with the same key exists; returns the new row or None.

    A member's reminder gets its in-app notification in the same transaction, shown from `due_at`
    (`url`: where the notification links to). `unsubscribe_url`: mail to an address without an
    account carries it as a one-click List-Unsubscribe (the page must take a POST with no CSRF token).
    """
    recipient = to if isinstance(to, User) else None
    email = to.email if isinstance(to, User) else to
    try:
        with firm_scope(firm), transaction.atomic():
            reminder = Reminder.objects.create(
                firm=firm,
                kind=kind,
                dedupe_key=f"{kind}:{key}",
                recipient=recipient,
                to_email=email,
                subject=subject,
                body=body,
                due_at=due_at,
                unsubscribe_url=unsubscribe_url,
            )
            if recipient is not None:
                notification_create(
                    firm=firm,
                    recipient=recipient,
                    kind=kind,
                    title=subject,
                    body=body,
                    url=url,
                    shown_at=due_at,
                    reminder=reminder,
                )
            return reminder
    except IntegrityError:
        return None  # planned already: by a retry, or by a second beat process


def reminders_cancel(*, firm: Firm, dedupe_key: str = "", key_prefix: str = "") -> int:
    """Drop reminders not yet sent (one key, or every key under a prefix), so nobody is chased for
    something already done; their notifications go with them. Returns how many were dropped."""
    if bool(dedupe_key) == bool(key_prefix):
        raise ValueError("Give exactly one of dedupe_key and key_prefix.")
    match = {"dedupe_key": dedupe_key} if dedupe_key else {"dedupe_key__startswith": key_prefix}
    with firm_scope(firm):
        return Reminder.objects.filter(sent_at__isnull=True, **match).delete()[1].get(Reminder._meta.label, 0)


def reminders_plan_all_firms(*, now: datetime | None = None) -> int:
    """Run every registered planner for every firm."""
    now = now or timezone.now()
    planned = 0
    for firm in Firm.objects.all():
        for name, planner in _planners.items():
            try:
                planned += planner(firm, now)
            except Exception:  # one broken planner must not starve the others
                log.exception("reminder planner %s failed for firm %s", name, firm.slug)
    return planned


def _email(reminder: Reminder) -> EmailMessage:
    """The message, carrying its delivery key: a stable Message-ID lets mail systems drop a resend."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "firmops.localhost"
    headers = {
        "Message-ID": f"<reminder.{reminder.firm_id}.{reminder.pk}@{domain}>",
        DELIVERY_KEY_HEADER: f"{reminder.firm_id}:{reminder.dedupe_key}",
    }
    if reminder.unsubscribe_url:  # the mail client's own "Unsubscribe" button, one POST (RFC 8058)
        headers["List-Unsubscribe"] = f"<{reminder.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMessage(
        reminder.subject, reminder.body, settings.DEFAULT_FROM_EMAIL, [reminder.to_email], headers=headers
    )


def _deliver_locked(reminder: Reminder) -> bool:
    """Send one locked, unsent reminder and mark it sent in the same transaction; True if mail went out."""
    # The person's choice is read at sending time, so turning a kind off stops mail already planned.
    skip = (reminder.recipient_id, reminder.kind) in email_opted_out(user_ids=[reminder.recipient_id]) or (
        reminder.recipient_id is None and address_opted_out(email=reminder.to_email, kind=reminder.kind)
    )
    try:  # no savepoint: the caller's transaction is this reminder's alone (fewer round trips per email)
        if not skip:
            _email(reminder).send()
        reminder.sent_at, reminder.email_skipped = timezone.now(), skip
        reminder.save(update_fields=["sent_at", "email_skipped"])
    except Exception as exc:  # the mail server said no: try again next round, up to 5 times
        reminder.attempts += 1
        reminder.last_error = str(exc)[:1000]
        reminder.save(update_fields=["attempts", "last_error"])
        return False
    return not skip


def _unsent_due(now: datetime):
    return Reminder.objects.select_for_update(skip_locked=True).filter(
        sent_at__isnull=True, due_at__lte=now, attempts__lt=5
    )


def reminders_send_due(*, firm: Firm, now: datetime | None = None, batch: int = 2000) -> int:
    """Send this firm's due reminders; returns how many emails went out.

    Each reminder is claimed (row lock, skip_locked), sent and marked in its own transaction: two relays
    never send one twice, and a relay killed mid-batch keeps every mark made before the kill while
    the row it was sending unlocks with its dead connection, for the next run. A reminder whose
    recipient turned its kind off is marked handled without mail (its notification shows anyway).
    """
    now = now or timezone.now()
    sent, failed = 0, []
    for _ in range(batch):
        with firm_scope(firm):
            reminder = _unsent_due(now).exclude(pk__in=failed).order_by("due_at", "pk").first()
            if reminder is None:
                break
            if _deliver_locked(reminder):
                sent += 1
            elif reminder.sent_at is None:
                failed.append(reminder.pk)  # once per run; the next run tries again
    return sent


def reminder_deliver(*, firm_id: int, reminder_id: int) -> bool:
    """Send one reminder now if it is due and nobody sent it (the kick after its cause commits)."""
    with firm_scope(firm_id):
        reminder = _unsent_due(timezone.now()).filter(pk=reminder_id).first()
        return reminder is not None and _deliver_locked(reminder)


def reminders_send_due_all_firms(*, now: datetime | None = None) -> int:
    """The beat relay: every firm's due reminders."""
    return sum(reminders_send_due(firm=firm, now=now) for firm in Firm.objects.all())
