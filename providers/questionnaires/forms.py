"""Forms of the vetting pages; the firm always comes from the request, never from the form."""

from __future__ import annotations

from django import forms

from firmops.models import Firm
from providers.models import QuestionnaireTemplate
from providers.questionnaires.questions import BUILTIN_NAME
from providers.questionnaires.services import LINK_DAYS, MAX_LINK_DAYS

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


class TemplateDetailsForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AdjustForm(forms.Form):
    score = forms.IntegerField(min_value=0, max_value=100, label="Adjusted score (0–100)")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why")
