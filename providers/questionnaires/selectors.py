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
    return [(q, answers.get(q["key"])) for q in questionnaire.questions]


def firm_templates(*, firm: Firm) -> QuerySet[QuestionnaireTemplate]:
    """The firm's own questionnaire templates (the built-in one is not a row)."""
    return QuestionnaireTemplate.objects.for_firm(firm).select_related("created_by")


def answers_by_key(questionnaire: Questionnaire) -> dict[str, Answer]:
    """The saved answers (draft or submitted) of a questionnaire, by question key."""
    return {
        a.question_key: a
        for a in Answer.objects.for_firm(questionnaire.firm_id).filter(questionnaire=questionnaire)
    }
