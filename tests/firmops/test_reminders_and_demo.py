from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from firmops.demo import DEMO_PASSWORD
from firmops.messaging.reminders import reminder_plan, reminders_send_due
from firmops.models import Engagement, Firm, Membership, Reminder, User
from firmops.tasks import send_due_reminders
from firmops.tenancy import firm_scope


def test_planning_the_same_reminder_twice_keeps_one(firm, partner):
    due = timezone.now()
    first = reminder_plan(
        firm=firm, kind="test", key="p1", to=partner, subject="Log today", body="b", due_at=due
    )
    second = reminder_plan(
        firm=firm, kind="test", key="p1", to=partner, subject="Log today", body="b", due_at=due
    )
    assert first is not None and second is None
    with firm_scope(firm):
        assert Reminder.objects.count() == 1


def test_a_due_reminder_is_emailed_once_even_when_the_relay_runs_twice(
    firm, other_firm, partner, other_partner
):
    reminder_plan(
        firm=firm, kind="test", key="k", to=partner, subject="Avery reminder", body="b", due_at=timezone.now()
    )
    reminder_plan(
        firm=other_firm,
        kind="test",
        key="k",
        to=other_partner,
        subject="Blackwood reminder",
        body="b",
        due_at=timezone.now(),
    )
    reminder_plan(
        firm=firm,
        kind="test",
        key="later",
        to=partner,
        subject="Not yet",
        body="b",
        due_at=timezone.now() + timedelta(hours=1),
    )
    send_due_reminders.delay()
    send_due_reminders.delay()
    assert sorted((m.subject, m.to[0]) for m in mail.outbox) == [
        ("Avery reminder", "partner@avery.test"),
        ("Blackwood reminder", "partner@blackwood.test"),
    ]
    assert reminders_send_due(firm=firm) == 0


def test_seed_demo_is_idempotent_and_every_demo_login_works(db, client):
    call_command("seed_demo")
    call_command("seed_demo")
    firm = Firm.objects.get(slug="demo")
    with firm_scope(firm):
        assert Membership.objects.count() == 5
        assert Engagement.objects.count() == 1
    assert firm.require_mfa_for_partners is False
    for role in ("partner", "attorney", "paralegal", "ops", "external"):
        assert User.objects.filter(email=f"{role}@demo.firmops.test").count() == 1
        client.logout()
        response = client.post(
            "/accounts/login/", {"login": f"{role}@demo.firmops.test", "password": DEMO_PASSWORD}, follow=True
        )
        landed = response.redirect_chain[-1][0]
        # Each role lands on its work: the quick log during the demo's open audit week, the plan for
        # the outsourced professional, the dashboard for partner and ops (tests/firmops/test_home_pages.py).
        expected = {"attorney": "/f/demo/audit/periods/", "paralegal": "/f/demo/audit/periods/"}
        expected["external"] = "/f/demo/onboarding/engagements/"
        assert landed.startswith(expected[role]) if role in expected else landed == "/f/demo/", (role, landed)
        assert response.status_code == 200, role
