"""The firm's survey settings page (partners and ops) and sending a survey now from the surveys page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from firmops.forms import add_service_errors
from firmops.models import Role
from firmops.permissions import role_required
from performance.models import Matter
from performance.surveys.forms import SurveySettingsForm
from performance.surveys.sending import survey_send_by_staff, survey_settings, survey_settings_update
from performance.views._common import engagement_for, visible_child

SURVEY_MANAGERS = (Role.PARTNER, Role.OPS)


@role_required(*SURVEY_MANAGERS)
def survey_settings_view(request, firm_slug: str):
    """How often clients are asked, and in what words."""
    conf = survey_settings(firm=request.firm)
    fields = SurveySettingsForm.Meta.fields
    form = SurveySettingsForm(request.POST or None, initial=model_to_dict(conf, fields=fields))
    if request.method == "POST" and form.is_valid():
        try:
            survey_settings_update(firm=request.firm, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Survey settings saved; the next surveys use them.")
            return redirect("performance:survey_settings", firm_slug=firm_slug)
    return render(request, "performance/surveys/settings.html", {"form": form})


@require_POST
@role_required(*SURVEY_MANAGERS)
def survey_send_view(request, firm_slug: str, matter_id: int):
    """Send the matter's client a survey now (its cadence is for the automatic ones)."""
    matter = visible_child(request, Matter, matter_id)
    engagement = engagement_for(request, matter.engagement_id)
    try:
        survey = survey_send_by_staff(firm=request.firm, actor=request.user, matter=matter)
    except ValidationError as exc:
        messages.error(request, exc.message_dict["matter"][0])
    else:
        messages.success(request, f"Survey sent to {survey.contact_email}.")
    return redirect("performance:surveys", firm_slug=firm_slug, engagement_id=engagement.pk)
