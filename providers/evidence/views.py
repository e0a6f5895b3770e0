"""Evidence pages: add a document on the provider page, download one, a professional's own, the rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from firmops.api.params import safe_id
from firmops.forms import add_service_errors
from firmops.models import Role
from firmops.permissions import role_required
from firmops.tenancy import get_for_firm
from providers.access import WRITE
from providers.evidence.files import download_name
from providers.evidence.forms import EvidenceForm, RequirementsForm
from providers.evidence.models import EvidenceDocument
from providers.evidence.selectors import may_download, required_kinds, signed_documents_of
from providers.evidence.services import evidence_add, evidence_requirements_set
from providers.models import Provider


@role_required(*WRITE)
def evidence_new(request, firm_slug: str, provider_id: int):
    """Keep a document (or a new version of one) on the provider or one of its professionals.

    The provider page carries the same form; this page shows it alone, for a replacement
    (`?replaces=<id>`) and when an upload is refused.
    """
    provider = get_for_firm(Provider, firm=request.firm, pk=provider_id)
    initial = {}
    earlier = None
    if request.method == "GET" and request.GET.get("replaces", "").isdecimal():
        earlier = (
            EvidenceDocument.objects.for_firm(request.firm)
            .filter(provider=provider, pk=safe_id(request.GET["replaces"]), superseded_at__isnull=True)
            .first()
        )
        if earlier is not None:
            initial = {
                "kind": earlier.kind,
                "professional": earlier.professional_id,
                "title": earlier.title,
                "replaces": earlier.pk,
            }
    form = EvidenceForm(
        request.POST or None, request.FILES or None, firm=request.firm, provider=provider, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = evidence_add(
                firm=request.firm, provider=provider, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            kept = f" Version {document.version}; the earlier one is kept." if document.version > 1 else ""
            messages.success(request, f"{document.label} of {document.subject_name} saved.{kept}")
            return redirect(reverse("providers:provider", args=[firm_slug, provider.pk]) + "#evidence")
    return render(
        request,
        "providers/evidence/form.html",
        {"form": form, "provider": provider, "earlier": earlier},
        status=400 if request.method == "POST" else 200,
    )


def attachment(document: EvidenceDocument) -> FileResponse:
    """The stored file as a download: never shown inline, never sniffed into HTML, never cached."""
    try:
        handle = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("The stored file is gone.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document.original_name, document.extension),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
def evidence_download(request, firm_slug: str, document_id: int):
    """One document, to firm staff, or to the outsourced professional whose own signed document it is;
    anyone else gets the same 404 as for a document that does not exist."""
    document = get_for_firm(EvidenceDocument, firm=request.firm, pk=document_id)
    if not may_download(membership=request.membership, document=document):
        raise Http404("No evidence document here.")
    return attachment(document)


@require_safe
def my_documents(request, firm_slug: str):
    """The documents an outsourced professional signed (their NDA, their engagement terms)."""
    documents = signed_documents_of(firm=request.firm, user=request.user)
    return render(request, "providers/evidence/mine.html", {"documents": documents})


@role_required(Role.PARTNER)
def requirements(request, firm_slug: str):
    """Which kinds of evidence the firm requires of a talent platform, a traditional LPO, a freelancer."""
    current = required_kinds(firm=request.firm)
    form = RequirementsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            for model, kinds in form.cleaned_data.items():
                evidence_requirements_set(
                    firm=request.firm, actor=request.user, provider_model=model, kinds=kinds
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Required evidence saved.")
            return redirect("providers:evidence_requirements", firm_slug=firm_slug)
    return render(request, "providers/evidence/requirements.html", {"form": form})
