"""A partner schedules the firm's deletion: the name typed, a fresh sign-in (a code where the partner has
an authenticator app), every partner emailed, 30 days in which any partner can cancel, then the deletion
as delete_firm does it, leaving only the trail's record that it happened."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from firmops.messaging.reminders import reminders_send_due
from firmops.models import Engagement, Firm, FirmDeletion, Membership, Role, User
from firmops.ownership import deletion_record, firm_row_counts
from firmops.tasks import run_due_firm_deletions
from firmops.tenancy import firm_scope
from onboarding.models import PackExport
from tests.factories import PASSWORD, MembershipFactory, UserFactory

DATA = "/f/avery/settings/data/"
SECRET = "JBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _one_step_of_clock_tolerance(settings):
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def second_partner(firm):
    user = UserFactory(email="second.partner@avery.test", first_name="Sam", last_name="Second")
    with firm_scope(firm):
        MembershipFactory(firm=firm, user=user, role=Role.PARTNER)
    return user


def _code() -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(SECRET, counters[len(counters) // 2]))


def _confirmed(client, *, code: bool = False):
    """allauth's re-authentication page, as a person fills it in."""
    if code:
        answer = client.post(f"/accounts/2fa/reauthenticate/?next={DATA}", {"code": _code()})
    else:
        answer = client.post(f"/accounts/reauthenticate/?next={DATA}", {"password": PASSWORD})
    assert answer.status_code == 302 and answer["Location"] == DATA, answer.content[:500]
    return client


def _schedule(client, name="Avery & Stone LLP"):
    return client.post(f"{DATA}deletion/", {"confirm_name": name}, follow=True)


def _scheduled(firm) -> list[FirmDeletion]:
    with firm_scope(firm):
        return list(FirmDeletion.objects.filter(status=FirmDeletion.Status.SCHEDULED))


def test_scheduling_needs_a_fresh_sign_in_and_the_firms_name_typed_exactly(firm, partner, client_for):
    client = client_for(partner)  # a session that has not proved anything lately
    page = _schedule(client, name="avery & stone").content.decode()
    assert "Type the firm&#x27;s name exactly as it is written, Avery &amp; Stone LLP, to confirm." in page
    answer = client.post(f"{DATA}deletion/", {"confirm_name": "Avery & Stone LLP"})
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/reauthenticate/?next=")
    assert _scheduled(firm) == []

    _confirmed(client)
    page = _schedule(client).content.decode()
    [deletion] = _scheduled(firm)
    assert deletion.requested_by == partner
    assert deletion.due_at - deletion.requested_at == dt.timedelta(days=30)
    assert f"will be deleted on {deletion.due_at:%B %-d, %Y}" in page and "Cancel the deletion" in page


def test_a_partner_with_an_authenticator_app_confirms_with_a_code_not_the_password(firm, partner, client_for):
    TOTP.activate(partner, SECRET)
    client = _confirmed(client_for(partner))  # the password alone
    answer = client.post(f"{DATA}deletion/", {"confirm_name": "Avery & Stone LLP"})
    assert answer["Location"].startswith("/accounts/2fa/reauthenticate/?next=")
    assert _scheduled(firm) == []
    _confirmed(client, code=True)
    _schedule(client)
    assert len(_scheduled(firm)) == 1


def test_every_partner_is_emailed_and_asking_again_gets_a_clear_message_and_nothing_twice(
    firm, partner, second_partner, members, client_for, django_capture_on_commit_callbacks
):
    client = _confirmed(client_for(partner))
    with django_capture_on_commit_callbacks(execute=True):
        _schedule(client)
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == ["partner@avery.test", "second.partner@avery.test"]  # the partners, nobody else
    assert all(
        "scheduled for deletion" in m.subject and "any partner can cancel" in m.body for m in mail.outbox
    )

    second = _confirmed(client_for(second_partner))
    with django_capture_on_commit_callbacks(execute=True):
        page = _schedule(second).content.decode()
    assert (
        "A deletion of this firm is already scheduled for" in page and "Nothing was scheduled twice" in page
    )
    assert len(_scheduled(firm)) == 1 and len(mail.outbox) == 2
    api = second.post(
        "/api/v1/firms/avery/deletion/",
        {"confirm_name": "Avery & Stone LLP"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "already scheduled" in str(api.json())
    assert len(_scheduled(firm)) == 1


def test_deletion_cancelled_inside_the_grace_period_keeps_everything(
    firm, partner, second_partner, engagement, client_for, django_capture_on_commit_callbacks
):
    before = firm_row_counts(firm_id=firm.pk)
    client = _confirmed(client_for(partner))
    with django_capture_on_commit_callbacks(execute=True):
        _schedule(client)
    [deletion] = _scheduled(firm)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):  # another partner, days later
        page = client_for(second_partner).post(f"{DATA}deletion/cancel/", follow=True).content.decode()
    assert "The deletion is cancelled: nothing was deleted." in page
    assert sorted(m.to[0] for m in mail.outbox) == ["partner@avery.test", "second.partner@avery.test"]
    assert all("was cancelled" in m.subject for m in mail.outbox)

    after_grace = deletion.due_at + dt.timedelta(days=1)
    mail.outbox.clear()
    assert reminders_send_due(firm=firm, now=after_grace) == 0  # the "in 3 days" warnings went too
    assert run_due_firm_deletions.apply().get() == []
    assert Firm.objects.filter(pk=firm.pk).exists()
    with firm_scope(firm):
        assert Engagement.objects.get().name == "Avery audit 2026"
        cancelled = FirmDeletion.objects.get()
    assert cancelled.status == "cancelled" and cancelled.cancelled_by == second_partner
    kept = firm_row_counts(firm_id=firm.pk)
    grew = {"firmops.FirmDeletion", "firmops.Reminder", "firmops.Notification", "firmops.ChangeRecord"}
    assert {k: v for k, v in kept.items() if k not in grew} == {
        k: v for k, v in before.items() if k not in grew
    }


def test_deletion_after_the_grace_period_leaves_only_the_trail_record(
    firm,
    partner,
    second_partner,
    members,
    engagement,
    other_engagement,
    other_partner,
    client_for,
    django_capture_on_commit_callbacks,
):
    with firm_scope(firm):
        pack = PackExport.objects.create(firm=firm, engagement=engagement, inputs_digest="d", html="<p>x</p>")
        pack.file.save("pack.pdf", ContentFile(b"%PDF-1.4 avery"), save=True)
    client = _confirmed(client_for(partner))
    with django_capture_on_commit_callbacks(execute=True):
        _schedule(client)
    [deletion] = _scheduled(firm)

    mail.outbox.clear()
    reminders_send_due(firm=firm, now=deletion.due_at - dt.timedelta(days=2))
    assert sorted(m.to[0] for m in mail.outbox) == ["partner@avery.test", "second.partner@avery.test"]
    assert all("will be deleted on" in m.subject for m in mail.outbox)  # warned 3 days ahead

    assert run_due_firm_deletions.apply().get() == []  # day 29: still in grace
    assert Firm.objects.filter(pk=firm.pk).exists()
    with firm_scope(firm):
        FirmDeletion.objects.filter(pk=deletion.pk).update(due_at=timezone.now() - dt.timedelta(minutes=1))
    assert run_due_firm_deletions.apply().get() == ["avery"]  # the beat job, after the grace period

    assert not Firm.objects.filter(pk=firm.pk).exists()
    left = firm_row_counts(firm_id=firm.pk)
    assert left.pop("firmops.ChangeRecord") == 1 and set(left.values()) == {0}
    record = deletion_record(firm_id=firm.pk)
    assert record.action == "D" and record.actor_id == partner.pk
    assert record.before["slug"] == "avery" and record.before["requested_by"] == "partner@avery.test"
    assert record.before["rows_deleted"] > 10 and record.before["files_deleted"] == 1
    assert not pack.file.storage.exists(pack.file.name)
    assert not User.objects.filter(email__endswith="@avery.test").exists()  # accounts of this firm alone
    with firm_scope(other_engagement.firm):
        assert Engagement.objects.get().name == "Blackwood secret engagement"
        assert Membership.objects.get().user == other_partner


def test_the_api_reads_schedules_and_cancels_a_deletion(
    firm, partner, members, client_for, django_capture_on_commit_callbacks
):
    api = "/api/v1/firms/avery/deletion/"
    client = client_for(partner)
    assert client.get(api).json() == {
        "scheduled": False,
        "due_at": None,
        "requested_at": None,
        "requested_by": None,
    }
    wrong = client.post(api, {"confirm_name": "Avery"}, content_type="application/json")
    assert wrong.status_code == 400 and "exactly as it is written" in wrong.json()["confirm_name"][0]
    refused = client.post(api, {"confirm_name": "Avery & Stone LLP"}, content_type="application/json")
    assert refused.status_code == 403 and "Confirm it is you" in refused.json()["detail"]
    assert _scheduled(firm) == []

    _confirmed(client)
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(api, {"confirm_name": "Avery & Stone LLP"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["scheduled"] is True
    assert made.json()["requested_by"] == "partner@avery.test"
    assert client.get(api).json()["due_at"] == made.json()["due_at"]
    for role in (Role.ATTORNEY, Role.PARALEGAL, Role.OPS, Role.EXTERNAL):
        assert client_for(members[role]).delete(api).status_code == 403
    assert len(_scheduled(firm)) == 1
    client = client_for(partner)
    assert client.delete(api).json()["scheduled"] is False and _scheduled(firm) == []
    again = client.delete(api)
    assert again.status_code == 400 and "nothing to cancel" in str(again.json())
