"""Sending mail decided by a change: a durable intent in the change's transaction, delivered by the relay."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from firmops.models import Firm

EMAIL_KIND = "email"


def send_on_commit(*, firm: Firm, to: list[str], subject: str, body: str, key: str = "") -> None:
    """Send once the surrounding transaction commits; a rolled-back change sends nothing.

    Each address becomes a `Reminder` row due now, written in the caller's transaction, so a crash or
    a broker outage after commit cannot lose the mail: the kick below is only a shortcut, and the beat
    relay sends whatever it missed. `key` names the cause (one email per key and address, ever);
    without one, every call is its own email.
    """
    from firmops.outbox import enqueue_on_commit  # late: reminders → notifications → this module
    from firmops.reminders import reminder_plan
    from firmops.tasks import deliver_reminder

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
