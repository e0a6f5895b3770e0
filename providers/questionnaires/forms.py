"""Forms of the vetting pages; the firm always comes from the request, never from the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from firmops.models import Firm
from providers.models import QuestionnaireTemplate
from providers.questionnaires.questions import BUILTIN_NAME, parse_questions
from providers.questionnaires.services import LINK_DAYS, MAX_ANSWER_CHARS, MAX_LINK_DAYS

BUILTIN = "builtin"  # the choice that stands for the built-in questionnaire


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
