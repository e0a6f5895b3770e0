"""Forms of the performance pages: they translate input; the services decide."""

from __future__ import annotations

from django import forms

from audit.selectors import CATEGORIES
from performance.models import MAX_DAY_HOURS, Matter, SurveyResponse

MAX_CSV_BYTES = 1_000_000
DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def category_choices(hits: list, *, blank: str | None = None) -> list[tuple[str, str]]:
    """Hit-list categories first (the work the audit found), then every other outsourceable category."""
    listed = [(h.category, h.label) for h in hits if h.category in CATEGORIES]
    seen = {c for c, _ in listed}
    rest = [(c.slug, c.label) for c in CATEGORIES.values() if c.slug not in seen and not c.is_core]
    choices = []
    if blank is not None:
        choices.append(("", blank))
    if listed:
        choices.append(("From the hit list", listed))
    choices.append(("Other categories", rest))
    return choices


class WorkItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    category = forms.ChoiceField(choices=())
    matter = forms.ModelChoiceField(queryset=Matter.objects.all_firms().none(), required=False)
    assigned_at = forms.DateTimeField(widget=DATETIME, input_formats=DATETIME_FORMATS, label="Assigned at")
    due_at = forms.DateTimeField(
        widget=DATETIME, input_formats=DATETIME_FORMATS, required=False, label="Due at"
    )
    delivered_at = forms.DateTimeField(
        widget=DATETIME, input_formats=DATETIME_FORMATS, required=False, label="Delivered at"
    )
    hours = forms.DecimalField(
        min_value=0, max_digits=7, decimal_places=2, initial=0, help_text="Hours the professional spent."
    )

    def __init__(self, *args, hits: list, matters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(hits)
        self.fields["matter"].queryset = matters


class DeliverForm(forms.Form):
    delivered_at = forms.DateTimeField(widget=DATETIME, input_formats=DATETIME_FORMATS, label="Delivered at")
    hours = forms.DecimalField(
        min_value=0, max_digits=7, decimal_places=2, help_text="Hours the professional spent."
    )


class HourEntryForm(forms.Form):
    worked_on = forms.DateField(widget=DATE, label="Day")
    hours = forms.DecimalField(
        min_value=0,
        max_value=MAX_DAY_HOURS,
        max_digits=4,
        decimal_places=2,
        help_text="Non-billable hours that day (0–24).",
    )
    attorney = forms.ChoiceField(choices=(), required=False)
    category = forms.ChoiceField(
        choices=(), required=False, help_text="What took the time, if one thing did."
    )
    description = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, hits: list, attorneys: list | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(hits, blank="— mixed / not sure —")
        if attorneys:
            self.fields["attorney"].choices = [
                (str(u.pk), f"{u.display_name} ({u.email})") for u in attorneys
            ]
        else:
            del self.fields["attorney"]


class HourImportForm(forms.Form):
    file = forms.FileField(
        help_text="CSV with columns date, attorney (email), hours[, description, category]."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError("The file is over 1 MB; split it into smaller files.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                "The file is not UTF-8 text; save it as “CSV UTF-8” and upload again."
            ) from exc


class MatterForm(forms.Form):
    reference = forms.CharField(max_length=60)
    name = forms.CharField(max_length=200)
    intake_on = forms.DateField(widget=DATE, label="Intake")
    resolved_on = forms.DateField(widget=DATE, required=False, label="Resolved")
    client_name = forms.CharField(max_length=200, required=False, label="Client contact")
    client_email = forms.EmailField(
        required=False,
        label="Client contact's email",
        help_text="The client survey goes here when the matter closes (and each cadence while open).",
    )


class SurveyForm(forms.Form):
    matter = forms.ModelChoiceField(queryset=Matter.objects.all_firms().none())
    score = forms.IntegerField(help_text="1 (poor) to 5 (excellent).")
    source = forms.ChoiceField(
        choices=[
            (SurveyResponse.Source.PHONE, SurveyResponse.Source.PHONE.label),
            (SurveyResponse.Source.STAFF, SurveyResponse.Source.STAFF.label),
        ],
        label="How the client gave it",
        required=False,
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    received_on = forms.DateField(widget=DATE, required=False, label="Received")

    def __init__(self, *args, matters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].queryset = matters

    def clean_source(self) -> str:
        return self.cleaned_data["source"] or SurveyResponse.Source.STAFF


class CheckInRecordForm(forms.Form):
    what_working = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What's working well?"
    )
    roadblocks = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Where are the roadblocks?"
    )
    improvements = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="What can we improve for next week?",
        help_text="One or two small, actionable process tweaks.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    new_actions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Action items",
        help_text="One per line; they come back on the next check-in's agenda until done.",
    )
    done = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Done since last time"
    )

    def __init__(self, *args, carried: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done"].choices = [(a.pk, a.text) for a in carried]


class RescheduleForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        widget=DATETIME, input_formats=DATETIME_FORMATS, label="New time (firm's time zone)"
    )


class PlanForm(forms.Form):
    began_on = forms.DateField(widget=DATE, label="Outsourced work began on")
    checkin_time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time"}), label="Check-in time (firm's time zone)"
    )
