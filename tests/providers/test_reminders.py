"""Vetting reminders: the unanswered questionnaire and the trial's end, each sent once, never needlessly."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from firmops.messaging.reminders import reminders_plan_all_firms, reminders_send_due
from firmops.models import Reminder
from firmops.tasks import plan_reminders, send_due_reminders
from firmops.tenancy import firm_scope
from providers.models import Questionnaire
from providers.questionnaires.services import REMINDER_KIND, questionnaire_answer, questionnaire_send
from providers.selection.services import selection_create, selection_request_replacement


def _sent_days_ago(firm, ops, provider, days: int) -> Questionnaire:
    questionnaire, _ = questionnaire_send(firm=firm, actor=ops, provider=provider, notify=False)
    with firm_scope(firm):
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            sent_at=timezone.now() - timedelta(days=days)
        )
        questionnaire.refresh_from_db()
    return questionnaire


def test_an_unanswered_questionnaire_gets_one_reminder_after_three_days(firm, ops, platform, lpo):
    _sent_days_ago(firm, ops, platform, 4)
    _sent_days_ago(firm, ops, lpo, 2)  # not due yet
    for _ in range(2):  # two beat rounds, and the relay twice each: still one email
        plan_reminders.delay()
        send_due_reminders.delay()
        send_due_reminders.delay()
    assert [m.to for m in mail.outbox] == [["meridian@vendor.test"]]
    reminder = mail.outbox[0]
    assert "Reminder" in reminder.subject and "Meridian Legal Talent" in reminder.body
    assert "/q/" not in reminder.body  # the stored reminder holds no working link


def test_a_questionnaire_answered_in_time_gets_no_reminder(firm, ops, platform, substance):
    questionnaire = _sent_days_ago(firm, ops, platform, 2)
    questionnaire_answer(questionnaire=questionnaire, answers=substance, submit=True, notify=False)
    with firm_scope(firm):
        Questionnaire.objects.filter(pk=questionnaire.pk).update(sent_at=timezone.now() - timedelta(days=5))
    plan_reminders.delay()
    send_due_reminders.delay()
    assert mail.outbox == []


def test_answering_after_the_reminder_was_planned_but_before_it_went_out_cancels_it(
    firm, ops, platform, substance
):
    questionnaire = _sent_days_ago(firm, ops, platform, 4)
    reminders_plan_all_firms()
    with firm_scope(firm):
        assert Reminder.objects.filter(kind=REMINDER_KIND, sent_at__isnull=True).count() == 1
    questionnaire_answer(questionnaire=questionnaire, answers=substance, submit=True, notify=False)
    send_due_reminders.delay()
    assert mail.outbox == []


def test_the_owning_partner_is_reminded_once_two_days_before_the_trial_ends(
    firm, partner, engagement, platform, make_professional
):
    elena = make_professional(platform, "Elena Novak")
    selection = selection_create(
        firm=firm,
        actor=partner,
        engagement=engagement,
        professional=elena,
        rationale="Strongest answers, full overlap.",
    )
    assert reminders_send_due(firm=firm, now=selection.selected_at + timedelta(days=4)) == 0
    assert reminders_send_due(firm=firm, now=selection.selected_at + timedelta(days=5, minutes=1)) == 1
    assert reminders_send_due(firm=firm, now=selection.selected_at + timedelta(days=6)) == 0
    [reminder] = mail.outbox
    assert reminder.to == ["partner@avery.test"]
    assert "Elena Novak's trial ends on" in reminder.subject and "request a replacement" in reminder.body


def test_a_replaced_selection_sends_no_trial_reminder(firm, partner, engagement, platform, make_professional):
    elena = make_professional(platform, "Elena Novak")
    selection = selection_create(
        firm=firm,
        actor=partner,
        engagement=engagement,
        professional=elena,
        rationale="Strongest answers, full overlap.",
    )
    selection_request_replacement(firm=firm, actor=partner, selection=selection)
    mail.outbox.clear()
    # The relay sends what is pending: the replacement request to the provider and the exit checklist's
    # notice to ops and the partner (their after-commit kicks never ran here), and no trial reminder.
    assert reminders_send_due(firm=firm, now=selection.selected_at + timedelta(days=8)) == 3
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0] == "Avery & Stone LLP requests a replacement for Elena Novak"
    assert all("exit checklist" in s.lower() for s in subjects[1:])
    assert not any("trial ends" in s for s in subjects)
