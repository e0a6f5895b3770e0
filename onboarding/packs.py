"""The PDF onboarding pack: its document, the digest of its inputs, the export job and its build.

The HTML is rendered when the export is requested and stored on the job, so the PDF is exactly
the document whose digest named it; a second request with the same inputs finds the same row.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from pathlib import Path

from celery import Task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from firmops.messaging.outbox import enqueue, lost_jobs
from firmops.models import Engagement, Firm
from firmops.pdf.render import html_to_pdf
from firmops.tenancy import firm_scope
from onboarding import selectors
from onboarding.models import GuideVersion, PackExport
from onboarding.plans import DelegatedTask
from onboarding.rendering import render_markdown

log = logging.getLogger(__name__)
PACK_TEMPLATE = "onboarding/pack_pdf.html"
PACK_CSS = "onboarding/pack.css"  # relative to the static folder, where the PDF fetcher looks
LAYOUT_VERSION = "1"  # bump when the pack template changes, so stored packs are rebuilt
STALE_AFTER = datetime.timedelta(minutes=10)  # a job queued or building this long was lost: queue it again
PROGRESS = {
    PackExport.Status.QUEUED: 5,
    PackExport.Status.BUILDING: 40,
    PackExport.Status.READY: 100,
    PackExport.Status.FAILED: 100,
}


def pack_context(*, firm: Firm, engagement: Engagement) -> dict:
    """Everything the pack shows, read through the selectors."""
    plan = selectors.plan_for(firm=firm, engagement=engagement)
    if plan is None:
        raise ValidationError("Generate the 30-day plan before exporting the onboarding pack.")
    items = selectors.plan_items(firm=firm, plan=plan)
    guide = selectors.guide_for(firm=firm, engagement=engagement)
    version = selectors.guide_current(firm=firm, guide=guide) if guide else None
    hours = selectors.plan_shared_hours(firm=firm, plan=plan)
    tasks = [DelegatedTask(d["category"], d["label"]) for d in plan.delegated]
    return {
        "firm": firm,
        "engagement": engagement,
        "plan": plan,
        "weeks": selectors.items_by_week(items),
        "item_count": len(items),
        "guide_sections": [
            (label, render_markdown(getattr(version, name) if version else ""))
            for name, label in GuideVersion.SECTIONS
        ],
        "guide_version": version,
        "hours": hours,
        "contacts": selectors.contacts(firm=firm, engagement=engagement, hours=hours),
        "checks": selectors.access_checks(firm=firm, plan=plan),
        "playbooks": selectors.playbooks_for(firm=firm, tasks=tasks, engagement=engagement),
        "css": PACK_CSS,
    }


def pack_html(*, firm: Firm, engagement: Engagement) -> str:
    """The pack as HTML: what the PDF renderer receives."""
    return render_to_string(PACK_TEMPLATE, pack_context(firm=firm, engagement=engagement))


def _css_bytes() -> bytes:
    return (Path(settings.STATICFILES_DIRS[0]) / PACK_CSS).read_bytes()


def inputs_digest(html: str) -> str:
    """Names everything that goes into the PDF: the document, its stylesheet and the layout version."""
    digest = hashlib.sha256()
    for part in (LAYOUT_VERSION.encode(), _css_bytes(), html.encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def pack_needs_build(export: PackExport, now: datetime.datetime) -> bool:
    if export.status == PackExport.Status.FAILED:
        return True
    if export.status == PackExport.Status.READY:
        return not (export.file and default_storage.exists(export.file.name))  # the stored file went missing
    return (export.started_at or export.created_at) < now - STALE_AFTER


def pack_exports_requeue_stale_all_firms(*, build: Task, now: datetime.datetime | None = None) -> int:
    """The beat sweeper: enqueue `build` again for every build the broker lost (queued too long, or a
    dead builder). The task passes itself in, so this module never imports the tasks that import it.

    A duplicate is harmless: the build locks its row and leaves a ready or freshly started job alone.
    """
    now = now or timezone.now()
    queued_before = now - datetime.timedelta(seconds=settings.EXPORT_REQUEUE_AFTER)
    lost = []
    for firm in Firm.objects.all():
        with firm_scope(firm):
            lost += PackExport.objects.filter(
                lost_jobs(queued_before=queued_before, started_before=now - STALE_AFTER)
            ).values_list("firm_id", "pk")
    for firm_id, export_id in lost:
        enqueue(build, firm_id=firm_id, export_id=export_id)
    return len(lost)


def _start(firm_id: int, export_id: int) -> str | None:
    """Mark the job building (committed, so the page sees it) and hand back its HTML; None: nothing to do."""
    with firm_scope(firm_id):
        export = PackExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status == PackExport.Status.READY:
            return None  # gone, or a duplicate delivery already built it
        now = timezone.now()
        if (
            export.status == PackExport.Status.BUILDING
            and export.started_at
            and export.started_at > now - STALE_AFTER
        ):
            return None  # another worker is on it
        export.status, export.progress, export.started_at = (
            PackExport.Status.BUILDING,
            PROGRESS["building"],
            now,
        )
        export.save(update_fields=["status", "progress", "started_at"])
        return export.html


def pack_export_build(*, firm_id: int, export_id: int) -> PackExport | None:
    """Render the job's document to PDF and store it; safe to run twice (a ready job is left alone)."""
    html = _start(firm_id, export_id)
    if html is None:
        with firm_scope(firm_id):
            return PackExport.objects.filter(pk=export_id).first()
    try:
        pdf = html_to_pdf(html)
    except (
        Exception
    ) as exc:  # WeasyPrint failed on this document: record it for the page, don't retry forever
        with firm_scope(firm_id):
            export = PackExport.objects.get(pk=export_id)
            export.status, export.progress, export.error = (
                PackExport.Status.FAILED,
                PROGRESS["failed"],
                str(exc)[:2000],
            )
            export.finished_at = timezone.now()
            export.save(update_fields=["status", "progress", "error", "finished_at"])
        log.exception("onboarding pack %s failed", export_id)
        return export
    with firm_scope(firm_id):
        export = PackExport.objects.select_for_update().get(pk=export_id)
        export.file.save(f"onboarding-pack-{export.inputs_digest[:16]}.pdf", ContentFile(pdf), save=False)
        export.size, export.status, export.progress = len(pdf), PackExport.Status.READY, PROGRESS["ready"]
        export.finished_at, export.error = timezone.now(), ""
        export.save(update_fields=["file", "size", "status", "progress", "finished_at", "error"])
    return export


def pack_file_bytes(export: PackExport) -> bytes:
    with default_storage.open(export.file.name, "rb") as handle:
        return handle.read()


def pack_filename(export: PackExport) -> str:
    return f"{slugify(export.engagement.name) or 'engagement'}-onboarding-pack.pdf"
