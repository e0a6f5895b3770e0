"""The provider's answer form, one field per question in the widget its type needs.

Shared by the secure link's page and the template preview, so ops see exactly what providers see.
Every field checks its answer the way the service does (providers.questionnaires.types.coerce), so a
choice not offered, a number out of range or a bad date is named under its question.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from providers.models import Answer
from providers.questionnaires.answering import MAX_ANSWER_CHARS, unanswered
from providers.questionnaires.conditions import condition_text, shown_keys, stored_value
from providers.questionnaires.evidence import ACCEPTED_FILES, FileAnswer
from providers.questionnaires.types import (
    CHOICE,
    DATE,
    FILE,
    MULTI_CHOICE,
    NUMBER,
    YES_NO,
    AnswerProblem,
    choices_of,
    coerce,
    question_type,
)

ISSUED, EXPIRES = "__issued_on", "__expires_on"
_REQUIRED = "Answer this question before submitting (or save a draft)."


class AnswerField(forms.Field):
    """One typed answer, cleaned into the value the service stores (None when left blank)."""

    def __init__(self, *, question: dict, **kwargs):
        self.question = question
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        try:
            return coerce(self.question, value)
        except AnswerProblem as exc:
            message = str(exc)
            raise ValidationError(message[:1].upper() + message[1:]) from None


def _widget(question: dict) -> forms.Widget:
    kind = question_type(question)
    choices = [(c["key"], c["label"]) for c in choices_of(question)]
    if kind in (YES_NO, CHOICE):
        return forms.RadioSelect(choices=choices)
    if kind == MULTI_CHOICE:
        return forms.CheckboxSelectMultiple(choices=choices)
    if kind == NUMBER:
        attrs = {"step": "any", "inputmode": "decimal"}
        attrs |= {k: question[k] for k in ("min", "max") if question.get(k) is not None}
        return forms.NumberInput(attrs=attrs)
    if kind == DATE:
        return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.Textarea(attrs={"rows": 5, "maxlength": MAX_ANSWER_CHARS})


def _help(question: dict) -> str:
    kind, help_ = question_type(question), question.get("help", "")
    if kind == NUMBER and question.get("unit"):
        help_ = f"In {question['unit']}. {help_}".strip()
    if kind == MULTI_CHOICE:
        help_ = f"Tick all that apply. {help_}".strip()
    return help_


class AnswersForm(forms.Form):
    """All the questions of a questionnaire; drafts may leave any blank, a submission only optional ones."""

    def __init__(self, *args, questions: list[dict], saved: dict[str, Answer] | None = None, **kwargs):
        self.questions = questions
        self.saved = saved or {}
        kwargs.setdefault(
            "initial",
            {
                q["key"]: stored_value(q, self.saved.get(q["key"]))
                for q in questions
                if question_type(q) != FILE
            },
        )
        super().__init__(*args, **kwargs)
        for q in questions:
            key = q["key"]
            if question_type(q) == FILE:
                self.fields[key] = forms.FileField(
                    required=False,
                    label=q["text"],
                    help_text=_help(q),
                    widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
                )
                self.fields[key + ISSUED] = forms.DateField(
                    required=False, label="Issued on", widget=forms.DateInput(attrs={"type": "date"})
                )
                self.fields[key + EXPIRES] = forms.DateField(
                    required=False, label="Expires on", widget=forms.DateInput(attrs={"type": "date"})
                )
            else:
                self.fields[key] = AnswerField(
                    question=q, label=q["text"], help_text=_help(q), widget=_widget(q)
                )

    def clean(self):
        data = super().clean()
        # An answer to a question the other answers hide is ignored, even one that would not fit it.
        shown = shown_keys(self.questions, {q["key"]: data.get(q["key"]) for q in self.questions})
        for q in self.questions:
            if q["key"] not in shown:
                self.errors.pop(q["key"], None)
                data[q["key"]] = None
        for q in self.questions:
            if question_type(q) != FILE:
                continue
            issued, expires = data.get(q["key"] + ISSUED), data.get(q["key"] + EXPIRES)
            if issued and expires and expires < issued:
                self.add_error(q["key"] + EXPIRES, "The expiry date is before the issue date.")
            if (issued or expires) and not data.get(q["key"]) and not self.saved.get(q["key"]):
                self.add_error(q["key"], "Choose the file these dates belong to.")
        return data

    def answers(self) -> dict[str, object]:
        """The typed answers (files aside), as the service takes them."""
        return {q["key"]: self.cleaned_data.get(q["key"]) for q in self.questions if question_type(q) != FILE}

    def files_given(self) -> dict[str, FileAnswer]:
        """The files uploaded with this request, with the dates given for them."""
        return {
            q["key"]: FileAnswer(
                upload=self.cleaned_data[q["key"]],
                issued_on=self.cleaned_data.get(q["key"] + ISSUED),
                expires_on=self.cleaned_data.get(q["key"] + EXPIRES),
            )
            for q in self.questions
            if question_type(q) == FILE and self.cleaned_data.get(q["key"])
        }

    def require_shown(self) -> None:
        """On submit: every question shown (by these answers) that is not optional needs an answer."""
        values = {**self.answers(), **{k: True for k in self.files_given()}}
        for key in unanswered(self.questions, values):
            self.add_error(key, _REQUIRED)

    def rows(self) -> list[dict]:
        """What the page draws per question: its fields, its condition, and a file already uploaded."""
        rows = []
        for number, q in enumerate(self.questions, start=1):
            rule = q.get("show_if") or {}
            extra = [self[q["key"] + ISSUED], self[q["key"] + EXPIRES]] if question_type(q) == FILE else []
            saved = self.saved.get(q["key"])
            rows.append(
                {
                    "number": number,
                    "question": q,
                    "field": self[q["key"]],
                    "extra": extra,
                    "kind": question_type(q),
                    "show_if": rule,
                    "condition": condition_text(self.questions, q),
                    "uploaded": saved.text if saved is not None and question_type(q) == FILE else "",
                    "document": (saved.value or {}).get("document")
                    if saved is not None and question_type(q) == FILE
                    else None,
                    "grouped": question_type(q) in (YES_NO, CHOICE, MULTI_CHOICE),
                }
            )
        return rows
