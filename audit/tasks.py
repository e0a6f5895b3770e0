"""Thin Celery tasks of the audit: imports of a firm's time records (audit/imports/jobs.py)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from audit.imports.jobs import import_job_run, import_jobs_requeue_stale_all_firms


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def run_import(*, firm_id: int, job_id: int) -> str | None:
    """Import one uploaded file; a duplicate delivery finds the job finished (or claimed) and stops."""
    job = import_job_run(firm_id=firm_id, job_id=job_id)
    return job.status if job else None


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def requeue_stale_imports() -> int:
    """Each relay period: queue again the imports the broker lost (safe: a run claims its job)."""
    return import_jobs_requeue_stale_all_firms(run=run_import)
