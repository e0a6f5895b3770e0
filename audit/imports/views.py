"""Import pages for partners and ops: upload, map the columns (with a preview), follow the job."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.imports import selectors, services
from audit.imports.forms import MapForm, UploadForm
from audit.imports.mapping import Mapping, guess
from audit.imports.models import ColumnMapping, ImportJob
from firmops.confirm import confirm_page, confirmed
from firmops.permissions import MANAGERS, role_required
from firmops.tenancy import get_for_firm

Status = ImportJob.Status


def _errors_into(form, exc: ValidationError, default_field: str) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(default_field if default_field in form.fields else None, exc.messages)


def _after_start(request: HttpRequest, job: ImportJob) -> HttpResponse | None:
    """Where a started job sends the person: its page (done, queued, failed), or None when rejected."""
    if job.status == Status.REJECTED:
        return None
    if job.status == Status.DONE:
        messages.success(request, job.report.get("summary", "Imported."))
    elif job.status == Status.FAILED:
        messages.error(request, "The import failed on our side; nothing was imported. Try again in a moment.")
    else:
        messages.success(
            request,
            f"Importing {job.original_name} in the background: this page shows its progress, "
            "and you can leave it and come back.",
        )
    return redirect("audit:import_job", firm_slug=request.firm.slug, import_id=job.pk)


@role_required(*MANAGERS)
def upload(request: HttpRequest, firm_slug: str) -> HttpResponse:
    """Upload LEDES invoices, an export of any practice-management tool, a workbook or firmops' CSV."""
    firm = request.firm
    form = UploadForm(request.POST or None, request.FILES or None, firm=firm)
    report = rejected = None
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            job = services.import_job_create(
                firm=firm,
                actor=request.user,
                upload=file,
                name=file.name,
                size=file.size,
                period=form.cleaned_data["period"],
                mapping=form.cleaned_data["mapping"],
            )
        except ValidationError as exc:
            _errors_into(form, exc, "file")
        else:
            if job.status == Status.MAPPING:
                messages.info(request, "Tell firmops which column is what; the preview shows how rows read.")
                return redirect("audit:import_map", firm_slug=firm_slug, import_id=job.pk)
            response = _after_start(request, job)
            if response is not None:
                return response
            report, rejected = job.report, job
            messages.error(request, report.get("summary", "Nothing imported."))
    context = {
        "form": form,
        "report": report,
        "rejected": rejected,
        "jobs": selectors.import_jobs(firm=firm),
        "mappings": selectors.saved_mappings(firm=firm),
    }
    return render(request, "audit/import.html", context, status=400 if request.method == "POST" else 200)


@role_required(*MANAGERS)
def job(request: HttpRequest, firm_slug: str, import_id: int) -> HttpResponse:
    """One import: its progress while it runs (the page polls), then what it read, skipped and wrote."""
    found = get_for_firm(ImportJob, firm=request.firm, pk=import_id)
    context = {
        "job": found,
        "state": selectors.job_progress(found),
        "report": found.report,
        "remappable": found.mappable,
    }
    return render(request, "audit/imports/job.html", context)


@role_required(*MANAGERS)
def job_status(request: HttpRequest, firm_slug: str, import_id: int) -> JsonResponse:
    """JSON for the job page's poller."""
    return JsonResponse(selectors.job_progress(get_for_firm(ImportJob, firm=request.firm, pk=import_id)))


@role_required(*MANAGERS)
def map_columns(request: HttpRequest, firm_slug: str, import_id: int) -> HttpResponse:
    """Pick which column is what, see the first rows parsed and classified, save the mapping, import."""
    firm = request.firm
    found = get_for_firm(ImportJob, firm=firm, pk=import_id)
    if not found.mappable:
        messages.info(request, "This import is not waiting for its columns.")
        return redirect("audit:import_job", firm_slug=firm_slug, import_id=found.pk)
    current = Mapping.from_dict(found.spec) if found.spec else guess(found.header)
    saved_name = found.mapping.name if found.mapping else ""
    form = MapForm(
        request.POST or None, header=found.header, initial=MapForm.initial_for(current, save_as=saved_name)
    )
    preview = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            mapping = form.mapping()
            if request.POST.get("action") == "import":
                try:
                    found = services.import_job_map(
                        firm=firm,
                        actor=request.user,
                        job=found,
                        mapping=mapping,
                        save_as=form.cleaned_data["save_as"],
                    )
                except ValidationError as exc:
                    _errors_into(form, exc, "save_as")
                else:
                    return _after_start(request, found) or redirect(
                        "audit:import_job", firm_slug=firm_slug, import_id=found.pk
                    )
            else:
                status = 200
            preview = selectors.import_preview(firm=firm, job=found, mapping=mapping)
    else:
        preview = selectors.import_preview(firm=firm, job=found, mapping=current)
    return render(
        request,
        "audit/imports/map.html",
        {"job": found, "form": form, "preview": preview},
        status=status,
    )


def _confirm_mapping_delete(request: HttpRequest, mapping: ColumnMapping) -> HttpResponse:
    """Deleting a mapping brings the mapping step back for next month's file: say so before it goes."""
    columns = ", ".join(str(c) for c in mapping.header[:8]) + (" …" if len(mapping.header) > 8 else "")
    return confirm_page(
        request,
        title="Delete this column mapping?",
        lead=f"Delete the saved mapping “{mapping.name}” ({len(mapping.header)} columns: {columns})?",
        consequences=[
            "Next month's file with this header row will need mapping again, column by column, before it "
            "is imported.",
            "Imports already made with it stay as they are: each kept its own copy of the mapping.",
        ],
        action_url=request.path,
        button="Delete the mapping",
        cancel_url=reverse("audit:import", args=[request.firm.slug]),
        cancel_label="Keep it",
    )


@require_POST
@role_required(*MANAGERS)
def mapping_delete(request: HttpRequest, firm_slug: str, mapping_id: int) -> HttpResponse:
    """Forget a saved column mapping."""
    mapping = get_for_firm(ColumnMapping, firm=request.firm, pk=mapping_id)
    if not confirmed(request):
        return _confirm_mapping_delete(request, mapping)
    services.mapping_delete(firm=request.firm, actor=request.user, mapping=mapping)
    messages.success(request, f"Mapping “{mapping.name}” deleted.")
    return redirect("audit:import", firm_slug=firm_slug)
