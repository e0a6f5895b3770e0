"""Reads of imports: the firm's recent imports and saved mappings, and a preview of a mapping."""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.classifier import category_label
from audit.classifier.firm import firm_rules, verdict_for
from audit.imports.jobs import job_source
from audit.imports.mapping import Mapping
from audit.imports.models import ColumnMapping, ImportJob
from audit.imports.pipeline import Source, person_of, read_rows
from audit.imports.rows import ImportRow, Report
from audit.timekeepers import TimekeeperDirectory
from firmops.models import Firm

PREVIEW_ROWS = 10


def import_jobs(*, firm: Firm, limit: int = 20) -> list[ImportJob]:
    """The firm's latest imports, newest first (the import page's list)."""
    return list(ImportJob.objects.for_firm(firm).select_related("requested_by", "period")[:limit])


def saved_mappings(*, firm: Firm) -> list[ColumnMapping]:
    return list(ColumnMapping.objects.for_firm(firm))


def job_progress(job: ImportJob) -> dict:
    """What the page's poller (and a person reading the page) needs to know about a job."""
    return {
        "id": job.pk,
        "status": job.status,
        "label": job.get_status_display(),
        "finished": job.finished,
        "rows_total": job.rows_total,
        "rows_read": job.rows_read,
        "rows_valid": job.rows_valid,
        "imported": job.imported,
        "summary": (job.report or {}).get("summary", ""),
    }


@dataclass
class PreviewRow:
    line: int
    row: ImportRow | None = None
    problem: str = ""
    who: str = ""  # "member", "known timekeeper" or "new timekeeper (paralegal)"
    category: str = ""
    bucket: str = ""
    reason: str = ""


@dataclass
class Preview:
    rows: list[PreviewRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # of the mapping as a whole (e.g. a missing column)


def _who(row: ImportRow, directory: TimekeeperDirectory, default_role: str) -> str:
    """Who a preview row's person is to the firm: a member, a known timekeeper, someone new, or a problem."""
    person, problem = person_of(row, directory=directory, default_role=default_role)
    if directory.member_for(person):
        return "member"
    if directory.find(person):
        return "known timekeeper"
    return problem or f"new timekeeper ({person.role})"


def import_preview(*, firm: Firm, job: ImportJob, mapping: Mapping, limit: int = PREVIEW_ROWS) -> Preview:
    """The first rows of a job's file read with `mapping`, parsed and classified; nothing is written."""
    preview = Preview()
    problems = mapping.problems(job.header)
    if problems:
        preview.problems = problems
        return preview
    source = job_source(job)
    report = Report()
    rules = firm_rules(firm=firm)
    directory = TimekeeperDirectory(firm)
    rows = read_rows(Source(source.kind, source.open, mapping), report)
    seen = 0
    for row in rows:
        preview.rows += [PreviewRow(line=0, problem=p) for p in report.problems[seen:]]  # bad lines before it
        seen = len(report.problems)
        verdict = verdict_for(
            row.description, rules=rules, task_code=row.task_code, activity_code=row.activity_code
        ).classification
        preview.rows.append(
            PreviewRow(
                line=row.line,
                row=row,
                who=_who(row, directory, mapping.default_role),
                category=category_label(verdict.category),
                bucket=verdict.bucket,
                reason=verdict.reason,
            )
        )
        if report.rows >= limit:
            break
    rows.close()
    preview.rows += [PreviewRow(line=0, problem=p) for p in report.problems[seen:limit]]
    preview.notes = report.notes
    return preview
