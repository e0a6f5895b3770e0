"""Nothing lost (docs/security.md §6), the parts that need no broker: every enqueue goes through one helper
that refuses long delays, every email is a row the relay marks in the sending transaction, lost exports
are swept up, and a weekly report whose email failed goes out on the next hourly run.
"""

import datetime as dt
import re
import smtplib
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from firmops.celery import app
from firmops.messaging.emails import send_on_commit
from firmops.messaging.outbox import CountdownTooLong, enqueue, max_countdown, visibility_timeout
from firmops.messaging.reminders import DELIVERY_KEY_HEADER, reminders_send_due
from firmops.models import Reminder
from firmops.tasks import send_due_reminders
from firmops.tenancy import firm_scope
from onboarding.models import PackExport
from onboarding.tasks import requeue_stale_exports
from performance.models import ReportDelivery
from performance.report import report_due, reports_send_due_all_firms
from tests.performance.factories import select_professional

ROOT = Path(__file__).resolve().parents[2]
APPS = ("firmops", "audit", "providers", "onboarding", "performance")
MONDAY_0830_NY = dt.datetime(2026, 2, 16, 13, 30, tzinfo=dt.UTC)


def _app_sources():
    for app_dir in APPS:
        for path in sorted((ROOT / app_dir).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text()


def _uses(pattern: str, allowed: set[str]) -> list[str]:
    found = []
    for name, text in _app_sources():
        for number, line in enumerate(text.splitlines(), start=1):
            if re.search(pattern, line) and name not in allowed:
                found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_a_delay_beyond_the_brokers_visibility_timeout_is_refused_and_names_the_fix():
    assert max_countdown() < visibility_timeout()
    with pytest.raises(CountdownTooLong, match="store the work as a row with a due time"):
        enqueue(send_due_reminders, countdown=max_countdown() + 1)


def test_no_app_code_reaches_the_broker_or_schedules_a_delay_except_through_the_outbox_helper():
    assert _uses(r"\.delay\(|\.apply_async\(|\.send_task\(", {"firmops/messaging/outbox.py"}) == []
    assert _uses(r"\b(countdown|eta)\s*=", {"firmops/messaging/outbox.py"}) == []


def test_mail_is_sent_only_by_the_relay_and_the_weekly_report_which_mark_it_in_the_same_transaction():
    sends = r"send_mail\(|send_mass_mail\(|EmailMessage\(|EmailMultiAlternatives\(|\.send\(\)"
    assert _uses(sends, {"firmops/messaging/reminders.py", "performance/report.py"}) == []


def test_every_task_retry_delay_and_time_limit_fits_inside_the_visibility_timeout(settings):
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_TASK_TIME_LIMIT < visibility_timeout()
    app.loader.import_default_modules()  # every app's tasks.py, as a worker would load them
    ours = {name: task for name, task in app.tasks.items() if name.split(".")[0] in APPS}
    assert "firmops.tasks.deliver_reminder" in ours and "onboarding.tasks.requeue_stale_exports" in ours
    for name, task in ours.items():
        if getattr(task, "autoretry_for", ()):
            # Celery's own default when a task names no maximum (celery.app.autoretry).
            longest = (
                getattr(task, "retry_backoff_max", 600) if task.retry_backoff else task.default_retry_delay
            )
            assert longest <= max_countdown(), f"{name} may retry after {longest} s"
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in ours and not entry.get("options", {}).get("countdown")


def test_an_email_is_a_row_written_with_its_cause_and_sent_once_with_its_delivery_key(
    firm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_on_commit(firm=firm, key="welcome:7", to=["a@example.test"], subject="Welcome", body="Hi")
        send_on_commit(firm=firm, key="welcome:7", to=["a@example.test"], subject="Welcome", body="Hi")
    [message] = mail.outbox
    assert message.extra_headers[DELIVERY_KEY_HEADER] == f"{firm.pk}:email:welcome:7:a@example.test"
    with firm_scope(firm):
        [row] = Reminder.objects.all()
    assert row.sent_at is not None and row.to_email == "a@example.test"
    assert reminders_send_due(firm=firm, now=timezone.now() + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_an_email_whose_cause_rolled_back_is_never_sent(firm, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            send_on_commit(firm=firm, to=["b@example.test"], subject="Nope", body="x")
            raise RuntimeError("the change failed")
    assert reminders_send_due(firm=firm) == 0 and mail.outbox == []


class RefusingBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection refused")


def test_a_weekly_report_whose_email_failed_is_sent_by_the_next_hourly_run(
    firm, engagement, members, settings
):
    with firm_scope(firm):
        engagement.stage = "performing"
        engagement.save(update_fields=["stage"])
    select_professional(firm, engagement)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    assert reports_send_due_all_firms(now=MONDAY_0830_NY) == 0
    with firm_scope(firm):
        assert ReportDelivery.objects.count() == 0  # not recorded as sent
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tuesday = MONDAY_0830_NY + dt.timedelta(days=1)
    assert reports_send_due_all_firms(now=tuesday) == 1
    assert reports_send_due_all_firms(now=tuesday + dt.timedelta(hours=1)) == 0
    [message] = mail.outbox
    assert message.to == ["partner@avery.test"] and "week of Feb 9" in message.subject
    # The hourly sweep keeps retrying a missed report until Thursday 08:00 firm time, then stops.
    assert report_due(firm, MONDAY_0830_NY + dt.timedelta(days=2, hours=23))
    assert not report_due(firm, MONDAY_0830_NY + dt.timedelta(days=3))


def test_a_pack_export_the_broker_lost_is_built_by_the_sweeper(firm, engagement, settings):
    with firm_scope(firm):
        lost = PackExport.objects.create(
            firm=firm,
            engagement=engagement,
            inputs_digest="lost",
            html="<h1>Onboarding pack</h1>",
            created_at=timezone.now() - dt.timedelta(seconds=settings.EXPORT_REQUEUE_AFTER + 5),
        )
        fresh = PackExport.objects.create(
            firm=firm, engagement=engagement, inputs_digest="fresh", html="<h1>Pack</h1>"
        )
    assert requeue_stale_exports() == 1
    with firm_scope(firm):
        lost.refresh_from_db()
        fresh.refresh_from_db()
    assert lost.status == "ready" and lost.size > 0 and fresh.status == "queued"
    assert requeue_stale_exports() == 0


def test_a_relay_run_tries_each_due_email_once_and_a_later_run_sends_them_once(firm, settings):
    for n in range(3):
        send_on_commit(firm=firm, key=f"k{n}", to=[f"p{n}@example.test"], subject=f"S{n}", body="b")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    assert reminders_send_due(firm=firm) == 0
    with firm_scope(firm):
        assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}  # one try each per run
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send_due(firm=firm) == 3 and reminders_send_due(firm=firm) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.test", "p1@example.test", "p2@example.test"]
