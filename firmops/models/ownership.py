"""A firm's own data, self-service: the export jobs a partner starts and the deletion one schedules."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from firmops.tenancy import FirmOwned


def _export_path(instance: FirmExport, filename: str) -> str:
    # An unguessable folder: media is never served publicly, and this keeps it so behind any proxy.
    return f"firm-exports/{instance.firm_id}/{secrets.token_hex(16)}/{filename}"


class FirmExport(FirmOwned):
    """One export of everything the firm owns: a job the page polls, its zip offered for a week."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    RUNNING = (Status.QUEUED, Status.BUILDING)
    # Its own archives are not exported again (each export would hold all the earlier ones).
    export_files = False

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=_export_path, blank=True, max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0, help_text="Rows written, over every table.")
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloads = models.PositiveIntegerField(default=0)
    last_downloaded_at = models.DateTimeField(null=True, blank=True)
    last_downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "data export"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Asked twice at once, one job: the second request finds the first (firmops.ownership.exports).
            models.UniqueConstraint(
                fields=["firm"],
                condition=Q(status__in=["queued", "building"]),
                name="firm_export_one_running",
            )
        ]

    def __str__(self) -> str:
        return f"Data export of {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class FirmExportProgress(FirmOwned):
    """How far a building export is, table by table; apart from the export so the trail is not
    filled with one change per table (the export's own row records request, build, downloads, expiry)."""

    audit_trail = False
    export = models.ForeignKey(FirmExport, on_delete=models.CASCADE, related_name="progress_rows")
    tables_done = models.PositiveIntegerField(default=0)
    tables_total = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "data export progress"
        constraints = [models.UniqueConstraint(fields=["firm", "export"], name="firm_export_progress_once")]

    @property
    def percent(self) -> int:
        return self.tables_done * 100 // self.tables_total if self.tables_total else 0


class FirmDeletion(FirmOwned):
    """A partner's request to delete the whole firm: 30 days of grace in which any partner can cancel."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(help_text="When the deletion runs, unless a partner cancels it first.")
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "scheduled firm deletion"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # A deletion asked while one is scheduled: refused with a message, never a second schedule.
            models.UniqueConstraint(
                fields=["firm"], condition=Q(status="scheduled"), name="firm_deletion_one_scheduled"
            )
        ]

    def __str__(self) -> str:
        return f"Deletion {self.status}, due {self.due_at:%Y-%m-%d}"
