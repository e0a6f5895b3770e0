"""Vetting fixtures: providers on the engagement's shortlist and helpers to answer through the link."""

from __future__ import annotations

from decimal import Decimal

import pytest

from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.demo import BUZZWORDS, SUBSTANCE
from providers.models import Professional, Provider, ProviderModel
from providers.questionnaires.services import questionnaire_answer, questionnaire_send


def link_path(link: str) -> str:
    return "/q/" + link.split("/q/", 1)[1]


@pytest.fixture
def ops(members):
    return members[Role.OPS]


@pytest.fixture
def make_provider(firm, engagement):
    def make(name: str, model: str = ProviderModel.TALENT_PLATFORM, *, on=engagement, **fields) -> Provider:
        with firm_scope(firm):
            return Provider.objects.create(
                firm=firm,
                engagement=on,
                name=name,
                model=model,
                contact_email=fields.pop("contact_email", f"{name.split()[0].lower()}@vendor.test"),
                **fields,
            )

    return make


@pytest.fixture
def make_professional(firm):
    def make(provider: Provider, name: str, **fields) -> Professional:
        fields.setdefault("hourly_rate", Decimal("35"))
        with firm_scope(firm):
            return Professional.objects.create(firm=firm, provider=provider, name=name, **fields)

    return make


@pytest.fixture
def platform(make_provider):
    return make_provider(
        "Meridian Legal Talent", time_zone="America/Chicago", rate_min=Decimal("32"), rate_max=Decimal("45")
    )


@pytest.fixture
def lpo(make_provider):
    return make_provider(
        "Apex Offshore", ProviderModel.TRADITIONAL_LPO, time_zone="Asia/Kolkata", rate_min=Decimal("18")
    )


@pytest.fixture
def answered(firm, ops):
    """answered(provider, answers) → the submitted questionnaire (sent and answered without the web pages)."""

    def answer(provider: Provider, answers: dict[str, str]):
        questionnaire, _ = questionnaire_send(firm=firm, actor=ops, provider=provider, notify=False)
        return questionnaire_answer(questionnaire=questionnaire, answers=answers, submit=True, notify=False)

    return answer


@pytest.fixture
def substance():
    return dict(SUBSTANCE)


@pytest.fixture
def buzzwords():
    return dict(BUZZWORDS)


# --- role definition (tests/providers/test_roles.py, test_role_travels.py) ----------------------


@pytest.fixture
def audited(firm, engagement, members):
    """A two-week audit of the engagement with the hand-computable log of role_helpers.WEEK_LOG."""
    import datetime

    from audit.models import AuditPeriod
    from tests.providers.role_helpers import WEEK_LOG, log

    with firm_scope(firm):
        period = AuditPeriod.objects.create(
            firm=firm, engagement=engagement, starts_on=datetime.date(2026, 3, 2), days=14
        )
    log(firm, period, members, WEEK_LOG)
    return period


@pytest.fixture
def drafted(firm, engagement, partner, audited):
    """The role drafted from the three ticked categories of role_helpers.TICKED."""
    from providers.roles.services import role_draft
    from tests.providers.role_helpers import TICKED

    return role_draft(firm=firm, actor=partner, engagement=engagement, categories=TICKED).role
