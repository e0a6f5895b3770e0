"""Providers and the professionals they propose."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from firmops.forms import add_service_errors
from firmops.models import Engagement, Stage
from firmops.permissions import has_role, role_required
from firmops.tenancy import get_for_firm
from providers.access import READ, SELECT, WRITE
from providers.candidates.forms import ProfessionalForm, ProviderForm
from providers.candidates.selectors import providers_list
from providers.candidates.services import (
    professional_create,
    professional_delete,
    professional_update,
    provider_create,
    provider_delete,
    provider_update,
)
from providers.evidence.forms import EvidenceForm
from providers.evidence.selectors import evidence_gaps, evidence_lines
from providers.models import Professional, Provider
from providers.questionnaires.forms import SendForm
from providers.questionnaires.selectors import provider_questionnaires
from providers.roles.selectors import role_definition_for
from providers.selection.guidance import FREELANCER_NOTE, MODEL_COMPARISON, fit_hint


@role_required(*READ)
def home(request, firm_slug: str):
    """The firm's providers, and the engagements being vetted with a link to each comparison."""
    engagements = (
        Engagement.objects.for_firm(request.firm).exclude(stage=Stage.CLOSED).order_by("-started_on", "-pk")
    )
    return render(
        request,
        "providers/home.html",
        {
            "providers": providers_list(firm=request.firm),
            "engagements": engagements,
            "can_write": has_role(request, WRITE),
        },
    )


def _hints(request, engagement_id: str | None):
    """Fit hints for the engagement named in the query, or for every engagement in audit or vetting."""
    if engagement_id:
        engagements = [get_for_firm(Engagement, firm=request.firm, pk=engagement_id)]
    else:
        engagements = list(
            Engagement.objects.for_firm(request.firm).filter(stage__in=[Stage.AUDIT, Stage.VETTING])[:5]
        )
    return [(e, fit_hint(firm=request.firm, engagement=e)) for e in engagements]


@role_required(*WRITE)
def provider_new(request, firm_slug: str):
    """Add a provider, with the platform-vs-LPO comparison and the audit's hint beside the form."""
    engagement_id = request.GET.get("engagement")
    hints = _hints(request, engagement_id)
    initial = {"engagement": hints[0][0]} if engagement_id else {}
    form = ProviderForm(request.POST or None, firm=request.firm, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            provider = provider_create(firm=request.firm, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{provider.name} added. Add the professionals they propose, then send the questionnaire.",
            )
            return redirect("providers:provider", firm_slug=firm_slug, provider_id=provider.pk)
    return render(
        request,
        "providers/provider_form.html",
        {"form": form, "hints": hints, "comparison": MODEL_COMPARISON, "freelancer_note": FREELANCER_NOTE},
    )


@role_required(*READ)
def provider_detail(request, firm_slug: str, provider_id: int):
    provider = get_for_firm(Provider, firm=request.firm, pk=provider_id)
    can_write = has_role(request, WRITE)
    return render(
        request,
        "providers/provider_detail.html",
        {
            "provider": provider,
            "professionals": provider.professionals.all(),
            "questionnaires": provider_questionnaires(firm=request.firm, provider=provider),
            "send_form": SendForm(firm=request.firm) if can_write else None,
            "role": role_definition_for(firm=request.firm, engagement=provider.engagement),
            "evidence": evidence_lines(firm=request.firm, provider=provider),
            "evidence_gaps": evidence_gaps(firm=request.firm, provider=provider),
            "evidence_form": EvidenceForm(firm=request.firm, provider=provider) if can_write else None,
            "can_write": can_write,
            "can_select": has_role(request, SELECT),
        },
    )


@role_required(*WRITE)
def provider_edit(request, firm_slug: str, provider_id: int):
    provider = get_for_firm(Provider, firm=request.firm, pk=provider_id)
    form = ProviderForm(request.POST or None, instance=provider, firm=request.firm)
    if request.method == "POST" and form.is_valid():
        try:
            provider_update(firm=request.firm, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{provider.name} saved.")
            return redirect("providers:provider", firm_slug=firm_slug, provider_id=provider.pk)
    return render(request, "providers/provider_form.html", {"form": form, "provider": provider})


@require_POST
@role_required(*WRITE)
def provider_remove(request, firm_slug: str, provider_id: int):
    provider = get_for_firm(Provider, firm=request.firm, pk=provider_id)
    try:
        provider_delete(firm=request.firm, provider=provider)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("providers:provider", firm_slug=firm_slug, provider_id=provider.pk)
    messages.success(request, f"{provider.name} removed.")
    return redirect("providers:home", firm_slug=firm_slug)


@role_required(*WRITE)
def professional_new(request, firm_slug: str, provider_id: int):
    provider = get_for_firm(Provider, firm=request.firm, pk=provider_id)
    form = ProfessionalForm(request.POST or None, initial={"time_zone": provider.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            professional = professional_create(firm=request.firm, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{professional.name} added to {provider.name}'s candidates.")
            return redirect("providers:provider", firm_slug=firm_slug, provider_id=provider.pk)
    return render(request, "providers/professional_form.html", {"form": form, "provider": provider})


@role_required(*WRITE)
def professional_edit(request, firm_slug: str, professional_id: int):
    professional = get_for_firm(Professional, firm=request.firm, pk=professional_id)
    provider = professional.provider
    form = ProfessionalForm(request.POST or None, instance=professional)
    if request.method == "POST" and form.is_valid():
        try:
            professional_update(firm=request.firm, professional=professional, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{professional.name} saved.")
            return redirect("providers:provider", firm_slug=firm_slug, provider_id=provider.pk)
    return render(
        request,
        "providers/professional_form.html",
        {"form": form, "provider": provider, "professional": professional},
    )


@require_POST
@role_required(*WRITE)
def professional_remove(request, firm_slug: str, professional_id: int):
    professional = get_for_firm(Professional, firm=request.firm, pk=professional_id)
    try:
        professional_delete(firm=request.firm, professional=professional)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{professional.name} removed.")
    return redirect("providers:provider", firm_slug=firm_slug, provider_id=professional.provider_id)
