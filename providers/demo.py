"""Demo vetting: the role, a platform with substance, an LPO with buzzwords, and a selection."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from firmops.engagements.services import engagement_move_stage
from firmops.models import Role, Stage
from providers.evidence import demo as evidence_demo
from providers.models import Professional, Provider, ProviderModel, Questionnaire, Selection
from providers.questionnaires.services import questionnaire_answer, questionnaire_send
from providers.roles.selectors import audit_figures, default_categories, role_definition_for
from providers.roles.services import role_draft, role_update
from providers.selection.selectors import current_selection
from providers.selection.services import selection_create

DEMO_ROLE_CATEGORIES = ("deposition_summaries", "discovery_drafting", "medical_summaries")
DEMO_TOOLS = "Clio (case management)\nNetDocuments (documents)\nOutlook (email and calendar)\nMicrosoft Teams"
PLATFORM = "Meridian Legal Talent"
LPO = "Apex Offshore Legal Services"

SUBSTANCE = {
    "vetting_process": (
        "First, a resume screen against the role: litigation experience, education and certifications "
        "verified. "
        "Then a 45-minute video interview with our legal recruiter to assess communication skills. Next, a "
        "timed "
        "skills test in their specialty, such as a mock motion to compel or a deposition summary, graded by "
        "a "
        "licensed attorney. Finally a criminal background check through Checkr and two reference checks with "
        "supervising attorneys. About 6% of applicants pass all five steps."
    ),
    "data_security": (
        "Every professional signs an NDA before they see a firm's name. Access to your systems is by "
        "role-based "
        "permissions on named accounts, never shared logins; we require MFA on every account and use "
        "encrypted "
        "channels (TLS 1.2+, full disk encryption with BitLocker on every laptop). When an engagement ends "
        "we revoke "
        "access the same day and confirm it in writing. We are SOC 2 Type II audited every year."
    ),
    "replacement_guarantee": (
        "There is a 7-day trial period. If you're not satisfied within the first week, we find a replacement "
        "within 5 business days at no extra cost, and the new professional gets the same trial."
    ),
    "timezone_communication": (
        "Our professionals work US hours: at least 6 hours of overlap with Central time. They join a "
        "15-minute "
        "daily check-in on Microsoft Teams, answer Slack or email within 2 business hours, and are "
        "reachable by "
        "phone during your core hours."
    ),
    "pricing_billing": (
        "$38 an hour, billed monthly in arrears against time entries, net 15. The rate includes supervision "
        "and "
        "replacements; there are no setup or placement fees. Minimum commitment is 20 hours a week, "
        "cancellable "
        "with 14 days' notice."
    ),
    "references": (
        "Three references: two litigation boutiques in Chicago and one insurance defense firm in Milwaukee, "
        "each "
        "with a named partner you can call; we send their phone numbers once you ask. We have placed "
        "paralegals "
        "with 40+ firms since 2017."
    ),
    "conflicts_of_interest": (
        "Before any assignment we run a conflict check of your client and adverse-party list against our "
        "database of every firm and matter each professional has worked on, disclose any hit to you in "
        "writing, "
        "and never place someone who worked for an opposing party. Where a past matter is related we set up "
        "an "
        "ethical wall."
    ),
}
BUZZWORDS = {
    "vetting_process": (
        "We have a rigorous multi-stage review and only hire the best. Top talent, guaranteed."
    ),
    "data_security": (
        "Our platform is very secure. We take security seriously and follow industry best practices."
    ),
    "replacement_guarantee": "That rarely happens. Our clients are always happy, satisfaction guaranteed.",
    "timezone_communication": "We are always available and communication is seamless, no worries.",
    "pricing_billing": "Very competitive, transparent pricing tailored to your needs.",
    "references": "Many satisfied clients around the world trust us. Industry leading reputation.",
    "conflicts_of_interest": "Conflicts are not an issue for us. We follow best practices, rest assured.",
}


def _provider(demo, name: str, **fields) -> Provider:
    provider = Provider.objects.filter(name=name).first()
    if provider is None:
        provider = Provider.objects.create(firm=demo.firm, engagement=demo.engagement, name=name, **fields)
    return provider


def _professional(provider: Provider, name: str, **fields) -> Professional:
    professional = Professional.objects.filter(provider=provider, name=name).first()
    if professional is None:
        professional = Professional.objects.create(firm=provider.firm, provider=provider, name=name, **fields)
    return professional


def _role(demo, partner) -> None:
    """The role, defined before the questionnaires go out: the audit's top three outsourceable categories."""
    if role_definition_for(firm=demo.firm, engagement=demo.engagement) is not None:
        return
    categories = default_categories(audit_figures(firm=demo.firm, engagement=demo.engagement))
    result = role_draft(
        firm=demo.firm,
        actor=partner,
        engagement=demo.engagement,
        categories=categories if len(categories) == 3 else list(DEMO_ROLE_CATEGORIES),
    )
    if not result.role.tools:  # a partner types the firm's systems before onboarding lists them
        role_update(firm=demo.firm, actor=partner, role=result.role, fields={"tools": DEMO_TOOLS})


def seed(demo) -> None:
    """Runs inside the demo firm's scope; a second run changes nothing."""
    ops, partner, external = demo.users[Role.OPS], demo.users[Role.PARTNER], demo.users[Role.EXTERNAL]
    platform = _provider(
        demo,
        PLATFORM,
        model=ProviderModel.TALENT_PLATFORM,
        website="https://meridian-talent.example",
        contact_name="Dana Whitfield",
        contact_email="dana@meridian-talent.example",
        jurisdictions="Illinois, Wisconsin",
        time_zone="America/Chicago",
        rate_min=Decimal("32"),
        rate_max=Decimal("45"),
        notes="Pre-vetted US paralegals; you interview and choose.",
    )
    lpo = _provider(
        demo,
        LPO,
        model=ProviderModel.TRADITIONAL_LPO,
        website="https://apex-lpo.example",
        contact_name="Sales desk",
        contact_email="sales@apex-lpo.example",
        time_zone="Asia/Kolkata",
        rate_min=Decimal("18"),
        rate_max=Decimal("25"),
        work_start=time(10),
        work_end=time(18),
        notes="Assigns a team; communication through a project manager.",
    )
    elena = _professional(
        platform,
        "Elena Novak",
        role="Litigation paralegal",
        email=external.email,
        time_zone="America/Chicago",
        hourly_rate=Decimal("38"),
        skills="Discovery drafting, Deposition summaries, Medical record chronologies, Clio",
    )
    _professional(
        platform,
        "Marcus Webb",
        role="Paralegal",
        time_zone="America/Denver",
        hourly_rate=Decimal("35"),
        skills="E-filing, Records requests, Calendar management",
    )
    _professional(
        lpo,
        "Assigned document review team",
        role="Document reviewers",
        time_zone="Asia/Kolkata",
        hourly_rate=Decimal("22"),
        skills="Document review",
        work_start=time(10),
        work_end=time(18),
    )
    evidence_demo.seed(
        firm=demo.firm, actor=ops, platform=platform, professional=elena, today=demo.firm.today()
    )
    _role(demo, partner)
    for provider, answers in ((platform, SUBSTANCE), (lpo, BUZZWORDS)):
        if not Questionnaire.objects.filter(provider=provider).exists():
            questionnaire, _link = questionnaire_send(
                firm=demo.firm, actor=ops, provider=provider, notify=False
            )
            questionnaire_answer(questionnaire=questionnaire, answers=answers, submit=True, notify=False)

    if elena.user_id != external.pk:
        elena.user = external
        elena.save(update_fields=["user"])
    engagement = demo.engagement
    engagement.refresh_from_db()
    if not Selection.objects.filter(engagement=engagement).exists():
        if engagement.stage == Stage.AUDIT:
            engagement_move_stage(
                firm=demo.firm,
                actor=partner,
                engagement=engagement,
                to_stage=Stage.VETTING,
                reason="demo data",
            )
        selection_create(
            firm=demo.firm,
            actor=partner,
            engagement=engagement,
            professional=elena,
            rationale=(
                "Meridian answered every question with concrete steps, controls and time limits; Apex "
                "answered "
                "with buzzwords. Elena overlaps our whole working day and has done discovery and medical "
                "chronologies."
            ),
        )
        engagement.refresh_from_db()
    live = current_selection(firm=demo.firm, engagement=engagement)
    if live is not None and live.professional_id == elena.pk and engagement.external_user_id != external.pk:
        engagement.external_user = external
        engagement.save(update_fields=["external_user"])
    if engagement.stage == Stage.ONBOARDING:
        engagement_move_stage(
            firm=demo.firm,
            actor=partner,
            engagement=engagement,
            to_stage=Stage.PERFORMING,
            reason="demo data",
        )
    demo.engagement = engagement
