"""The PDF onboarding pack: start an export, poll its progress, download it through the firm's gate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from firmops.permissions import MANAGERS, role_required
from firmops.tenancy import get_for_firm
from onboarding import packs, selectors, services
from onboarding.models import PackExport
from onboarding.views._common import engagement_or_404


def export_state(export: PackExport, firm_slug: str) -> dict:
    """What the polling page (and the API) need to know about a job."""
    ready = export.status == PackExport.Status.READY
    return {
        "id": export.pk,
        "status": export.status,
        "label": export.get_status_display(),
        "progress": export.progress,
        "error": export.error[:300] if export.status == PackExport.Status.FAILED else "",
        "size": export.size,
        "download_url": reverse(
            "onboarding:export_download", kwargs={"firm_slug": firm_slug, "pack_export_id": export.pk}
        )
        if ready
        else "",
    }


@role_required(*MANAGERS)
def pack(request, firm_slug: str, engagement_id: int):
    """Export page: a click queues a build (or finds the stored pack); the page then polls for it."""
    engagement = engagement_or_404(request, engagement_id)
    if request.method == "POST":
        try:
            export, reused = services.pack_export_request(
                firm=request.firm, actor=request.user, engagement=engagement
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("onboarding:pack", firm_slug=firm_slug, engagement_id=engagement.pk)
        if reused:
            messages.success(request, "Nothing changed since this pack was built: here is the stored PDF.")
        else:
            messages.success(request, "Building the onboarding pack. This page shows its progress.")
        return redirect(
            reverse("onboarding:pack", kwargs={"firm_slug": firm_slug, "engagement_id": engagement.pk})
            + f"?export={export.pk}"
        )
    exports = selectors.pack_exports(firm=request.firm, engagement=engagement)
    current = next(
        (e for e in exports if str(e.pk) == request.GET.get("export")), exports[0] if exports else None
    )
    context = {
        "engagement": engagement,
        "plan": selectors.plan_for(firm=request.firm, engagement=engagement),
        "exports": exports,
        "current": current,
        "state": current and export_state(current, firm_slug),
    }
    return render(request, "onboarding/pack.html", context)


@role_required(*MANAGERS)
def export_status(request, firm_slug: str, pack_export_id: int):
    """JSON for the page's poller."""
    export = get_for_firm(PackExport, firm=request.firm, pk=pack_export_id)
    engagement_or_404(request, export.engagement_id)
    return JsonResponse(export_state(export, firm_slug))


@role_required(*MANAGERS)
def export_download(request, firm_slug: str, pack_export_id: int):
    """The stored PDF, only to the firm's managers: never a public media URL."""
    export = get_for_firm(PackExport, firm=request.firm, pk=pack_export_id)
    engagement_or_404(request, export.engagement_id)
    if export.status != PackExport.Status.READY or not export.file:
        raise Http404("This pack is not ready.")
    try:
        handle = export.file.storage.open(export.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("The stored file is gone; export again.") from exc
    return FileResponse(
        handle, as_attachment=True, filename=packs.pack_filename(export), content_type="application/pdf"
    )
