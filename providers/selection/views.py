"""The comparison of an engagement's providers, the selection, and the trial that follows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from firmops.confirm import confirm_page, confirmed
from firmops.forms import add_service_errors
from firmops.models import Engagement
from firmops.permissions import has_role, role_required
from firmops.tenancy import get_for_firm
from providers.access import READ, SELECT, WRITE
from providers.evidence.selectors import evidence_standing, evidence_summaries
from providers.evidence.services import evidence_override_reason
from providers.models import Selection
from providers.roles.fit import role_fit
from providers.roles.selectors import role_definition_for, role_rows
from providers.selection.forms import ReplacementForm, SelectionForm
from providers.selection.guidance import fit_hint
from providers.selection.outlook import Outlook, confirmation_outlook, replacement_outlook, trial_end_outlook
from providers.selection.selectors import comparison, current_selection, selections_of
from providers.selection.services import (
    DEFAULT_REPLACEMENT_REASON,
    DEFAULT_TRIAL_END_REASON,
    selection_confirm,
    selection_create,
    selection_end_trial,
    selection_request_replacement,
)


def _page(request, engagement: Engagement, form: SelectionForm | None, status: int = 200):
    firm = request.firm
    can_select = has_role(request, SELECT)
    selection = current_selection(firm=firm, engagement=engagement)
    if form is None and can_select and selection is None:
        form = SelectionForm(firm=firm, engagement=engagement)
    cmp = comparison(firm=firm, engagement=engagement)
    role = role_definition_for(firm=firm, engagement=engagement)
    return render(
        request,
        "providers/compare.html",
        {
            "engagement": engagement,
            "comparison": cmp,
            "role": role,
            "role_rows": role_rows(role) if role else [],
            "role_fit": role_fit(firm=firm, role=role, comparison=cmp, on=cmp.on) if role else [],
            "evidence": evidence_summaries(firm=firm, providers=[c.provider for c in cmp.columns], on=cmp.on),
            "standing": evidence_standing(
                firm=firm,
                provider=selection.provider if selection else None,
                professional=selection.professional if selection else None,
            ),
            "hint": fit_hint(firm=firm, engagement=engagement),
            "selection": selection,
            "history": selections_of(firm=firm, engagement=engagement),
            "form": form if selection is None else None,
            "replace_form": ReplacementForm() if can_select and selection else None,
            "can_select": can_select,
            "can_write": has_role(request, WRITE),
        },
        status=status,
    )


@role_required(*READ)
def compare(request, firm_slug: str, engagement_id: int):
    """Providers side by side per question: who answered with substance, who with buzzwords."""
    engagement = get_for_firm(Engagement, firm=request.firm, pk=engagement_id)
    return _page(request, engagement, None)


@require_POST
@role_required(*SELECT)
def select(request, firm_slug: str, engagement_id: int):
    """The partner picks a provider's professional, with the rationale; the engagement moves to onboarding."""
    engagement = get_for_firm(Engagement, firm=request.firm, pk=engagement_id)
    form = SelectionForm(request.POST, firm=request.firm, engagement=engagement)
    if form.is_valid():
        try:
            selection = selection_create(
                firm=request.firm, actor=request.user, engagement=engagement, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{selection.professional.name} of {selection.provider.name} selected; the trial runs until "
                f"{selection.trial_ends_on:%b %-d}. The engagement moved to onboarding.",
            )
            return redirect("providers:compare", firm_slug=firm_slug, engagement_id=engagement.pk)
    return _page(request, engagement, form, status=400)


def _ask(request, *, title: str, outlook: Outlook, url: str, button: str, selection, carry: dict):
    back = reverse("providers:compare", args=[request.firm.slug, selection.engagement_id]) + "#selection"
    return confirm_page(
        request,
        title=title,
        lead=outlook.lead,
        consequences=outlook.consequences,
        action_url=url,
        button=button,
        cancel_url=back,
        carry=carry,
    )


def _selection(request, selection_id: int) -> Selection:
    return get_for_firm(Selection, firm=request.firm, pk=selection_id)


def _stop(request, firm_slug: str, selection_id: int, *, asks, outlook, default_reason: str, ask, act, done):
    """A replacement or a trial's end: the page says what follows, and the POST that confirms acts.
    asks(selection): whether the page must ask first; ask(name): its title and button; act: the service;
    done(name): the message once it acted."""
    selection = _selection(request, selection_id)
    form = ReplacementForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    name = selection.professional.name
    if asks(selection) and not confirmed(request):
        title, button = ask(name)
        return _ask(
            request,
            title=title,
            outlook=outlook(firm=request.firm, selection=selection, reason=reason.strip() or default_reason),
            url=request.path,
            button=button,
            selection=selection,
            carry={"reason": reason},
        )
    try:
        act(firm=request.firm, actor=request.user, selection=selection, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done(name))
    return redirect("providers:compare", firm_slug=firm_slug, engagement_id=selection.engagement_id)


@require_POST
@role_required(*SELECT)
def replace(request, firm_slug: str, selection_id: int):
    """The provider is asked for someone else and the engagement goes back to vetting, once confirmed."""
    return _stop(
        request,
        firm_slug,
        selection_id,
        asks=lambda selection: selection.status != Selection.Status.REPLACED,
        outlook=replacement_outlook,
        default_reason=DEFAULT_REPLACEMENT_REASON,
        ask=lambda name: (f"Replace {name}?", f"Request a replacement for {name}"),
        act=selection_request_replacement,
        done=lambda name: f"Replacement requested for {name}; the engagement is back in vetting.",
    )


@require_POST
@role_required(*SELECT)
def end_trial(request, firm_slug: str, selection_id: int):
    """The trial ends without confirming and no replacement is asked for, once confirmed."""
    return _stop(
        request,
        firm_slug,
        selection_id,
        asks=lambda selection: selection.status == Selection.Status.TRIAL,
        outlook=trial_end_outlook,
        default_reason=DEFAULT_TRIAL_END_REASON,
        ask=lambda name: (f"End the trial of {name}?", f"End the trial of {name}"),
        act=selection_end_trial,
        done=lambda name: (
            f"The trial of {name} ended; their access is removed and the engagement is back in vetting."
        ),
    )


@require_POST
@role_required(*SELECT)
def confirm(request, firm_slug: str, selection_id: int):
    """The trial went well: keep the professional, once the partner has read what that gives up."""
    selection = _selection(request, selection_id)
    override_reason = request.POST.get("override_reason", "")[:2000]
    try:
        if selection.status == Selection.Status.TRIAL and not confirmed(request):
            # Missing evidence without a reason is refused before asking, as the confirmation would be.
            standing = evidence_standing(
                firm=request.firm, provider=selection.provider, professional=selection.professional
            )
            evidence_override_reason(
                standing=standing, reason=override_reason, action="confirm after the trial"
            )
            return _ask(
                request,
                title=f"Confirm {selection.professional.name} after the trial?",
                outlook=confirmation_outlook(firm=request.firm, selection=selection),
                url=request.path,
                button=f"Confirm {selection.professional.name}",
                selection=selection,
                carry={"override_reason": override_reason},
            )
        confirmed_selection = selection_confirm(
            firm=request.firm, actor=request.user, selection=selection, override_reason=override_reason
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        override = (
            confirmed_selection.evidence_override_reason
            and " Recorded as an override of the missing evidence."
        )
        messages.success(request, f"{selection.professional.name} confirmed after the trial.{override or ''}")
    return redirect("providers:compare", firm_slug=firm_slug, engagement_id=selection.engagement_id)
