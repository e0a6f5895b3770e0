"""Thin Celery tasks of the performance phase: the daily signal check and the Monday report."""

from celery import shared_task
from django.db import OperationalError

from performance import report, scaling


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def evaluate_scaling_signals() -> int:
    """Raise the scaling signals that hold today, in every firm; each alert once (unique key)."""
    return scaling.signals_evaluate_all_firms()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def send_weekly_reports() -> int:
    """Hourly: email last week's report to partners of each firm whose Monday 08:00 has come (once a week)."""
    return report.reports_send_due_all_firms()
