"""Builders for the pipeline and home-page tests: an engagement at each point of the spine (real rows)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from audit.models import AuditPeriod, TaskEntry
from firmops.engagements.services import engagement_create
from firmops.models import Engagement, Firm, Stage, User
from firmops.tenancy import firm_scope
from onboarding.services import plan_generate
from performance.models import ScalingSignal
from providers.demo import SUBSTANCE
from providers.questionnaires.services import questionnaire_answer, questionnaire_send
from tests.performance.factories import audit_baseline, delivered, hours, plan, select_professional


def engagement_at(firm: Firm, partner: User, name: str, stage: str = Stage.AUDIT) -> Engagement:
    engagement = engagement_create(firm=firm, actor=partner, name=name)
    if stage != Stage.AUDIT:
        with firm_scope(firm):
            Engagement.objects.filter(pk=engagement.pk).update(stage=stage)
            engagement.refresh_from_db()
    return engagement


def audit_week(
    firm: Firm, engagement: Engagement, attorney: User, *, starts_on: dt.date, minutes: int = 600
) -> AuditPeriod:
    """An audit week with one attorney's non-billable, outsourceable document review and e-filing."""
    period = audit_baseline(firm, engagement, attorney, weekly_hours=minutes / 60, starts_on=starts_on)
    with firm_scope(firm):
        TaskEntry.objects.create(
            firm=firm,
            period=period,
            performer=attorney,
            performer_role="attorney",
            hourly_cost=Decimal("400"),
            description="E-filed the motion",
            minutes=minutes // 3,
            performed_on=starts_on,
            billable=False,
            bucket="outsourceable",
            category="e_filing",
            reason="test",
        )
    return period


def answered_questionnaire(firm: Firm, provider, actor: User):
    with firm_scope(firm):
        provider.contact_email = provider.contact_email or "contact@vendor.test"
        provider.save(update_fields=["contact_email"])
    questionnaire, _ = questionnaire_send(firm=firm, actor=actor, provider=provider, notify=False)
    return questionnaire_answer(
        questionnaire=questionnaire, answers=dict(SUBSTANCE), submit=True, notify=False
    )


def generate_plan(firm: Firm, actor: User, engagement: Engagement, **fields):
    with firm_scope(firm):
        return plan_generate(firm=firm, actor=actor, engagement=engagement, **fields)


def performing_engagement(firm: Firm, partner: User, attorney: User, name: str, *, weeks_ago: int = 6):
    """An engagement with every phase filled in: audit, a scored selection, a plan, work, hours, a signal."""
    today = firm.today()
    engagement = engagement_at(firm, partner, name, Stage.PERFORMING)
    audit_week(firm, engagement, attorney, starts_on=today - dt.timedelta(weeks=weeks_ago + 2))
    began = today - dt.timedelta(weeks=weeks_ago)
    selected_at = dt.datetime.combine(began, dt.time(15), tzinfo=dt.UTC)
    selection = select_professional(firm, engagement, name=f"Pro of {name}", selected_at=selected_at)
    answered_questionnaire(firm, selection.provider, partner)
    generate_plan(firm, partner, engagement, starts_on=began)
    plan(firm, engagement, began)
    for week in range(weeks_ago):
        monday = began + dt.timedelta(weeks=week)
        at = dt.datetime.combine(monday, dt.time(14), tzinfo=dt.UTC)
        delivered(firm, engagement, selection.professional, assigned=at, turnaround_h=20, hours=6)
        hours(firm, engagement, attorney, monday, 3.5)
    with firm_scope(firm):
        ScalingSignal.objects.create(
            firm=firm, engagement=engagement, kind="full_capacity", key=f"full:{engagement.pk}", title="Full"
        )
    return engagement
