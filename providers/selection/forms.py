"""Forms of the vetting pages; the firm always comes from the request, never from the form."""

from __future__ import annotations

from django import forms

from firmops.models import Engagement, Firm
from providers.models import Professional
from providers.selection.services import TRIAL_DAYS

_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SelectionForm(forms.Form):
    professional = forms.ModelChoiceField(
        queryset=Professional.objects.all_firms().none(), label="Professional"
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Why this provider and this person: the answers, the overlap, the rate. "
            "It is kept with the selection."
        ),
    )
    trial_days = forms.IntegerField(
        min_value=1, max_value=90, initial=TRIAL_DAYS, label="Trial period (days)"
    )

    def __init__(self, *args, firm: Firm, engagement: Engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = (
            Professional.objects.for_firm(firm)
            .filter(provider__engagement=engagement)
            .exclude(status__in=[Professional.Status.DECLINED, Professional.Status.REPLACED])
            .select_related("provider")
            .order_by("provider__name", "name")
        )
        self.fields["professional"].label_from_instance = lambda p: (
            f"{p.name} — {p.provider.name}, ${p.hourly_rate}/h"
        )


class ReplacementForm(forms.Form):
    reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="What isn't working (optional)"
    )
