from django import forms

from firmops.models import Engagement, Stage


class EngagementForm(forms.ModelForm):
    class Meta:
        model = Engagement
        fields = ["name", "started_on"]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"})}


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices, label="Move to")
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed to skip or go back a stage.",
    )
