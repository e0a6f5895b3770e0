"""Vetting objects of another firm for the route walk, each carrying the leak marker in its text."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from providers.evidence.demo import one_page_pdf
from providers.evidence.services import evidence_add
from providers.models import (
    Answer,
    EvidenceDocument,
    Professional,
    Provider,
    ProviderModel,
    Questionnaire,
    QuestionnaireTemplate,
    RoleCategory,
    RoleDefinition,
    Selection,
)
from providers.questionnaires.questions import builtin_questions
from providers.questionnaires.services import questionnaire_send
from tests.factories import EngagementFactory


def _marker() -> str:
    from tests.route_samples import MARKER

    return MARKER


def provider(ctx) -> Provider:
    engagement = EngagementFactory(firm=ctx.firm, owner=ctx.partner, name=f"{_marker()} engagement")
    return Provider.objects.create(
        firm=ctx.firm,
        engagement=engagement,
        name=f"{_marker()} provider",
        model=ProviderModel.TALENT_PLATFORM,
        contact_email="leak@other.test",
        notes=_marker(),
    )


def professional(ctx) -> Professional:
    return Professional.objects.create(
        firm=ctx.firm,
        provider=provider(ctx),
        name=f"{_marker()} professional",
        hourly_rate=Decimal("30"),
        skills=_marker(),
    )


def template(ctx) -> QuestionnaireTemplate:
    questions = builtin_questions()
    questions[0]["text"] = f"{_marker()} question"
    return QuestionnaireTemplate.objects.create(
        firm=ctx.firm, name=f"{_marker()} template", questions=questions
    )


def questionnaire(ctx) -> Questionnaire:
    q, _link = questionnaire_send(
        firm=ctx.firm, actor=ctx.partner, provider=provider(ctx), template=template(ctx), notify=False
    )
    return q


def answer(ctx) -> Answer:
    q = questionnaire(ctx)
    return Answer.objects.create(
        firm=ctx.firm,
        questionnaire=q,
        question_key=q.questions[0]["key"],
        text=f"{_marker()} answer",
        score=50,
        found=[_marker()],
        missing=[],
    )


def selection(ctx) -> Selection:
    pro = professional(ctx)
    return Selection.objects.create(
        firm=ctx.firm,
        engagement=pro.provider.engagement,
        provider=pro.provider,
        professional=pro,
        rationale=f"{_marker()} rationale",
        selected_by=ctx.partner,
    )


def role(ctx) -> RoleDefinition:
    engagement = EngagementFactory(firm=ctx.firm, owner=ctx.partner, name=f"{_marker()} engagement")
    definition = RoleDefinition.objects.create(
        firm=ctx.firm,
        engagement=engagement,
        title=f"{_marker()} role",
        summary=_marker(),
        tools=_marker(),
        time_zone="America/New_York",
        core_hours_start=datetime.time(9),
        core_hours_end=datetime.time(17),
        budget_rate=Decimal("40"),
        assigns_work=ctx.partner,
    )
    RoleCategory.objects.create(
        firm=ctx.firm,
        role=definition,
        category="deposition_summaries",
        label=f"{_marker()} category",
        hours_per_week=Decimal("4"),
        skills=_marker(),
    )
    return definition


def document(ctx) -> EvidenceDocument:
    """A document whose title, file name and PDF text all carry the marker."""
    return evidence_add(
        firm=ctx.firm,
        kind="other",
        title=f"{_marker()} evidence",
        file=ContentFile(one_page_pdf(f"{_marker()} document text"), name=f"{_marker()}.pdf"),
        provider=provider(ctx),
        actor=ctx.partner,
    )


KWARGS = {
    "provider_id": lambda ctx: provider(ctx).pk,
    "professional_id": lambda ctx: professional(ctx).pk,
    "template_id": lambda ctx: template(ctx).pk,
    "questionnaire_id": lambda ctx: questionnaire(ctx).pk,
    "answer_id": lambda ctx: answer(ctx).pk,
    "selection_id": lambda ctx: selection(ctx).pk,
    "document_id": lambda ctx: document(ctx).pk,
    "question_key": lambda ctx: builtin_questions()[0]["key"],  # a question of every template sample
}
MODELS = {
    Provider: KWARGS["provider_id"],
    Professional: KWARGS["professional_id"],
    QuestionnaireTemplate: KWARGS["template_id"],
    Questionnaire: KWARGS["questionnaire_id"],
    Answer: KWARGS["answer_id"],
    Selection: KWARGS["selection_id"],
    RoleDefinition: lambda ctx: role(ctx).pk,
    EvidenceDocument: KWARGS["document_id"],
}
