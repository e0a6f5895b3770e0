"""Forms of the vetting pages; the firm always comes from the request, never from the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from firmops.models import Engagement, Firm, Stage
from providers.models import Professional, Provider, QuestionnaireTemplate
from providers.questionnaires import LINK_DAYS, MAX_ANSWER_CHARS, MAX_LINK_DAYS
from providers.questions import BUILTIN_NAME, parse_questions
from providers.services import TRIAL_DAYS

BUILTIN = "builtin"
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
        fields = [
            "name",
            "model",
            "engagement",
            "website",
            "contact_name",
            "contact_email",
            "jurisdictions",
            "time_zone",
            "rate_min",
            "rate_max",
            "work_start",
            "work_end",
            "notes",
        ]
        widgets = {"work_start": _TIME, "work_end": _TIME, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"work_start": "Working day starts", "work_end": "Working day ends"}

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = Engagement.objects.for_firm(firm).exclude(stage=Stage.CLOSED)


class ProfessionalForm(forms.ModelForm):
    class Meta:
        model = Professional
        fields = [
            "name",
            "role",
            "email",
            "time_zone",
            "hourly_rate",
            "skills",
            "status",
            "weekly_capacity_hours",
            "work_start",
            "work_end",
        ]
        widgets = {"work_start": _TIME, "work_end": _TIME, "skills": forms.Textarea(attrs={"rows": 2})}
        labels = {"work_start": "Working day starts", "work_end": "Working day ends"}


def template_choices(firm: Firm) -> list[tuple[str, str]]:
    return [(BUILTIN, BUILTIN_NAME)] + [
        (str(t.pk), t.name) for t in QuestionnaireTemplate.objects.for_firm(firm).only("pk", "name")
    ]


def template_from_choice(firm: Firm, value: str) -> QuestionnaireTemplate | None:
    """The chosen firm template, or None for the built-in one."""
    if value == BUILTIN:
        return None
    return QuestionnaireTemplate.objects.for_firm(firm).get(pk=int(value))


class SendForm(forms.Form):
    template = forms.ChoiceField(label="Questionnaire")
    to_email = forms.EmailField(
        required=False, label="Send to", help_text="Blank: the provider's contact email."
    )
    days = forms.IntegerField(
        min_value=1, max_value=MAX_LINK_DAYS, initial=LINK_DAYS, label="Link expires after (days)"
    )

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = template_choices(firm)


class ResendForm(forms.Form):
    days = forms.IntegerField(
        min_value=1, max_value=MAX_LINK_DAYS, initial=LINK_DAYS, label="New link expires after (days)"
    )


class TemplateCopyForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of your copy")
    source = forms.ChoiceField(label="Copy from")

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = template_choices(firm)


class TemplateForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24, "class": "code", "spellcheck": "false"}),
        help_text=(
            "A JSON list of questions: key, text, help, weight, elements (key, label, patterns) and "
            "vague_markers. "
            "Patterns are regular expressions matched against the answer in lower case; a space also "
            "matches a hyphen."
        ),
    )

    def clean_questions(self) -> list[dict]:
        return parse_questions(self.cleaned_data["questions"])


class AdjustForm(forms.Form):
    score = forms.IntegerField(min_value=0, max_value=100, label="Adjusted score (0–100)")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why")


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


class AnswersForm(forms.Form):
    """One text box per question; drafts may leave boxes empty, a submission may not."""

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[q["key"]] = forms.CharField(
                required=False,
                label=q["text"],
                help_text=q.get("help", ""),
                max_length=MAX_ANSWER_CHARS,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def answers(self) -> dict[str, str]:
        return {q["key"]: self.cleaned_data.get(q["key"], "") for q in self.questions}

    def require_all(self) -> None:
        for q in self.questions:
            if not (self.cleaned_data.get(q["key"]) or "").strip():
                self.add_error(
                    q["key"], ValidationError("Answer this question before submitting (or save a draft).")
                )
