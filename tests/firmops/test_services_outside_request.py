"""A service owns its transaction: called from a command, a task or a shell, not only from a page.

Each test calls one write service of an app with no request, no transaction open and no firm in
scope (a transactional test, as a management command runs), then reads back in a fresh scope what a
user would see. On PostgreSQL the tests run as the app's role under row-level security, so a service
that leaned on the request's firm setting would see no rows and fail here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import TaskEntry
from audit.services import audit_entry_create, audit_period_open
from firmops.engagements.services import engagement_create
from firmops.messaging.notifications import notification_create, notification_mark_read
from firmops.models import Engagement, Notification
from firmops.tenancy import current_firm_id, firm_scope
from onboarding.models import FirmTool
from onboarding.services import firm_tool_add
from performance.models import Matter
from performance.services import matter_create
from providers.candidates.services import provider_create
from providers.models import Provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def outside_a_request():
    """What a command or a Celery task starts from: no transaction, no firm in scope."""
    assert not connection.in_atomic_block and current_firm_id() is None


def _count(firm, model, **lookup) -> int:
    with firm_scope(firm):
        return model.objects.filter(**lookup).count()


def test_the_core_starts_an_engagement_outside_a_request(firm, partner, outside_a_request):
    engagement = engagement_create(firm=firm, actor=partner, name="Discovery support")

    assert _count(firm, Engagement, pk=engagement.pk, name="Discovery support") == 1


def test_a_member_marks_a_notification_read_from_a_script(firm, partner, outside_a_request):
    notification = notification_create(firm=firm, recipient=partner, kind="test.kind", title="Read me")

    notification_mark_read(firm=firm, user=partner, notification_id=notification.pk)

    with firm_scope(firm):
        assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_the_audit_logs_a_task_from_a_command(firm, partner, engagement, outside_a_request):
    period = audit_period_open(firm=firm, actor=partner, engagement=engagement, starts_on=firm.today())

    entry = audit_entry_create(
        firm=firm, actor=partner, period=period, description="Drafted discovery requests", minutes=45
    )

    assert _count(firm, TaskEntry, pk=entry.pk, minutes=45) == 1
    with pytest.raises(ValidationError):
        audit_entry_create(firm=firm, actor=partner, period=period, description="Too long", minutes=5000)
    assert _count(firm, TaskEntry, period=period) == 1  # the refusal wrote nothing


def test_vetting_adds_a_provider_from_a_task(firm, partner, outside_a_request):
    provider = provider_create(
        firm=firm, actor=partner, name="Meridian Legal Support", model="talent_platform"
    )

    assert _count(firm, Provider, pk=provider.pk, name="Meridian Legal Support") == 1
    with pytest.raises(ValidationError):
        provider_create(firm=firm, actor=partner, name="", model="talent_platform")
    assert _count(firm, Provider) == 1


def test_onboarding_lists_a_tool_from_a_shell(firm, outside_a_request):
    tool = firm_tool_add(firm=firm, name="NetDocuments")

    assert _count(firm, FirmTool, pk=tool.pk, name="NetDocuments", is_active=True) == 1


def test_performance_records_a_matter_from_a_command(firm, partner, engagement, outside_a_request):
    matter = matter_create(
        firm=firm,
        actor=partner,
        engagement=engagement,
        reference="2026-CV-118",
        name="Hale v. Ortiz",
        intake_on=firm.today() - dt.timedelta(days=3),
    )

    assert _count(firm, Matter, pk=matter.pk, reference="2026-CV-118") == 1


def test_a_service_called_for_one_firm_inside_anothers_scope_acts_for_the_firm_it_is_given(
    firm, partner, other_firm, outside_a_request
):
    with firm_scope(other_firm):
        provider = provider_create(firm=firm, actor=partner, name="Northwind LPO", model="traditional_lpo")
        assert current_firm_id() == other_firm.pk  # the caller's scope is handed back

    assert _count(firm, Provider, pk=provider.pk) == 1
    assert _count(other_firm, Provider) == 0
