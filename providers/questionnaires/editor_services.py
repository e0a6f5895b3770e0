"""Editing a firm's questionnaire template one question at a time: add, change, move, remove.

Each change locks the template, applies itself to the current questions and validates the whole
list (keys, conditions that look back, choices they name), so two people editing at once cannot
leave a template that breaks; questionnaires already sent keep the questions they were sent with.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from firmops.models import Firm
from firmops.tenancy import firm_transaction
from providers.models import QuestionnaireTemplate
from providers.questionnaires.questions import MAX_QUESTIONS, slug_key, validate_questions

_PLACE = re.compile(r"questions\[(\d+)\]")


def _readable(exc: ValidationError, questions: list[dict]) -> ValidationError:
    """The validator's "questions[2]…" as "Question 3 (“Which SOC 2 report?”)…", for people, not scripts."""

    def name(match: re.Match) -> str:
        i = int(match.group(1))
        return f"Question {i + 1}" if i < len(questions) else match.group(0)

    return ValidationError([_PLACE.sub(name, message) for message in exc.messages])


def _locked(firm: Firm, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    if template.firm_id != firm.pk:
        raise ValidationError("That template belongs to another firm.")
    return QuestionnaireTemplate.objects.for_firm(firm).select_for_update().get(pk=template.pk)


def _index(questions: list[dict], key: str) -> int:
    for i, q in enumerate(questions):
        if q.get("key") == key:
            return i
    raise ValidationError("That question is no longer in the template: someone may have removed it.")


def _store(locked: QuestionnaireTemplate, questions: list[dict]) -> QuestionnaireTemplate:
    try:
        locked.questions = validate_questions(questions)
    except ValidationError as exc:
        raise _readable(exc, questions) from exc
    locked.save(update_fields=["questions", "updated_at"])
    return locked


@firm_transaction
def template_question_save(
    *, firm: Firm, template: QuestionnaireTemplate, question: dict, key: str | None = None
) -> tuple[QuestionnaireTemplate, str]:
    """Add a question at the end (key None) or replace the one with `key` in its place; returns its key."""
    locked = _locked(firm, template)
    questions = [dict(q) for q in locked.questions]
    if key is None:
        if len(questions) >= MAX_QUESTIONS:
            raise ValidationError(f"A questionnaire can have at most {MAX_QUESTIONS} questions.")
        key = slug_key(question.get("text", ""), [q["key"] for q in questions])
        questions.append({**question, "key": key})
    else:
        questions[_index(questions, key)] = {**question, "key": key}
    return _store(locked, questions), key


@firm_transaction
def template_question_move(
    *, firm: Firm, template: QuestionnaireTemplate, key: str, offset: int
) -> QuestionnaireTemplate:
    """Move a question up (offset −1) or down (+1); a follow-up cannot move above what it depends on."""
    locked = _locked(firm, template)
    questions = [dict(q) for q in locked.questions]
    i = _index(questions, key)
    j = min(max(i + offset, 0), len(questions) - 1)
    questions.insert(j, questions.pop(i))
    return _store(locked, questions)


@firm_transaction
def template_question_delete(
    *, firm: Firm, template: QuestionnaireTemplate, key: str
) -> QuestionnaireTemplate:
    """Remove a question; refused while another question is shown only after an answer to it."""
    locked = _locked(firm, template)
    questions = [dict(q) for q in locked.questions]
    removed = questions.pop(_index(questions, key))
    dependents = [q["text"] for q in questions if (q.get("show_if") or {}).get("question") == key]
    if dependents:
        raise ValidationError(
            f"“{removed['text']}” cannot go while these questions depend on its answer: "
            + "; ".join(f"“{t}”" for t in dependents)
            + ". Change or remove them first."
        )
    if not questions:
        raise ValidationError("A questionnaire needs at least one question.")
    return _store(locked, questions)
