"""Thin Celery tasks of the core: the reminder relay."""

from celery import shared_task
from django.db import OperationalError

from firmops.messaging import reminders


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_due_reminders() -> int:
    """Deliver every due reminder; safe to run twice at once."""
    return reminders.reminders_send_due_all_firms()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def plan_reminders() -> int:
    """Let each phase app plan the reminders now due (idempotent by dedupe key)."""
    return reminders.reminders_plan_all_firms()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def deliver_reminder(*, firm_id: int, reminder_id: int) -> bool:
    """Send one just-planned email now; the beat relay sends it instead if this never arrives."""
    return reminders.reminder_deliver(firm_id=firm_id, reminder_id=reminder_id)
