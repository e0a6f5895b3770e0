"""An import as a job: claimed by one worker, its progress committed as it goes, its end all-or-nothing.

The first pass (reading and checking) reports rows read and rows valid every few thousand rows in
short transactions of their own, so the page's bar moves; the second pass writes the entries and
the job's final status in one transaction, so a killed worker leaves either everything or nothing
(and the sweeper runs the job again). Small files run the same code inline, in the request.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial

from celery import Task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from audit.csv_io import audit_entries_import_csv
from audit.imports.mapping import Mapping
from audit.imports.models import ImportJob
from audit.imports.pipeline import Source, check_file, write_file
from audit.imports.readers import CSV, FIRMOPS, XLSX
from audit.imports.rows import Report
from firmops.messaging.outbox import enqueue, enqueue_on_commit
from firmops.models import Firm
from firmops.tenancy import firm_scope

log = logging.getLogger(__name__)
STALE_AFTER = datetime.timedelta(minutes=10)  # a job checking or writing this long was lost: run it again
KEEP_FILES_FOR = datetime.timedelta(days=7)  # an upload nobody mapped or retried is deleted after this
Status = ImportJob.Status


class _Rollback(Exception):
    pass


def job_source(job: ImportJob) -> Source:
    """The job's stored file as a source the pipeline can open (and open again)."""
    mapping = Mapping.from_dict(job.spec) if job.kind in (CSV, XLSX) else None
    return Source(job.kind, partial(job.file.storage.open, job.file.name, "rb"), mapping)


def _claim(firm_id: int, job_id: int) -> ImportJob | None:
    """Mark the job checking (committed when run by a worker); None: nothing to do or someone is on it."""
    with firm_scope(firm_id):
        job = (
            ImportJob.objects.select_for_update(of=("self",))
            .select_related("firm", "period", "requested_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status not in ImportJob.ACTIVE:
            return None  # gone, waiting for its mapping, or a duplicate delivery after the end
        now = timezone.now()
        if job.status != Status.QUEUED and job.started_at and job.started_at > now - STALE_AFTER:
            return None  # another worker is on it
        job.status, job.started_at, job.rows_read, job.rows_valid = Status.CHECKING, now, 0, 0
        job.save(update_fields=["status", "started_at", "rows_read", "rows_valid"])
        return job


def _progress(firm_id: int, job_id: int, report: Report) -> None:
    with firm_scope(firm_id):
        ImportJob.objects.filter(pk=job_id).update(rows_read=report.rows, rows_valid=report.valid)


def _finish(job: ImportJob, status: str, report: Report | None = None, error: str = "") -> None:
    """Record the job's end (inside the caller's transaction); a finished import's file is deleted."""
    job.status, job.finished_at, job.error = status, timezone.now(), error[:2000]
    fields = ["status", "finished_at", "error"]
    if report is not None:
        job.report, job.rows_read, job.rows_valid = report.as_dict(), report.rows, report.valid
        job.imported = report.imported
        fields += ["report", "rows_read", "rows_valid", "imported"]
    if status == Status.DONE and job.file:
        job.file.delete(save=False)  # the entries hold what the audit needs; the client's file goes
        fields.append("file")
    job.save(update_fields=fields)


def _own_csv(job: ImportJob, report: Report) -> None:
    """firmops' own CSV: audit/csv_io.py reads, checks and writes it in one pass (its own reports)."""
    with job.file.storage.open(job.file.name, "rb") as stream:
        own = audit_entries_import_csv(
            firm=job.firm, stream=stream, size=job.size, actor=job.requested_by, period=job.period
        )
    report.rows, report.imported = own.rows, own.imported
    report.valid = own.rows if own.ok else 0
    report.problems, report.unlisted = own.problems, own.unlisted


def import_job_run(*, firm_id: int, job_id: int, inline: bool = False) -> ImportJob | None:
    """Run one import job to its end; safe to run twice (a finished job is left alone).

    inline: inside a request's transaction, where progress cannot be seen before the end anyway.
    """
    job = _claim(firm_id, job_id)
    if job is None:
        with firm_scope(firm_id):
            return ImportJob.objects.filter(pk=job_id).first()
    report = Report()
    try:
        if job.kind == FIRMOPS:
            with firm_scope(firm_id):
                _own_csv(job, report)
                if report.ok:
                    _finish(job, Status.DONE, report)
        else:
            source = job_source(job)
            progress = None if inline else partial(_progress, firm_id, job.pk)
            checked = check_file(source, firm=job.firm, period=job.period, report=report, progress=progress)
            if report.ok:
                _write(job, source, checked, report)
        if not report.ok:
            with firm_scope(firm_id):
                _finish(job, Status.REJECTED, report)
    except Exception as exc:  # firmops' failure, not the file's: say so, keep the file for a retry
        log.exception("import job %s failed", job_id)
        with firm_scope(firm_id):
            _finish(job, Status.FAILED, error=f"{type(exc).__name__}: {exc}")
    return job


def _write(job: ImportJob, source: Source, checked, report: Report) -> None:
    with firm_scope(job.firm_id):
        ImportJob.objects.filter(pk=job.pk).update(
            status=Status.WRITING, rows_read=report.rows, rows_valid=report.valid
        )
    try:
        with firm_scope(job.firm_id):
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status == Status.DONE:
                return  # a duplicate delivery finished it meanwhile
            write_file(source, firm=job.firm, actor=job.requested_by, checked=checked, report=report)
            if not report.ok:
                raise _Rollback  # the timekeepers it may have created go too
            _finish(job, Status.DONE, report)
    except _Rollback:
        report.imported = 0


def import_job_start(job: ImportJob, *, run: Task, sync_rows: int) -> None:
    """Run a small job now, in the caller's transaction; queue a big one for a worker after commit."""
    if job.rows_total <= sync_rows:
        import_job_run(firm_id=job.firm_id, job_id=job.pk, inline=True)
        job.refresh_from_db()
    else:
        enqueue_on_commit(run, firm_id=job.firm_id, job_id=job.pk)


def import_jobs_requeue_stale_all_firms(*, run: Task, now: datetime.datetime | None = None) -> int:
    """The beat sweeper: queue again the imports the broker lost, and delete uploads left too long.

    A duplicate is harmless: the run claims its row and leaves a finished or freshly started job alone.
    """
    now = now or timezone.now()
    queued_before = now - datetime.timedelta(seconds=settings.EXPORT_REQUEUE_AFTER)
    lost = []
    for firm in Firm.objects.all():
        with firm_scope(firm):
            lost += ImportJob.objects.filter(
                Q(status=Status.QUEUED, created_at__lt=queued_before)
                | Q(status__in=(Status.CHECKING, Status.WRITING), started_at__lt=now - STALE_AFTER)
            ).values_list("firm_id", "pk")
            for job in ImportJob.objects.filter(
                ~Q(file=""), status__in=(Status.MAPPING, Status.REJECTED, Status.FAILED),
                created_at__lt=now - KEEP_FILES_FOR,
            ):  # fmt: skip
                job.file.delete(save=False)
                job.save(update_fields=["file"])
    for firm_id, job_id in lost:
        enqueue(run, firm_id=firm_id, job_id=job_id)
    return len(lost)
