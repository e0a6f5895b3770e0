"""Sending mail decided by a change: a durable intent in the change's transaction, delivered by the relay.

`send_on_commit` mails addresses (a provider contact, an invitee); `notification_send` tells a member,
in the bell and by email unless they turned that kind off.
"""

from __future__ import annotations

import uuid
from functools import partial

from django.db import transaction
from django.utils import timezone

from firmops.messaging.outbox import enqueue_on_commit
from firmops.messaging.reminders import reminder_deliver, reminder_plan
from firmops.models import Firm, Reminder, User
from firmops.tasks import deliver_reminder

EMAIL_KIND = "email"


def send_on_commit(*, firm: Firm, to: list[str], subject: str, body: str, key: str = "") -> None:
    """Send once the surrounding transaction commits; a rolled-back change sends nothing.

    Each address becomes a `Reminder` row due now, written in the caller's transaction, so a crash or
    a broker outage after commit cannot lose the mail: the kick below is only a shortcut, and the beat
    relay sends whatever it missed. `key` names the cause (one email per key and address, ever);
    without one, every call is its own email.
    """
    key = key or uuid.uuid4().hex
    for address in to:
        reminder = reminder_plan(
            firm=firm,
            kind=EMAIL_KIND,
            key=f"{key}:{address}",
            to=address,
            subject=subject,
            body=body,
            due_at=timezone.now(),
        )
        if reminder is not None:
            enqueue_on_commit(deliver_reminder, firm_id=firm.pk, reminder_id=reminder.pk)


def notification_send(
    *, firm: Firm, recipient: User, kind: str, subject: str, body: str, url: str = "", key: str = ""
) -> Reminder | None:
    """Tell a member now: a reminder row due at once, so its notification is written with it and the
    relay emails it unless they turned this kind off. `key` makes it once per cause (else every call)."""
    reminder = reminder_plan(
        firm=firm,
        kind=kind,
        key=key or uuid.uuid4().hex,
        to=recipient,
        subject=subject,
        body=body,
        due_at=timezone.now(),
        url=url,
    )
    if reminder is not None:
        # Mailed right after commit, as immediate email always was; the beat relay retries a failure.
        transaction.on_commit(partial(reminder_deliver, firm_id=firm.pk, reminder_id=reminder.pk))
    return reminder
