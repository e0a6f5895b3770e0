"""Writes of imports: take an upload, map its columns, save a mapping for next month's export.

Partners and ops import (docs/roles.md). A small file is imported before the answer returns; a
big one (more than SYNC_ROWS lines) is queued for a worker and the page follows its progress.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.exceptions import ValidationError

from audit.imports.jobs import import_job_start, job_source
from audit.imports.mapping import Mapping, header_key
from audit.imports.models import ColumnMapping, ImportJob
from audit.imports.pipeline import file_shape
from audit.imports.readers import CSV, HEAD_BYTES, XLSX, sniff
from audit.imports.readers.xlsx import NotAWorkbook, TooManyRows
from audit.models import AuditPeriod
from audit.services import require_role
from audit.tasks import run_import
from audit.text_lines import MAX_BYTES
from firmops.models import Firm, User
from firmops.permissions import MANAGERS
from firmops.tenancy import firm_transaction

SYNC_ROWS = 2000  # lines; above this an import is a background job with a progress bar
NAME_MAX = 80
WHO = "Only partners and ops staff import time records."


def _lines(upload: BinaryIO) -> int:
    count = sum(chunk.count(b"\n") for chunk in iter(lambda: upload.read(1 << 20), b""))
    upload.seek(0)
    return count


def _check_period(firm: Firm, period: AuditPeriod | None) -> None:
    if period is not None and period.firm_id != firm.pk:
        raise ValidationError({"period": "That audit period belongs to another firm."})


def _shape(job: ImportJob) -> tuple[list[str], int]:
    try:
        return file_shape(job_source(job))
    except (NotAWorkbook, TooManyRows) as exc:
        raise ValidationError(
            {"file": "This is not an .xlsx workbook firmops can open; save it again as .xlsx or CSV."}
        ) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": "The file is not UTF-8 text; save it as “CSV UTF-8”."}) from exc


@firm_transaction
def import_job_create(
    *,
    firm: Firm,
    actor: User,
    upload: BinaryIO,
    name: str,
    size: int,
    period: AuditPeriod | None = None,
    mapping: ColumnMapping | None = None,
) -> ImportJob:
    """Store an upload and start importing it: LEDES and firmops' CSV at once, a CSV or workbook once its
    columns are mapped (by `mapping`, by a saved mapping of the same header, or on the mapping page)."""
    require_role(firm=firm, actor=actor, roles=MANAGERS, message=WHO)
    if size > MAX_BYTES:
        raise ValidationError({"file": f"The file is {size / 1024 / 1024:.1f} MB; the limit is 20 MB."})
    _check_period(firm, period)
    if mapping is not None and mapping.firm_id != firm.pk:
        raise ValidationError({"mapping": "That mapping belongs to another firm."})
    upload.seek(0)
    sniffed = sniff(upload.read(HEAD_BYTES), name)
    upload.seek(0)
    if sniffed.kind is None:
        raise ValidationError({"file": sniffed.problem})
    job = ImportJob(
        firm=firm,
        kind=sniffed.kind,
        original_name=name[:255],
        size=size,
        period=period,
        requested_by=actor,
        rows_total=0 if sniffed.kind == XLSX else _lines(upload),
    )
    job.file.save(name, upload, save=False)
    if job.kind in (CSV, XLSX):
        job.header, rows = _shape(job)
        job.rows_total = job.rows_total or rows
        if mapping is not None:
            problems = Mapping.from_dict(mapping.spec).problems(job.header)
            if problems:
                raise ValidationError({"mapping": [f"“{mapping.name}” does not fit this file: ", *problems]})
        else:
            mapping = ColumnMapping.objects.for_firm(firm).filter(header_key=header_key(job.header)).first()
        if mapping is None:
            job.status = ImportJob.Status.MAPPING
        else:
            job.mapping, job.spec = mapping, mapping.spec
    job.save()
    if job.status == ImportJob.Status.QUEUED:
        import_job_start(job, run=run_import, sync_rows=SYNC_ROWS)
    return job


@firm_transaction
def import_job_map(
    *, firm: Firm, actor: User, job: ImportJob, mapping: Mapping, save_as: str = ""
) -> ImportJob:
    """Read a CSV or workbook with these columns and import it; `save_as` keeps the mapping for next time."""
    require_role(firm=firm, actor=actor, roles=MANAGERS, message=WHO)
    if job.firm_id != firm.pk:
        raise ValidationError("That import belongs to another firm.")
    if job.kind not in (CSV, XLSX):
        raise ValidationError("Only a CSV or a workbook has columns to map.")
    if not job.mappable:
        raise ValidationError("This import is no longer waiting for its columns; upload the file again.")
    problems = mapping.problems(job.header)
    if problems:
        raise ValidationError({"columns": problems})
    saved = (
        mapping_save(firm=firm, actor=actor, name=save_as, header=job.header, mapping=mapping)
        if save_as
        else None
    )
    job.spec, job.mapping = mapping.as_dict(), saved
    job.status, job.report, job.error = ImportJob.Status.QUEUED, {}, ""
    job.rows_read = job.rows_valid = job.imported = 0
    job.save()
    import_job_start(job, run=run_import, sync_rows=SYNC_ROWS)
    return job


@firm_transaction
def mapping_save(*, firm: Firm, actor: User, name: str, header: list[str], mapping: Mapping) -> ColumnMapping:
    """Keep a mapping under a name (the same name again replaces it); found again by its header row."""
    require_role(firm=firm, actor=actor, roles=MANAGERS, message=WHO)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"save_as": "Give the mapping a name, e.g. “Clio time entries”."})
    if len(name) > NAME_MAX:
        raise ValidationError({"save_as": f"Keep the name under {NAME_MAX} characters."})
    problems = mapping.problems(header)
    if problems:
        raise ValidationError({"columns": problems})
    saved, _ = ColumnMapping.objects.for_firm(firm).update_or_create(
        name=name,
        defaults={"firm": firm, "header": header, "header_key": header_key(header), "spec": mapping.as_dict(),
                  "created_by": actor},
    )  # fmt: skip
    return saved


@firm_transaction
def mapping_delete(*, firm: Firm, actor: User, mapping: ColumnMapping) -> None:
    """Forget a saved mapping (imports made with it keep their copy)."""
    require_role(firm=firm, actor=actor, roles=MANAGERS, message=WHO)
    if mapping.firm_id != firm.pk:
        raise ValidationError("That mapping belongs to another firm.")
    mapping.delete()
