"""The tables of imports: a firm's saved column mappings, and each import as a job with a status.

Loaded by audit.models (one import line there); relations name audit's models by string, so this
module needs nothing of audit and no import circle forms.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from firmops.tenancy import FirmOwned


class ColumnMapping(FirmOwned):
    """Which column of one export layout is what, saved under a name so next month needs no mapping.

    `header_key` names the layout (audit.imports.mapping.header_key): an upload with the same header
    row finds its mapping without asking.
    """

    name = models.CharField(max_length=80)
    header = models.JSONField(default=list, help_text="The header row the mapping was made for.")
    header_key = models.CharField(max_length=64)
    spec = models.JSONField(default=dict, help_text="The mapping (audit.imports.mapping.Mapping).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["firm", "name"], name="audit_mapping_name_once")]
        indexes = [models.Index(fields=["firm", "header_key"])]

    def __str__(self) -> str:
        return self.name


def _upload_path(instance: ImportJob, filename: str) -> str:
    """A name nobody can guess, under the firm's folder; the file is never served at a URL."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"audit/imports/{instance.firm_id}/{uuid.uuid4().hex}{suffix}"


class ImportJob(FirmOwned):
    """One uploaded file on its way into the audit: a job the page polls and the API reads.

    The file is kept in storage (never at a public URL) until the job ends, then deleted; the
    report stays. Entries and the final status are written in one transaction: all or nothing.
    """

    audit_trail = False  # the job's own bookkeeping; the entries it writes carry the trail

    class Status(models.TextChoices):
        MAPPING = "mapping", "Waiting for its column mapping"
        QUEUED = "queued", "Queued"
        CHECKING = "checking", "Checking rows"
        WRITING = "writing", "Writing entries"
        DONE = "done", "Imported"
        REJECTED = "rejected", "Nothing imported"  # the report names the file's problems
        FAILED = "failed", "Failed"  # firmops' fault, not the file's: try again

    class Kind(models.TextChoices):  # what audit.imports.readers.sniff found
        LEDES = "ledes", "LEDES 1998B invoices"
        FIRMOPS = "firmops", "firmops CSV"
        CSV = "csv", "CSV export (mapped columns)"
        XLSX = "xlsx", "Excel workbook (mapped columns)"

    MAPPED_KINDS = (Kind.CSV, Kind.XLSX)
    ACTIVE = (Status.QUEUED, Status.CHECKING, Status.WRITING)
    FINISHED = (Status.DONE, Status.REJECTED, Status.FAILED)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=_upload_path, blank=True, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    period = models.ForeignKey(
        "audit.AuditPeriod", on_delete=models.CASCADE, null=True, blank=True, related_name="imports"
    )
    mapping = models.ForeignKey(
        ColumnMapping, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    spec = models.JSONField(default=dict, blank=True, help_text="The mapping as applied to this file.")
    header = models.JSONField(default=list, blank=True)
    rows_total = models.PositiveIntegerField(default=0, help_text="Lines in the file: the bar's end.")
    rows_read = models.PositiveIntegerField(default=0)
    rows_valid = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.original_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def mappable(self) -> bool:
        """A CSV or workbook whose columns may be (re)mapped: waiting for them, or rejected as read."""
        return (
            self.kind in self.MAPPED_KINDS
            and self.status in (self.Status.MAPPING, self.Status.REJECTED)
            and bool(self.file)
        )
