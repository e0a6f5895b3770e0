"""The client's survey form (in the firm's words) and the partner's settings form."""

from __future__ import annotations

from django import forms

from performance.surveys.answering import MAX_COMMENT, RANGES
from performance.surveys.models import SurveySettings


def _scale(label: str, field: str) -> forms.TypedChoiceField:
    low, high = RANGES[field]
    message = f"Choose a whole number from {low} to {high}."
    return forms.TypedChoiceField(
        label=label,
        choices=[(n, str(n)) for n in range(low, high + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class SurveyAnswerForm(forms.Form):
    """Four questions; a bad score is named on its own, and every other answer stays on the page."""

    def __init__(self, *args, conf: SurveySettings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["satisfaction"] = _scale(conf.satisfaction_label, "satisfaction")
        self.fields["speed"] = _scale(conf.speed_label, "speed")
        self.fields["recommend"] = _scale(conf.recommend_label, "recommend")
        self.fields["comment"] = forms.CharField(
            label=conf.comment_label,
            required=False,
            max_length=MAX_COMMENT,
            widget=forms.Textarea(attrs={"rows": 4}),
        )


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = SurveySettings
        fields = [
            "open_every_days",
            "send_on_close",
            "link_days",
            "reminder_after_days",
            "subject",
            "message",
            "satisfaction_label",
            "speed_label",
            "recommend_label",
            "comment_label",
        ]
        labels = {"open_every_days": "How often to ask"}
        help_texts = {
            "subject": "{firm} and {matter} are filled in.",
            "message": "The email's words before the link; {firm} and {matter} are filled in.",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        link, remind = data.get("link_days"), data.get("reminder_after_days")
        if link and remind and remind >= link:
            self.add_error("reminder_after_days", f"Remind before the link expires (under {link} days).")
        return data
