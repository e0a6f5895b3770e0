"""The questionnaire editor's forms: one question at a time, in words — no JSON, no regular expressions.

A question form comes with three small formsets (choices with points, number ranges with points,
rubric items with their wordings); only the ones the chosen type uses are read. Blank rows are
ignored, so removing a choice is clearing its label. `question_from_forms` turns the forms into the
stored question, which the service validates with the whole template.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms

from providers.questionnaires.conditions import condition_text
from providers.questionnaires.evidence import document_kinds
from providers.questionnaires.questions import slug_key
from providers.questionnaires.rubric import phrase_problem
from providers.questionnaires.types import (
    CHOICE,
    CONDITION_TYPES,
    DATE,
    FILE,
    MULTI_CHOICE,
    NUMBER,
    TEXT,
    TYPE_LABELS,
    YES_NO,
    choices_of,
    question_type,
)

MAX_ROWS = 20
_POINTS = {"min_value": 0, "max_value": 100}


def _phrases(text: str) -> list[str]:
    """One phrase per line, each usable as a rubric phrase, or the first problem, naming the phrase."""
    phrases = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for phrase in phrases:
        problem = phrase_problem(phrase)
        if problem:
            raise forms.ValidationError(f"“{phrase[:60]}” {problem}.")
    return phrases


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _condition_choices(questions: list[dict], before: int) -> list[tuple[str, str]]:
    """'Always shown', then one entry per (earlier yes/no or choice question, answer)."""
    options = [("", "Always shown")]
    for q in questions[:before]:
        if question_type(q) in CONDITION_TYPES:
            for c in choices_of(q):
                rule = {"question": q["key"], "equals": c["key"]}
                options.append((f"{q['key']}={c['key']}", condition_text(questions, {"show_if": rule})))
    return options


class QuestionForm(forms.Form):
    text = forms.CharField(max_length=1000, label="Question", widget=forms.Textarea(attrs={"rows": 2}))
    help = forms.CharField(
        required=False,
        max_length=2000,
        label="What a strong answer says",
        help_text="Shown to the provider under the question.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    type = forms.ChoiceField(choices=list(TYPE_LABELS.items()), label="Type of answer")
    weight = forms.DecimalField(
        min_value=Decimal("0.1"),
        max_value=100,
        decimal_places=2,
        initial=1,
        label="Weight",
        help_text="How much the question counts in the weighted total (the built-in ones weigh 1 to 3).",
    )
    show_if = forms.ChoiceField(required=False, label="Show this question")
    yes_score = forms.IntegerField(initial=100, label="Points for Yes", **_POINTS)
    no_score = forms.IntegerField(initial=0, label="Points for No", **_POINTS)
    unit = forms.CharField(required=False, max_length=30, label="Unit", help_text="For example: hours.")
    min = forms.DecimalField(required=False, max_digits=15, decimal_places=4, label="Smallest allowed")
    max = forms.DecimalField(required=False, max_digits=15, decimal_places=4, label="Largest allowed")
    max_age_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=36500,
        label="Recent enough: within this many days",
        help_text="Blank: any date scores full points. Set: an older date scores 0.",
    )
    document_kind = forms.ChoiceField(required=False, label="Document asked for")
    vague_phrases = forms.CharField(
        required=False,
        label="Vague wording that costs points",
        help_text=(
            "One phrase per line, e.g. “best practices”. Plurals, -ing/-ed forms and hyphens are found too."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    keep_vague_markers = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, questions: list[dict], position: int, question: dict | None = None, **kwargs):
        self.question = question or {}
        super().__init__(*args, **kwargs)
        self.fields["show_if"].choices = _condition_choices(questions, position)
        self.fields["document_kind"].choices = [("", "—")] + list(document_kinds().items())
        markers = self.question.get("vague_markers") or []
        if markers:
            keep = self.fields["keep_vague_markers"]
            keep.label = f"Keep the {len(markers)} vague wordings of the built-in question"
        else:
            del self.fields["keep_vague_markers"]

    def clean_vague_phrases(self) -> list[str]:
        return _phrases(self.cleaned_data["vague_phrases"])

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        if kind == FILE and not data.get("document_kind"):
            self.add_error("document_kind", "Choose the document a file question asks for.")
        low, high = data.get("min"), data.get("max")
        if kind == NUMBER and low is not None and high is not None and low > high:
            self.add_error("max", "The largest allowed number is below the smallest.")
        return data


def initial_for(question: dict) -> dict:
    """The question form's initial values from a stored question."""
    rule = question.get("show_if")
    scores = {c["key"]: c["score"] for c in choices_of(question)} if question_type(question) == YES_NO else {}
    return {
        "text": question.get("text", ""),
        "help": question.get("help", ""),
        "type": question_type(question),
        "weight": question.get("weight", 1),
        "show_if": f"{rule['question']}={rule['equals']}" if rule else "",
        "yes_score": scores.get("yes", 100),
        "no_score": scores.get("no", 0),
        "unit": question.get("unit", ""),
        "min": question.get("min"),
        "max": question.get("max"),
        "max_age_days": question.get("max_age_days"),
        "document_kind": question.get("document_kind", ""),
        "vague_phrases": "\n".join(question.get("vague_phrases") or ()),
        "keep_vague_markers": True,
    }


class ChoiceRow(forms.Form):
    key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60)
    label = forms.CharField(required=False, max_length=200, label="Choice")
    score = forms.IntegerField(required=False, label="Points", **_POINTS)

    def clean(self):
        data = super().clean()
        if data.get("label") and data.get("score") is None:
            self.add_error("score", "Give the points this choice earns (0–100).")
        return data


class BandRow(forms.Form):
    start = forms.DecimalField(required=False, max_digits=15, decimal_places=4, label="From")
    end = forms.DecimalField(required=False, max_digits=15, decimal_places=4, label="To")
    score = forms.IntegerField(required=False, label="Points", **_POINTS)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is not None or end is not None) and data.get("score") is None:
            self.add_error("score", "Give the points a number in this range earns (0–100).")
        if start is not None and end is not None and start > end:
            self.add_error("end", "The range ends before it starts.")
        return data


class RubricRow(forms.Form):
    key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60)
    label = forms.CharField(required=False, max_length=200, label="Rubric item")
    phrases = forms.CharField(
        required=False,
        label="Also counts when the answer says",
        help_text="One wording per line; blank: the item's own name.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    keep_patterns = forms.BooleanField(required=False, label="Keep the built-in wordings")

    def clean_phrases(self) -> list[str]:
        return _phrases(self.cleaned_data["phrases"])


ChoiceFormSet = forms.formset_factory(ChoiceRow, extra=3, max_num=MAX_ROWS, absolute_max=MAX_ROWS)
BandFormSet = forms.formset_factory(BandRow, extra=3, max_num=10, absolute_max=10)
RubricFormSet = forms.formset_factory(RubricRow, extra=3, max_num=MAX_ROWS, absolute_max=MAX_ROWS)


def formsets(data, question: dict) -> dict[str, forms.BaseFormSet]:
    """The three row formsets, filled from the stored question (GET) or the posted data."""
    kind = question_type(question)
    choices = [
        {"key": c["key"], "label": c["label"], "score": c["score"]}
        for c in (question.get("choices") or [])
        if kind in (CHOICE, MULTI_CHOICE)
    ]
    bands = [
        {"start": b.get("from"), "end": b.get("to"), "score": b["score"]} for b in question.get("bands") or ()
    ]
    rubric = [
        {
            "key": e["key"],
            "label": e["label"],
            "phrases": "\n".join(e.get("phrases") or ()),
            "keep_patterns": bool(e.get("patterns")),
        }
        for e in question.get("elements") or ()
    ]
    return {
        "choices": ChoiceFormSet(data, initial=None if data else choices, prefix="choices"),
        "bands": BandFormSet(data, initial=None if data else bands, prefix="bands"),
        "rubric": RubricFormSet(data, initial=None if data else rubric, prefix="rubric"),
    }


def _rows(formset: forms.BaseFormSet, field: str) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data.get(field) not in (None, "", [])]


def _choices(formset: forms.BaseFormSet) -> list[dict]:
    out: list[dict] = []
    for row in _rows(formset, "label"):
        key = row["key"] or slug_key(row["label"], [c["key"] for c in out], prefix="c")
        out.append({"key": key, "label": row["label"], "score": row["score"]})
    return out


def _elements(formset: forms.BaseFormSet, existing: dict) -> list[dict]:
    """Rubric items; an item keeps the built-in regexes it came with while "keep" stays ticked."""
    kept = {e["key"]: e.get("patterns") or [] for e in existing.get("elements") or ()}
    out: list[dict] = []
    for row in _rows(formset, "label"):
        key = (
            row["key"] if row["key"] in kept else slug_key(row["label"], [e["key"] for e in out], prefix="e")
        )
        patterns = kept.get(key, []) if row["keep_patterns"] else []
        phrases = row["phrases"] or ([] if patterns else [row["label"]])
        out.append({"key": key, "label": row["label"], "patterns": patterns, "phrases": phrases})
    return out


def question_from_forms(form: QuestionForm, sets: dict[str, forms.BaseFormSet]) -> dict:
    """The question to store, from a valid question form and formsets (only its type's parts)."""
    data, existing = form.cleaned_data, form.question
    kind = data["type"]
    question = {
        "type": kind,
        "text": data["text"].strip(),
        "help": data["help"].strip(),
        "weight": _number(data["weight"]),
    }
    if data.get("show_if"):
        controller, _, equals = data["show_if"].partition("=")
        question["show_if"] = {"question": controller, "equals": equals}
    if kind == YES_NO:
        question["choices"] = [
            {"key": "yes", "label": "Yes", "score": data["yes_score"]},
            {"key": "no", "label": "No", "score": data["no_score"]},
        ]
    elif kind in (CHOICE, MULTI_CHOICE):
        question["choices"] = _choices(sets["choices"])
    elif kind == NUMBER:
        question |= {"min": _number(data["min"]), "max": _number(data["max"]), "unit": data["unit"].strip()}
        question["bands"] = [
            {"from": _number(b["start"]), "to": _number(b["end"]), "score": b["score"]}
            for b in sets["bands"].forms
            if b.cleaned_data.get("score") is not None
        ]
    elif kind == DATE:
        question["max_age_days"] = data["max_age_days"]
    elif kind == FILE:
        question["document_kind"] = data["document_kind"]
    elif kind == TEXT:
        keep_markers = data.get("keep_vague_markers", False)
        question["elements"] = _elements(sets["rubric"], existing)
        question["vague_markers"] = list(existing.get("vague_markers") or []) if keep_markers else []
        question["vague_phrases"] = data["vague_phrases"]
    return question


def forms_valid(form: QuestionForm, sets: dict[str, forms.BaseFormSet]) -> bool:
    """The form and the formsets its type reads are valid; a choice question has two choices or more."""
    ok = form.is_valid()
    kind = form.cleaned_data.get("type") if ok else form.data.get("type")
    used = {"choices": kind in (CHOICE, MULTI_CHOICE), "bands": kind == NUMBER, "rubric": kind == TEXT}
    ok = all([sets[name].is_valid() for name, needed in used.items() if needed]) and ok
    if ok and used["choices"] and len(_choices(sets["choices"])) < 2:
        form.add_error(None, "A choice question needs at least two choices, each with its points.")
        ok = False
    return ok
