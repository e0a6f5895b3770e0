"""Thin Celery tasks of the core: the reminder relay, the firm's data exports and scheduled deletions."""

from celery import shared_task
from django.db import OperationalError

from firmops.messaging import reminders
from firmops.ownership import exports
from firmops.ownership.deletion import firm_deletions_run_due_all_firms


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


# A big firm's zip takes minutes; the limits sit below the broker's visibility timeout (the sweeper
# takes a build "building" longer than exports.STALE_AFTER as lost and queues it again).
@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=exports.BUILD_TIME_LIMIT - 60,
    time_limit=exports.BUILD_TIME_LIMIT,
)
def build_firm_export(*, firm_id: int, export_id: int) -> str | None:
    """Write one firm's data export; a duplicate delivery finds it ready (or building) and does nothing."""
    export = exports.firm_export_build(firm_id=firm_id, export_id=export_id)
    return export.status if export else None


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def sweep_firm_exports() -> dict[str, int]:
    """Each relay period: delete exports past their week, enqueue again the builds the broker lost."""
    return exports.firm_exports_sweep_all_firms(build=build_firm_export)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5, time_limit=1800)
def run_due_firm_deletions() -> list[str]:
    """Delete the firms whose 30 days of grace are over (each in one transaction, all or nothing)."""
    return firm_deletions_run_due_all_firms()
