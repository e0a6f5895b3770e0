"""The bell mirrors the emails: every reminder or notice to a member is also an in-app notification,
and each person chooses which kinds also come by email — except security mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from firmops.messaging.notifications import (
    email_preferences_set,
    kind_get,
    kinds_for_preferences,
    kinds_registered,
    notification_create,
    unread_count,
)
from firmops.messaging.reminders import reminder_plan, reminders_send_due
from firmops.models import EmailOptOut, Notification, Reminder, Role
from firmops.tenancy import firm_scope
from tests.conftest import _member

NUDGE = "audit.log_nudge"


def _plan(firm, user, *, due_in=timedelta(0), key="k1", kind=NUDGE):
    return reminder_plan(
        firm=firm,
        kind=kind,
        key=key,
        to=user,
        subject="Log today's tasks",
        body="You have not logged anything today.",
        due_at=timezone.now() + due_in,
        url=f"/f/{firm.slug}/audit/",
    )


def _mine(firm, user):
    with firm_scope(firm):
        return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_a_reminder_to_a_member_is_a_notification_from_its_due_time(firm, paralegal):
    _plan(firm, paralegal, due_in=timedelta(hours=2))
    with firm_scope(firm):
        assert unread_count(firm=firm, user=paralegal) == 0  # planned for later: not shown yet
        assert unread_count(firm=firm, user=paralegal, now=timezone.now() + timedelta(hours=3)) == 1
    (note,) = _mine(firm, paralegal)
    assert (note.title, note.url) == ("Log today's tasks", "/f/avery/audit/")


def test_planning_the_same_reminder_twice_leaves_one_notification(firm, paralegal):
    assert _plan(firm, paralegal) is not None
    assert _plan(firm, paralegal) is None
    assert len(_mine(firm, paralegal)) == 1


def test_a_reminder_to_someone_without_an_account_has_no_notification(firm):
    reminder_plan(
        firm=firm,
        kind="providers.questionnaire_unanswered",
        key="q1",
        to="contact@vendor.test",
        subject="Please answer",
        body="…",
        due_at=timezone.now(),
    )
    with firm_scope(firm):
        assert Reminder.objects.count() == 1 and Notification.objects.count() == 0


def test_a_cancelled_reminder_takes_its_notification_with_it(firm, paralegal):
    reminder = _plan(firm, paralegal)
    with firm_scope(firm):
        Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).delete()
    assert _mine(firm, paralegal) == []


def test_the_relay_emails_a_reminder_by_default(firm, paralegal):
    _plan(firm, paralegal)
    assert reminders_send_due(firm=firm) == 1
    assert [m.to for m in mail.outbox] == [["paralegal@avery.test"]]


def test_a_kind_turned_off_sends_no_email_but_still_shows_in_the_app(firm, paralegal, partner):
    email_preferences_set(user=paralegal, email_off=[NUDGE])
    _plan(firm, paralegal)
    _plan(firm, partner, key="k2")
    assert reminders_send_due(firm=firm) == 1
    assert [m.to for m in mail.outbox] == [["partner@avery.test"]]  # only the partner still wants it
    with firm_scope(firm):
        skipped = Reminder.objects.get(recipient=paralegal)
        assert skipped.sent_at is not None and skipped.email_skipped  # handled: never retried
        assert unread_count(firm=firm, user=paralegal) == 1
    assert reminders_send_due(firm=firm) == 0 and len(mail.outbox) == 1


def test_turning_a_kind_off_after_planning_still_stops_the_email(firm, paralegal):
    _plan(firm, paralegal)
    email_preferences_set(user=paralegal, email_off=[NUDGE])
    reminders_send_due(firm=firm)
    assert mail.outbox == []


def test_security_mail_cannot_be_turned_off(firm, paralegal):
    with pytest.raises(ValueError, match="Security mail cannot be turned off: Password reset links"):
        email_preferences_set(user=paralegal, email_off=["account.password_reset"])
    assert not EmailOptOut.objects.filter(user=paralegal).exists()
    # Even a row written around the service does not stop a security reminder.
    EmailOptOut.objects.create(user=paralegal, kind="firmops.invitation")
    _plan(firm, paralegal, kind="firmops.invitation")
    assert reminders_send_due(firm=firm) == 1 and len(mail.outbox) == 1


def test_an_unknown_kind_is_refused_by_name(paralegal):
    with pytest.raises(ValueError, match="Unknown notification kind: audit.nope"):
        email_preferences_set(user=paralegal, email_off=["audit.nope"])


def test_every_kind_the_apps_send_is_registered_with_a_human_label():
    from audit.reminders import KIND as audit_kind
    from firmops.ownership.services import DELETION_KIND
    from firmops.sso.services import BREAK_GLASS_KIND
    from onboarding.reminders import KIND as onboarding_kind
    from performance.checkins import REMINDER_KIND as checkin_kind
    from performance.report import REPORT_KIND
    from performance.scaling import EMAIL_KIND
    from providers.questionnaires.services import ANSWERED_KIND, REMINDER_KIND
    from providers.selection.services import TRIAL_REMINDER_KIND

    used = {
        audit_kind,
        onboarding_kind,
        checkin_kind,
        REPORT_KIND,
        EMAIL_KIND,
        ANSWERED_KIND,
        REMINDER_KIND,
        TRIAL_REMINDER_KIND,
        BREAK_GLASS_KIND,
        DELETION_KIND,
    }
    registered = {k.key: k for k in kinds_registered()}
    assert used <= set(registered)
    assert all(registered[k].label != k for k in used)
    assert not kind_get(REMINDER_KIND).to_members  # goes to provider contacts: not on anyone's page
    assert {k.key for k in kinds_for_preferences() if k.security} == {
        "account.password_reset",
        "account.email_verification",
        "account.mfa",
        "firmops.invitation",
        "firmops.sso_break_glass",  # partners are always told of a break-glass sign-in
        "firmops.firm_deletion",  # every partner hears of the firm's scheduled deletion, and its cancelling
    }


def test_a_submitted_questionnaire_notifies_its_sender_and_honours_their_email_choice(
    firm, engagement, members, django_capture_on_commit_callbacks
):
    from providers.demo import SUBSTANCE
    from providers.models import Provider
    from providers.questionnaires.services import questionnaire_answer, questionnaire_send

    ops = members[Role.OPS]
    with firm_scope(firm):
        provider = Provider.objects.create(
            firm=firm, engagement=engagement, name="Meridian", contact_email="c@vendor.test"
        )
    questionnaire, _ = questionnaire_send(firm=firm, actor=ops, provider=provider, notify=False)
    email_preferences_set(user=ops, email_off=["providers.questionnaire_answered"])
    with django_capture_on_commit_callbacks(execute=True):
        questionnaire_answer(questionnaire=questionnaire, answers=dict(SUBSTANCE), submit=True)
    reminders_send_due(firm=firm)
    assert mail.outbox == []
    (note,) = _mine(firm, ops)
    assert note.title == "Meridian answered the vetting questionnaire"
    assert note.url == f"/f/avery/vetting/questionnaires/{questionnaire.pk}/"


def test_the_weekly_report_shows_for_every_partner_and_mails_only_those_who_want_it(
    firm, engagement, members, django_capture_on_commit_callbacks
):
    from performance.report import REPORT_KIND, report_deliver

    second = _member(firm, Role.PARTNER, "second.partner@avery.test")
    email_preferences_set(user=second, email_off=[REPORT_KIND])
    with django_capture_on_commit_callbacks(execute=True):
        report_deliver(firm=firm, engagement=engagement)
    assert [m.to for m in mail.outbox] == [["partner@avery.test"]]
    for partner in (members[Role.PARTNER], second):
        (note,) = _mine(firm, partner)
        assert note.title.startswith("Weekly performance report: Avery audit 2026")


# --- pages -----------------------------------------------------------------------------------


def _note(firm, user, title="Check-in tomorrow", url="/f/avery/engagements/"):
    return notification_create(firm=firm, recipient=user, kind="performance.checkin", title=title, url=url)


def test_the_bell_shows_the_unread_count_and_the_list_links_to_the_object(firm, partner, client_for):
    note = _note(firm, partner)
    _note(firm, partner, title="Time to scale?")
    client = client_for(partner)
    page = client.get("/f/avery/").content.decode()
    assert "Notifications, 2 unread" in page
    listing = client.get("/f/avery/notifications/").content.decode()
    assert "Check-in tomorrow" in listing and "Time to scale?" in listing
    response = client.get(f"/f/avery/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/f/avery/engagements/"
    assert "Notifications, 1 unread" in client.get("/f/avery/").content.decode()


def test_mark_read_and_mark_all_read_say_what_they_did(firm, partner, client_for):
    first = _note(firm, partner)
    _note(firm, partner, title="Second")
    _note(firm, partner, title="Third")
    client = client_for(partner)
    response = client.post(f"/f/avery/notifications/{first.pk}/read/", follow=True)
    assert "Marked “Check-in tomorrow” as read." in response.content.decode()
    response = client.post("/f/avery/notifications/read-all/", follow=True)
    page = response.content.decode()
    assert "Marked 2 notifications as read." in page and "none unread" in page


def test_nobody_sees_or_marks_another_persons_notifications(
    firm, other_firm, members, other_partner, client_for
):
    mine = _note(firm, members[Role.PARTNER], title="For the partner only")
    theirs = _note(other_firm, other_partner, title="Blackwood secret")
    client = client_for(members[Role.PARALEGAL])
    assert "For the partner only" not in client.get("/f/avery/notifications/").content.decode()
    assert client.post(f"/f/avery/notifications/{mine.pk}/read/").status_code == 404
    assert client.get(f"/f/avery/notifications/{theirs.pk}/").status_code == 404
    with firm_scope(firm):
        assert Notification.objects.get(pk=mine.pk).read_at is None


def test_a_page_costs_one_query_for_the_bell_however_many_notifications(firm, partner, client_for):
    client = client_for(partner)
    for count in (1, 25):
        for i in range(count):
            _note(firm, partner, title=f"n{count}-{i}")
        with CaptureQueriesContext(connection) as queries:
            client.get("/f/avery/members/")
        bell = [q["sql"] for q in queries if "firmops_notification" in q["sql"]]
        assert len(bell) == 1, bell


def test_the_preferences_page_turns_email_off_per_kind_and_locks_security_mail(firm, paralegal, client_for):
    client = client_for(paralegal)
    page = client.get("/f/avery/notifications/email/").content.decode()
    assert "Security mail cannot be turned off" in page
    assert "Daily nudge to log your tasks during an audit week" in page
    assert "Reminder to a provider contact" not in page  # not something a member receives
    wanted = [k.key for k in kinds_for_preferences() if not k.security and k.key != NUDGE]
    response = client.post(
        "/f/avery/notifications/email/", {"email": wanted + ["account.password_reset"]}, follow=True
    )
    assert "Email preferences saved: 1 kind in the app only." in response.content.decode()
    assert set(EmailOptOut.objects.filter(user=paralegal).values_list("kind", flat=True)) == {NUDGE}


# --- API -------------------------------------------------------------------------------------


def test_the_api_lists_only_my_due_notifications_and_marks_them_read(firm, members, client_for):
    partner, paralegal = members[Role.PARTNER], members[Role.PARALEGAL]
    note = _note(firm, partner)
    _note(firm, paralegal, title="Not the partner's")
    _plan(firm, partner, due_in=timedelta(days=1))  # not due yet
    client = client_for(partner)
    base = "/api/v1/firms/avery/notifications/"
    body = client.get(base).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["title"] for r in rows] == ["Check-in tomorrow"]
    assert client.get(base + "unread/").json() == {"unread": 1}
    assert client.post(base + f"{note.pk}/read/").json()["read_at"] is not None
    assert client.post(base + "read-all/").json() == {"marked": 0}
    other = _note(firm, paralegal, title="Still not the partner's")
    assert client.post(base + f"{other.pk}/read/").status_code == 404
