"""Reads of a firm's data ownership: its exports (as the polling page and the API show them) and
its scheduled deletion."""

from __future__ import annotations

from django.urls import reverse

from firmops.models import Firm, FirmDeletion, FirmExport
from firmops.ownership.exports import export_percent


def firm_exports(*, firm: Firm, limit: int = 10) -> list[FirmExport]:
    """The firm's latest exports, newest first, with their progress and who asked."""
    rows = (
        FirmExport.objects.for_firm(firm)
        .select_related("requested_by", "last_downloaded_by")
        .prefetch_related("progress_rows")
    )
    return list(rows.order_by("-created_at", "-pk")[:limit])


def export_state(export: FirmExport, *, firm_slug: str) -> dict:
    """What the polling page and the API say about one export."""
    kwargs = {"firm_slug": firm_slug, "export_id": export.pk}
    ready = export.status == FirmExport.Status.READY
    return {
        "id": export.pk,
        "status": export.status,
        "label": export.get_status_display(),
        "progress": export_percent(export),
        "error": export.error[:300] if export.status == FirmExport.Status.FAILED else "",
        "size": export.size,
        "rows": export.rows,
        "created_at": export.created_at,
        "expires_at": export.expires_at,
        "download_url": reverse("firm:data_export_download", kwargs=kwargs) if ready else "",
    }


def scheduled_deletion(*, firm: Firm) -> FirmDeletion | None:
    """The firm's scheduled deletion, if any."""
    return (
        FirmDeletion.objects.for_firm(firm)
        .filter(status=FirmDeletion.Status.SCHEDULED)
        .select_related("requested_by")
        .first()
    )
