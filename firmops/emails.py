"""Sending mail after the transaction that decided to send it has committed."""

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def send_on_commit(*, to: list[str], subject: str, body: str) -> None:
    """Send once the surrounding transaction commits; a rolled-back change sends nothing."""
    transaction.on_commit(
        partial(
            send_mail,
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=to,
        )
    )
