"""Thin Celery tasks of the performance phase: the daily signal check and the Monday report."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from performance import report, scaling


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def evaluate_scaling_signals() -> int:
    """Raise the scaling signals that hold today, in every firm; each alert once (unique key)."""
    return scaling.signals_evaluate_all_firms()


# Each report's render is killed at PDF_RENDER_TIMEOUT (firmops/pdf/render.py); the batch as a whole stops at
# these limits and the next hourly run carries on (a delivery is unique per engagement and week).
@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_weekly_reports() -> int:
    """Hourly: email last week's report to partners of each firm whose Monday 08:00 has come (once a week)."""
    return report.reports_send_due_all_firms()
