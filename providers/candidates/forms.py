"""Forms of the vetting pages; the firm always comes from the request, never from the form."""

from __future__ import annotations

from django import forms

from firmops.models import Engagement, Firm, Stage
from providers.models import Professional, Provider

_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ProviderForm(forms.ModelForm):
    # Declared so the class never queries engagements outside a firm; the firm's are set per request.
    engagement = forms.ModelChoiceField(
        queryset=Engagement.objects.all_firms().none(),
        required=False,
        label="Shortlist for engagement",
        help_text="The comparison and selection happen per engagement.",
    )
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Provider
        fields = Provider.EDITABLE_FIELDS
        widgets = {"work_start": _TIME, "work_end": _TIME, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"work_start": "Working day starts", "work_end": "Working day ends"}

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = Engagement.objects.for_firm(firm).exclude(stage=Stage.CLOSED)


class ProfessionalForm(forms.ModelForm):
    class Meta:
        model = Professional
        fields = Professional.EDITABLE_FIELDS
        widgets = {"work_start": _TIME, "work_end": _TIME, "skills": forms.Textarea(attrs={"rows": 2})}
        labels = {"work_start": "Working day starts", "work_end": "Working day ends"}
