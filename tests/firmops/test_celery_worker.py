"""A real Celery worker process consumes a task from the real Redis and sends a reminder."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from firmops.messaging.reminders import reminder_plan
from firmops.models import Reminder
from firmops.tasks import send_due_reminders
from firmops.tenancy import firm_scope

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis]


@pytest.fixture
def worker(transactional_db, tmp_path, settings):
    """A worker on its own queue, using this test's database; yields the folder its emails land in."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the files a test stores (an upload) are the worker's too
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "firmops",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from firmops.celery import app

    app.conf.task_always_eager = False
    try:
        yield queue, mail_dir
    finally:
        app.conf.task_always_eager = True
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_worker_consumes_a_task_from_redis_and_emails_the_due_reminder(worker, firm, partner):
    queue, mail_dir = worker
    reminder_plan(
        firm=firm,
        kind="test",
        key="worker",
        to=partner,
        subject="Log your tasks today",
        body="b",
        due_at=timezone.now(),
    )
    send_due_reminders.apply_async(queue=queue)
    deadline = time.monotonic() + 60
    sent = None
    while time.monotonic() < deadline:
        with firm_scope(firm):
            sent = Reminder.objects.get(dedupe_key="test:worker").sent_at
        if sent:
            break
        time.sleep(0.3)
    assert sent is not None, "the worker did not deliver the reminder within 60 s"
    mails = "".join(p.read_text() for p in mail_dir.glob("*.log"))
    assert "Subject: Log your tasks today" in mails and "partner@avery.test" in mails
