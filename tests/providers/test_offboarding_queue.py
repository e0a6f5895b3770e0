"""The exit checklist reaches the people who tick it off (issue 19 item 3, the rest): closing an
engagement puts its open exit items in ops' home queue until ticked off, and tells ops and the
engagement's partner once each, in the bell and by email."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail

from firmops.models import Notification, Reminder, Role
from firmops.tenancy import firm_scope
from onboarding.exits import OPENED_KIND, open_on_offboarding
from onboarding.models import ExitCheck, ExitChecklist
from tests.factories import MembershipFactory, UserFactory
from tests.providers.test_offboarding import _onboarded, _signed_in


@pytest.fixture
def ops(members):
    return members[Role.OPS]


@pytest.fixture
def closed(firm, partner, ops, engagement, members, django_capture_on_commit_callbacks):
    """Elena onboarded on the engagement, which the partner then closes (confirmed)."""
    _onboarded(firm, partner, ops, engagement, members[Role.EXTERNAL])
    with django_capture_on_commit_callbacks(execute=True):
        response = _signed_in(partner).post(
            f"/f/avery/engagements/{engagement.pk}/",
            {"to_stage": "closed", "reason": "Matter concluded.", "confirmed": "yes"},
        )
    assert response.status_code == 302
    with firm_scope(firm):
        return ExitChecklist.objects.get()


def _queue(client) -> str:
    page = client.get("/f/avery/").content.decode()
    section = re.search(r'<section class="card queue-card".*?</section>', page, re.S).group(0)
    return html.unescape(section)


def test_ops_home_queue_lists_a_closed_engagements_open_exit_items_until_ticked_off(
    firm, ops, engagement, closed
):
    with firm_scope(firm):
        items = list(closed.checks.order_by("position"))
    ops_client = _signed_in(ops)
    queue = _queue(ops_client)
    assert f"Finish the exit checklist for Elena Novak ({len(items)} items open)" in queue
    assert f'href="/f/avery/onboarding/engagements/{engagement.pk}/access/#exit"' in queue
    assert f"Still open: “{items[0].title}”; “{items[1].title}”" in queue
    assert "Avery audit 2026 · Closed" in queue
    assert "Generate the 30-day plan" not in queue  # a closed engagement brings only its exit work

    for item in items[:-1]:
        ops_client.post(f"/f/avery/onboarding/exit/{item.pk}/")
    assert "Finish the exit checklist for Elena Novak (1 item open)" in _queue(ops_client)
    ops_client.post(f"/f/avery/onboarding/exit/{items[-1].pk}/")
    queue = _queue(ops_client)
    assert "exit checklist" not in queue and "Avery audit 2026" not in queue
    with firm_scope(firm):
        assert not ExitCheck.objects.filter(done_at__isnull=True).exists()


def test_ops_and_the_partner_are_told_once_each_even_if_the_handler_runs_twice(
    firm, partner, ops, members, engagement, closed, django_capture_on_commit_callbacks
):
    other_partner = UserFactory(email="second.partner@avery.test")
    with firm_scope(firm):
        MembershipFactory(firm=firm, user=other_partner, role=Role.PARTNER)
        # The offboarding signal delivered again (a retried job): nothing is written twice.
        with django_capture_on_commit_callbacks(execute=True):
            open_on_offboarding(
                sender=None,
                firm=firm,
                actor=partner,
                engagement=engagement,
                name=closed.professional_name,
                user=closed.professional_user,
                cause=closed.cause,
                reason=closed.reason,
                key=closed.key,
            )
        told = Notification.objects.filter(kind=OPENED_KIND).values_list("recipient__email", flat=True)
        told = sorted(told)
        assert ExitChecklist.objects.count() == 1
        assert Reminder.objects.filter(kind=OPENED_KIND).count() == 2
    assert told == ["ops@avery.test", "partner@avery.test"]  # not the other partner, attorney or paralegal

    mails = [m for m in mail.outbox if "Exit checklist for Elena Novak" in m.subject]
    assert sorted(m.to[0] for m in mails) == ["ops@avery.test", "partner@avery.test"]
    body = mails[0].body
    assert "Elena Novak left Avery audit 2026 (engagement closed)" in body
    assert f"/f/avery/onboarding/engagements/{engagement.pk}/access/#exit" in body
    assert "Remind Elena Novak in writing that the NDA's confidentiality outlives the work" in body

    bell = html.unescape(_signed_in(ops).get("/f/avery/notifications/").content.decode())
    assert "Exit checklist for Elena Novak on Avery audit 2026" in bell
