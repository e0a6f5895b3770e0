"""Reads of vetting: providers, the side-by-side comparison, and the selection later phases use."""

from __future__ import annotations

from django.db.models import QuerySet

from firmops.models import Firm
from providers.models import (
    Answer,
    Provider,
    Questionnaire,
    QuestionnaireTemplate,
)
from providers.questionnaires import breakdown
from providers.questionnaires.conditions import shown_questions, stored_value
from providers.questionnaires.scoring import score_value


def provider_questionnaires(*, firm: Firm, provider: Provider) -> QuerySet[Questionnaire]:
    """Every questionnaire sent to a provider, newest first."""
    return Questionnaire.objects.for_firm(firm).filter(provider=provider).select_related("sent_by")


def questionnaire_answers(*, firm: Firm, questionnaire: Questionnaire) -> list[tuple[dict, Answer | None]]:
    """Each question of a questionnaire beside its answer (None when unanswered), in question order."""
    answers = {
        a.question_key: a
        for a in Answer.objects.for_firm(firm)
        .filter(questionnaire=questionnaire)
        .select_related("adjusted_by")
        .prefetch_related("adjustments__adjusted_by")
    }
    rows = [(q, answers.get(q["key"])) for q in questionnaire.questions]
    for q, a in rows:
        if a is not None:
            a.breakdown = answer_breakdown(a, q)
    return rows


def answer_breakdown(answer: Answer, question: dict | None) -> dict:
    """What built an answer's score, with every key; an answer scored before breakdowns were kept is
    explained again by the same scorer (it gives the same score: tests/providers/test_scoring.py)."""
    if answer.breakdown or answer.score is None or question is None:
        return {**breakdown.empty(), **(answer.breakdown or {})}
    return score_value(stored_value(question, answer), question=question).breakdown


def questionnaire_shown(questionnaire: Questionnaire, rows: list[tuple[dict, Answer | None]]) -> set[str]:
    """The keys of the questions the provider's saved answers ask (a hidden follow-up does not count)."""
    return shown_questions(questionnaire.questions, {q["key"]: a for q, a in rows if a is not None})


def firm_templates(*, firm: Firm) -> QuerySet[QuestionnaireTemplate]:
    """The firm's own questionnaire templates (the built-in one is not a row)."""
    return QuestionnaireTemplate.objects.for_firm(firm).select_related("created_by")


def answers_by_key(questionnaire: Questionnaire) -> dict[str, Answer]:
    """The saved answers (draft or submitted) of a questionnaire, by question key."""
    return {
        a.question_key: a
        for a in Answer.objects.for_firm(questionnaire.firm_id).filter(questionnaire=questionnaire)
    }
