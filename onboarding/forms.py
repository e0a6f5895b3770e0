"""Forms of the onboarding pages; they translate input, the services decide."""

from __future__ import annotations

from django import forms

from onboarding.models import AccessCheck, GuideVersion, PlanTemplateItem, TaskPlaybook, ToolKind

_time = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class GenerateForm(forms.Form):
    starts_on = forms.DateField(
        required=False,
        label="Day 1",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Blank: keep the plan's start (today for a new plan).",
    )
    day_start = forms.TimeField(
        required=False, label="Their working day starts", widget=_time, help_text="In their time zone."
    )
    day_end = forms.TimeField(required=False, label="Their working day ends", widget=_time)

    def clean(self):
        data = super().clean()
        start, end = data.get("day_start"), data.get("day_end")
        if bool(start) != bool(end):
            self.add_error("day_end", "Give both ends of the working day, or neither.")
        elif start and end and end <= start:
            self.add_error("day_end", "The working day must end after it starts.")
        return data


class ItemUpdateForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("", "—"), ("1", "Done"), ("0", "Not done")],
        coerce=lambda v: v == "1",
        required=False,
        empty_value=None,
    )
    notes = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class AccessCheckForm(forms.Form):
    """One system's row of ticks; an unticked box posts nothing, so it means "no"."""

    named_account = forms.BooleanField(
        required=False, label=AccessCheck._meta.get_field("named_account").verbose_name
    )
    mfa_enabled = forms.BooleanField(
        required=False, label=AccessCheck._meta.get_field("mfa_enabled").verbose_name
    )
    least_privilege = forms.BooleanField(
        required=False, label=AccessCheck._meta.get_field("least_privilege").verbose_name
    )
    notes = forms.CharField(required=False, max_length=500)

    @staticmethod
    def initial_for(check: AccessCheck) -> dict:
        return {name: getattr(check, name) for name in (*AccessCheck.CHECKS, "notes")}


class GuideForm(forms.Form):
    """One textarea per Markdown section."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in GuideVersion.SECTIONS:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=20_000,
                widget=forms.Textarea(attrs={"rows": 8, "class": "markdown"}),
                help_text=(
                    "Markdown: **bold**, - lists, | tables |, [links](https://…). "
                    "Scripts, styles and remote images are removed."
                ),
            )


class TemplateItemForm(forms.ModelForm):
    class Meta:
        model = PlanTemplateItem
        fields = [
            "key",
            "track",
            "scope",
            "day",
            "stagger_days",
            "repeat_every_days",
            "owner_role",
            "milestone",
            "title",
            "body",
            "link",
            "position",
            "is_active",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_active"].label = "Active (used when plans are generated)"


class ToolForm(forms.Form):
    name = forms.CharField(max_length=80, label="Tool", help_text="e.g. Clio, NetDocuments, Outlook, Teams")
    kind = forms.ChoiceField(choices=ToolKind.choices, initial=ToolKind.OTHER, label="Used for")


class PlaybookForm(forms.ModelForm):
    category = forms.CharField(widget=forms.HiddenInput, max_length=60)
    walkthrough_url = forms.URLField(
        required=False,
        assume_scheme="https",
        label="Walkthrough video link",
        help_text="A short screen recording, https only.",
    )

    class Meta:
        model = TaskPlaybook
        fields = ["category", "walkthrough_title", "walkthrough_url", "formatting", "tone", "turnaround"]
        widgets = {"formatting": forms.Textarea(attrs={"rows": 2}), "tone": forms.Textarea(attrs={"rows": 2})}
