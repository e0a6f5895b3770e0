"""Onboarding personas: Elena, the professional in Los Angeles; the audit week that names her tasks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditPeriod, TaskEntry
from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.models import Professional, Provider, Selection
from tests.factories import EngagementFactory, UserFactory

SECRET_RATE = Decimal("77.77")  # the professional's rate: must never reach their eyes (or anyone's, here)
DAY_1 = datetime.date(2026, 3, 2)  # a Monday


def select_professional(
    firm, engagement, *, user=None, name="Elena Novak", time_zone="America/Los_Angeles", by=None
):
    """A provider, a professional and the selection of that professional for the engagement."""
    with firm_scope(firm):
        provider = Provider.objects.create(
            firm=firm, engagement=engagement, name="Lex Nearshore", model="talent_platform"
        )
        pro = Professional.objects.create(
            firm=firm,
            provider=provider,
            name=name,
            email=(user.email if user else "pro@example.test"),
            time_zone=time_zone,
            hourly_rate=SECRET_RATE,
            skills="e-filing, deposition summaries",
            user=user,
            status=Professional.Status.SELECTED,
        )
        return Selection.objects.create(
            firm=firm,
            engagement=engagement,
            provider=provider,
            professional=pro,
            rationale="Best score",
            selected_by=by,
        )


def log_audit_week(firm, engagement, performer, categories: dict[str, int]):
    """An audit period whose attorney time went to these (outsourceable) categories, minutes each."""
    with firm_scope(firm):
        period = AuditPeriod.objects.create(firm=firm, engagement=engagement, starts_on=DAY_1)
        for category, minutes in categories.items():
            TaskEntry.objects.create(
                firm=firm,
                period=period,
                performer=performer,
                performer_role=Role.ATTORNEY,
                hourly_cost=Decimal("400"),
                description=f"work on {category}",
                minutes=minutes,
                performed_on=DAY_1,
                bucket="outsourceable",
                category=category,
                reason="test",
            )
        return period


@pytest.fixture
def external(members):
    return members[Role.EXTERNAL]


@pytest.fixture
def ops(members):
    return members[Role.OPS]


@pytest.fixture
def attorney(members):
    return members[Role.ATTORNEY]


@pytest.fixture
def selected(firm, engagement, external, partner):
    """Elena (the firm's external member) is selected for the engagement."""
    return select_professional(firm, engagement, user=external, by=partner)


@pytest.fixture
def second_engagement(firm, partner):
    """Another engagement of the same firm, with another professional: Elena must never see it."""
    with firm_scope(firm):
        engagement = EngagementFactory(firm=firm, owner=partner, name="Second engagement ZZOTHERZZ")
    other_pro = UserFactory(email="someone.else@example.test")
    select_professional(
        firm, engagement, user=other_pro, name="Marco ZZOTHERZZ", time_zone="America/Bogota", by=partner
    )
    return engagement
