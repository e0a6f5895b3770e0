"""The build and the sweep of a partner's data export (asked for in firmops.ownership.services): Celery
writes the same zip `export_firm` writes, offered for FIRM_EXPORT_DAYS and then deleted.

The export's row is in the audit trail (who asked, when it was ready, each download, its expiry);
its table-by-table progress lives apart (FirmExportProgress) so the trail is not one line per table.
"""

from __future__ import annotations

import datetime
import logging
import tempfile

from celery import Task
from django.conf import settings
from django.core.files import File
from django.db import OperationalError
from django.utils import timezone

from firmops.messaging.outbox import enqueue, lost_jobs
from firmops.models import Firm, FirmExport, FirmExportProgress
from firmops.ownership.archive import firm_export_write
from firmops.tenancy import firm_scope

log = logging.getLogger(__name__)
# A build is killed at its task's time limit (firmops.tasks), so one "building" for longer was lost.
BUILD_TIME_LIMIT = 1800
STALE_AFTER = datetime.timedelta(seconds=BUILD_TIME_LIMIT + 300)
QUEUED_PERCENT = 2


def export_percent(export: FirmExport) -> int:
    """What the progress bar shows: a sliver while queued, tables written while building, full after."""
    if export.status == FirmExport.Status.QUEUED:
        return QUEUED_PERCENT
    if export.status == FirmExport.Status.BUILDING:
        progress = next(iter(export.progress_rows.all()), None)  # prefetched by the list selectors
        return max(QUEUED_PERCENT, min(99, progress.percent if progress else 0))
    return 100


def _start(firm_id: int, export_id: int, now: datetime.datetime) -> bool:
    """Mark the job building (committed, so the page sees it); False when there is nothing to do."""
    with firm_scope(firm_id):
        export = FirmExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status not in FirmExport.RUNNING:
            return False  # gone, or a duplicate delivery already built it
        if export.status == FirmExport.Status.BUILDING and export.started_at > now - STALE_AFTER:
            return False  # another worker is on it
        export.status, export.started_at = FirmExport.Status.BUILDING, now
        export.save(update_fields=["status", "started_at"])
        FirmExportProgress.objects.filter(export=export).update(tables_done=0)
        return True


def _failed(firm_id: int, export_id: int, exc: BaseException) -> None:
    with firm_scope(firm_id):
        FirmExport.objects.filter(pk=export_id).update(
            status=FirmExport.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )


def firm_export_build(*, firm_id: int, export_id: int) -> FirmExport | None:
    """Write the zip to a temporary file, store it, mark the job ready; safe to run twice."""
    now = timezone.now()
    if not _start(firm_id, export_id, now):
        with firm_scope(firm_id):
            return FirmExport.objects.filter(pk=export_id).first()
    firm = Firm.objects.get(pk=firm_id)

    def on_table(done: int, total: int) -> None:
        with firm_scope(firm_id):
            FirmExportProgress.objects.filter(export_id=export_id).update(
                tables_done=done, tables_total=total
            )

    try:
        with tempfile.TemporaryFile() as out:
            counts = firm_export_write(firm=firm, out=out, on_table=on_table)
            out.seek(0)
            with firm_scope(firm_id):
                export = FirmExport.objects.select_for_update().get(pk=export_id)
                name = f"{firm.slug}-data-{firm.today():%Y-%m-%d}.zip"
                export.file.save(name, File(out, name=name), save=False)
                finished = timezone.now()
                export.status, export.size, export.rows = (
                    FirmExport.Status.READY,
                    export.file.size,
                    sum(counts.values()),
                )
                export.finished_at, export.error = finished, ""
                export.expires_at = finished + datetime.timedelta(days=settings.FIRM_EXPORT_DAYS)
                export.save(
                    update_fields=["file", "status", "size", "rows", "finished_at", "error", "expires_at"]
                )
                return export
    except OperationalError:
        raise  # the database hiccupped: the task retries, and the build starts again
    except Exception as exc:  # recorded for the page; the partner asks again (a new job)
        log.exception("firm export %s of firm %s failed", export_id, firm_id)
        _failed(firm_id, export_id, exc)
        with firm_scope(firm_id):
            return FirmExport.objects.filter(pk=export_id).first()


def firm_export_expire(*, firm: Firm, export: FirmExport) -> None:
    """Delete the stored zip and mark the export expired (inside the caller's firm scope)."""
    if export.file:
        export.file.delete(save=False)
    export.status, export.file = FirmExport.Status.EXPIRED, ""
    export.save(update_fields=["status", "file"])


def firm_exports_sweep_all_firms(*, build: Task, now: datetime.datetime | None = None) -> dict[str, int]:
    """The beat sweeper: delete the zips past their week, and enqueue again the builds the broker lost.

    `build` is the task itself, passed in so this module never imports the tasks module at load.
    """
    now = now or timezone.now()
    queued_before = now - datetime.timedelta(seconds=settings.EXPORT_REQUEUE_AFTER)
    expired, lost = 0, []
    for firm in Firm.objects.all():
        with firm_scope(firm):
            for export in FirmExport.objects.select_for_update(skip_locked=True).filter(
                status=FirmExport.Status.READY, expires_at__lte=now
            ):
                firm_export_expire(firm=firm, export=export)
                expired += 1
            lost += FirmExport.objects.filter(
                lost_jobs(queued_before=queued_before, started_before=now - STALE_AFTER)
            ).values_list("firm_id", "pk")
    for firm_id, export_id in lost:
        enqueue(build, firm_id=firm_id, export_id=export_id)
    return {"expired": expired, "requeued": len(lost)}
