"""The firm's data page (partners): export everything, follow the build, download it; schedule or
cancel the firm's deletion."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.http import require_POST

from firmops.models import FirmExport, Role
from firmops.ownership import reauth, selectors, services
from firmops.permissions import role_required
from firmops.tenancy import get_for_firm


@role_required(Role.PARTNER)
def data(request, firm_slug: str):
    """The page: the latest export and its progress, earlier ones, and the deletion (scheduled or not)."""
    exports = selectors.firm_exports(firm=request.firm)
    current = exports[0] if exports else None
    ready_note = ""
    if current is not None and current.expires_at:
        ready_note = (
            f"{filesizeformat(current.size)}, {current.rows:,} rows · until {current.expires_at:%b %-d, %Y}"
        )
    context = {
        "ready_note": ready_note,
        "exports": exports,
        "current": current,
        "state": current and selectors.export_state(current, firm_slug=firm_slug),
        "deletion": selectors.scheduled_deletion(firm=request.firm),
        "fresh": reauth.recently_authenticated(request),
        "reauth_url": reauth.reauthenticate_url(request, reverse("firm:data", args=[firm_slug]) + "#delete"),
        "export_days": settings.FIRM_EXPORT_DAYS,
        "grace_days": settings.FIRM_DELETION_GRACE_DAYS,
    }
    return render(request, "firmops/data.html", context)


@require_POST
@role_required(Role.PARTNER)
def export_start(request, firm_slug: str):
    export, created = services.firm_export_request(firm=request.firm, actor=request.user)
    if created:
        messages.success(request, "Exporting the firm's data. This page shows its progress.")
    else:
        messages.info(request, "An export is already being built: here is its progress (one job, not two).")
    return redirect("firm:data", firm_slug=firm_slug)


@role_required(Role.PARTNER)
def export_status(request, firm_slug: str, export_id: int):
    """JSON for the page's poller."""
    export = get_for_firm(FirmExport, firm=request.firm, pk=export_id)
    return JsonResponse(selectors.export_state(export, firm_slug=firm_slug))


def ready_export_or_404(firm, export_id) -> FirmExport:
    export = get_for_firm(FirmExport, firm=firm, pk=export_id)
    if export.status != FirmExport.Status.READY or not export.file:
        raise Http404("This export is not ready, or it expired: export again.")
    return export


def export_file_response(request, export: FirmExport) -> FileResponse:
    """The zip, counted on the export's row (the trail shows who took the firm's data)."""
    try:
        handle = export.file.storage.open(export.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("The stored file is gone; export again.") from exc
    services.firm_export_record_download(firm=request.firm, export=export, actor=request.user)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )


@role_required(Role.PARTNER)
def export_download(request, firm_slug: str, export_id: int):
    """The stored zip, only to the firm's partners: never a public media URL."""
    return export_file_response(request, ready_export_or_404(request.firm, export_id))


@require_POST
@role_required(Role.PARTNER)
def deletion_schedule(request, firm_slug: str):
    here = reverse("firm:data", args=[firm_slug]) + "#delete"
    name = request.POST.get("confirm_name", "")
    try:
        services.firm_deletion_name_check(firm=request.firm, confirm_name=name)
        if not reauth.recently_authenticated(request):
            messages.warning(request, reauth.reauthentication_needed_message(request))
            return redirect(reauth.reauthenticate_url(request, here) or here)
        deletion = services.firm_deletion_schedule(firm=request.firm, actor=request.user, confirm_name=name)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.warning(
            request,
            f"{request.firm.name} will be deleted on {deletion.due_at:%B %-d, %Y}. Every partner was "
            "emailed; any of you can cancel it until then.",
        )
    return redirect(here)


@require_POST
@role_required(Role.PARTNER)
def deletion_cancel(request, firm_slug: str):
    try:
        services.firm_deletion_cancel(firm=request.firm, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The deletion is cancelled: nothing was deleted. Every partner was told.")
    return redirect(reverse("firm:data", args=[firm_slug]) + "#delete")
