"""Engagements: the list, starting one, and moving one along the spine."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from firmops.confirm import confirm_page, confirmed
from firmops.engagements.closing import closing_outlook, is_closing
from firmops.engagements.forms import EngagementForm, StageMoveForm
from firmops.engagements.next_actions import engagement_pipeline
from firmops.engagements.selectors import engagements_visible_to
from firmops.engagements.services import (
    engagement_create,
    engagement_move_check,
    engagement_move_stage,
)
from firmops.forms import FirmSettingsForm
from firmops.models import Engagement, Role, Stage
from firmops.permissions import role_required
from firmops.tenancy import get_for_firm


def engagement_list(request, firm_slug: str):
    engagements = engagements_visible_to(firm=request.firm, membership=request.membership)
    return render(request, "firmops/engagement_list.html", {"engagements": engagements})


@role_required(Role.PARTNER)
def engagement_new(request, firm_slug: str):
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = engagement_create(firm=request.firm, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Engagement “{engagement.name}” started in the audit stage.")
            return redirect("firm:engagement", firm_slug=firm_slug, engagement_id=engagement.pk)
    return render(request, "firmops/engagement_new.html", {"form": form})


def _confirm_closing(request, engagement: Engagement, data: dict):
    """Closing ends the beat jobs' work on the engagement: the partner reads what stops first."""
    lead, stops = closing_outlook(engagement=engagement)
    return confirm_page(
        request,
        title=f"Close {engagement.name}?",
        lead=lead,
        consequences=stops,
        action_url=request.path,
        button="Close the engagement",
        cancel_url=reverse("firm:engagement", args=[request.firm.slug, engagement.pk]),
        cancel_label="Keep it open",
        carry=data,
    )


def engagement_detail(request, firm_slug: str, engagement_id: int):
    engagement = get_for_firm(Engagement, firm=request.firm, pk=engagement_id)
    if (
        not engagements_visible_to(firm=request.firm, membership=request.membership)
        .filter(pk=engagement.pk)
        .exists()
    ):
        return render(request, "404.html", status=404)
    form = StageMoveForm(request.POST or None, initial={"to_stage": engagement.stage})
    if request.method == "POST":
        if request.membership.role != Role.PARTNER:
            raise PermissionDenied("Only a partner can move an engagement to another stage.")
        if form.is_valid():
            before = engagement.get_stage_display()
            try:
                if is_closing(
                    engagement=engagement, to_stage=form.cleaned_data["to_stage"]
                ) and not confirmed(request):
                    engagement_move_check(engagement=engagement, **form.cleaned_data)
                    return _confirm_closing(request, engagement, form.cleaned_data)
                engagement_move_stage(
                    firm=request.firm, actor=request.user, engagement=engagement, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(
                    "reason" if "reason" in exc.message_dict else None,
                    exc.message_dict.get("reason", exc.messages),
                )
            else:
                messages.success(
                    request,
                    f"Moved from {before} to {engagement.get_stage_display()}; recorded in the history.",
                )
                return redirect("firm:engagement", firm_slug=firm_slug, engagement_id=engagement.pk)
    pipeline = engagement_pipeline(firm=request.firm, membership=request.membership, engagement=engagement)
    return render(
        request,
        "firmops/engagement_detail.html",
        {
            "engagement": engagement,
            "form": form,
            "stages": Stage.choices,
            "pipeline": pipeline,
            "changes": engagement.stage_changes.select_related("actor"),
        },
    )


@role_required(Role.PARTNER)
def firm_settings(request, firm_slug: str):
    """Rates, time zone, working day and the MFA rule: a partner's call."""
    form = FirmSettingsForm(request.POST or None, instance=request.firm)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Firm settings saved.")
        return redirect("firm:settings", firm_slug=firm_slug)
    return render(request, "firmops/firm_settings.html", {"form": form})
