"""The provider's side of a questionnaire: saving a draft, submitting once, and scoring what was shown.

Everything a request sends is checked before anything is written, in one transaction: a choice not
offered, a number out of range or a bad date is named with its question, and nothing of that request
is saved (the draft saved before stays as it was).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from firmops.messaging.emails import notification_send
from firmops.messaging.reminders import reminders_cancel
from firmops.tenancy import firm_scope
from providers.models import Answer, Questionnaire
from providers.questionnaires.conditions import shown_keys, shown_questions, stored_value
from providers.questionnaires.evidence import FileAnswer, evidence_from_link
from providers.questionnaires.scoring import (
    InvalidAnswerError,
    answer_values,
    score_value,
    weighted_total,
)
from providers.questionnaires.selectors import answers_by_key
from providers.questionnaires.types import FILE, OPTIONAL_TYPES, TEXT, display, question_type

MAX_ANSWER_CHARS = 8000
REMINDER_KIND = "providers.questionnaire_unanswered"
ANSWERED_KIND = "providers.questionnaire_answered"


def unanswered(questions: list[dict], values: dict[str, object]) -> list[str]:
    """Keys of the questions these answers show that a submission may not leave blank."""
    shown = shown_keys(questions, values)
    return [
        q["key"]
        for q in questions
        if q["key"] in shown
        and question_type(q) not in OPTIONAL_TYPES
        and values.get(q["key"]) in (None, "", [])
    ]


def effective_total(questionnaire: Questionnaire) -> Decimal:
    """The weighted total of the effective scores (a reviewer's adjustment wins) over the questions shown."""
    answers = {a.question_key: a for a in questionnaire.answers.all()}
    scores = {k: a.effective_score or 0 for k, a in answers.items() if a.score is not None}
    shown = shown_questions(questionnaire.questions, answers)
    total = weighted_total(scores, questions=questionnaire.questions, shown=shown)
    return Decimal(str(total)).quantize(Decimal("0.01"))


def _checked(questions: list[dict], answers: dict[str, object]) -> dict[str, object]:
    """The answers as stored values; every problem raised at once, each under its question's key."""
    by_key = {q["key"]: q for q in questions}
    errors: dict[str, str] = {}
    unknown = sorted(set(answers) - set(by_key))
    if unknown:
        errors["__all__"] = f"Unknown question(s): {', '.join(unknown)}."
    values: dict[str, object] = {}
    for key, raw in answers.items():
        if key in unknown:
            continue
        try:
            values.update(answer_values({key: raw}, questions=questions))
        except InvalidAnswerError as exc:
            errors[key] = f"“{by_key[key]['text'][:80]}”: {exc.problem}"
    shown = shown_keys(questions, values)
    for key in [k for k in errors if k in by_key and k not in shown]:
        del errors[key]  # a hidden question's answer is ignored, even one that would not fit it
        values[key] = None
    too_long = [k for k, v in values.items() if isinstance(v, str) and len(v) > MAX_ANSWER_CHARS]
    for key in too_long:
        errors[key] = f"“{by_key[key]['text'][:80]}”: keep the answer under {MAX_ANSWER_CHARS} characters."
    if errors:
        raise ValidationError(errors)
    return values


def _save(locked: Questionnaire, values: dict[str, object], saved: dict[str, Answer]) -> None:
    for position, question in enumerate(locked.questions):
        key = question["key"]
        if key not in values:
            continue
        answer = saved.get(key) or Answer(firm=locked.firm, questionnaire=locked, question_key=key)
        value = values[key]
        if question_type(question) == TEXT:
            answer.text, answer.value = value or "", None
        else:
            answer.text, answer.value = display(question, value), value
        answer.position = position
        answer.save()
        saved[key] = answer


def _score_all(locked: Questionnaire, saved: dict[str, Answer]) -> None:
    """Score the questions shown; drop answers to questions hidden by the final answers."""
    values = {q["key"]: stored_value(q, saved.get(q["key"])) for q in locked.questions}
    blank = unanswered(locked.questions, values)
    if blank:
        texts = {q["key"]: q["text"] for q in locked.questions}
        raise ValidationError({key: f"Please answer: {texts[key]}" for key in blank})
    shown = shown_keys(locked.questions, values)
    hidden = [a.pk for k, a in saved.items() if k not in shown]
    Answer.objects.filter(pk__in=hidden).delete()  # the provider's last answers did not ask these
    today = timezone.localdate(timezone.now(), locked.firm.zone)
    for position, question in enumerate(locked.questions):
        key = question["key"]
        if key not in shown:
            continue
        answer = saved.get(key) or Answer(firm=locked.firm, questionnaire=locked, question_key=key)
        result = score_value(stored_value(question, answer), question=question, today=today)
        answer.position, answer.score, answer.vague = position, result.score, result.vague
        answer.found, answer.missing, answer.specifics = result.found, result.missing, result.specifics
        answer.breakdown = result.breakdown
        answer.save()


@transaction.atomic
def questionnaire_answer(
    *,
    questionnaire: Questionnaire,
    answers: dict[str, object],
    submit: bool,
    notify: bool = True,
    files: dict[str, FileAnswer] | None = None,
) -> Questionnaire:
    """The provider saves a draft, or submits once: then every answer shown is scored.

    `answers` maps question keys to raw answers (text, a choice's key, a list of keys, a number, a
    date); `files` maps a file question's key to the upload and its dates, stored as evidence.
    """
    firm = questionnaire.firm
    with firm_scope(firm):
        locked = (
            Questionnaire.objects.select_for_update()
            .select_related("provider", "firm")
            .get(pk=questionnaire.pk)
        )
        if locked.submitted_at is not None:
            raise ValidationError("These answers were submitted already and cannot change.")
        if locked.expires_at <= timezone.now():
            raise ValidationError("This link has expired.")
        values = _checked(locked.questions, answers)
        saved = answers_by_key(locked)
        by_key = {q["key"]: q for q in locked.questions}
        for key, upload in (files or {}).items():
            if key not in by_key or question_type(by_key[key]) != FILE:
                raise ValidationError(f"Unknown file question: {key}.")
            earlier = saved[key].value if key in saved else None
            values[key] = evidence_from_link(
                questionnaire=locked, question=by_key[key], upload=upload, earlier=earlier
            )
        _save(locked, values, saved)
        if not submit:
            locked.draft_saved_at = timezone.now()
            locked.save(update_fields=["draft_saved_at"])
            return locked
        _score_all(locked, saved)
        locked.submitted_at = timezone.now()
        locked.total_score = effective_total(locked)
        locked.save(update_fields=["submitted_at", "total_score"])
        reminders_cancel(firm=firm, key_prefix=f"{REMINDER_KIND}:{locked.pk}:")
    if notify and locked.sent_by is not None:
        path = reverse("providers:questionnaire", args=[firm.slug, locked.pk])
        notification_send(
            firm=firm,
            recipient=locked.sent_by,
            kind=ANSWERED_KIND,
            subject=f"{locked.provider.name} answered the vetting questionnaire",
            body=(
                f"{locked.provider.name} submitted its answers. Weighted total: {locked.total_score} / "
                "100.\n\n"
                f"Review the scores: {settings.SITE_URL.rstrip('/')}{path}\n"
            ),
            url=path,
            key=str(locked.pk),
        )
    return locked
