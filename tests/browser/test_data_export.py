"""In a real Chromium, with a real Celery worker reading Redis: a partner exports the firm's data, the
page's progress bar moves without a reload while the worker builds it, and the zip downloads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from firmops.celery import app
from firmops.demo import DEMO_PASSWORD, seed_demo

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.needs_postgres, pytest.mark.needs_redis]


@pytest.fixture
def worker_queue(settings, tmp_path):
    """A queue of this test's own, which the app publishes to; start() brings up a worker reading it."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    procs = []

    def start():
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the live server serves the file the worker stores
            "CELERY_TASK_ALWAYS_EAGER": "0",
        }
        command = [sys.executable, "-m", "celery", "-A", "firmops", "worker", "--pool=solo", "-Q", queue]
        procs.append(subprocess.Popen([*command, "--loglevel=WARNING"], cwd=ROOT, env=env))

    try:
        yield start
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = True, "celery"
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_the_export_shows_its_progress_while_the_worker_builds_it_then_downloads(
    page, live_server, sign_in, screenshot, worker_queue
):
    demo = seed_demo()
    sign_in("partner@demo.firmops.test", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/f/demo/settings/data/")
    page.get_by_role("button", name="Export the firm's data").click()
    page.wait_for_url("**/f/demo/settings/data/")
    job = page.locator("#export-job")
    assert job.get_by_role("status").inner_text() == "Queued"  # no worker yet: the job waits in Redis
    bar = job.get_by_role("progressbar", name="Export progress")
    assert int(bar.get_attribute("value")) < 100
    download = job.get_by_role("link", name="Download the zip")
    assert not download.is_visible()
    page.evaluate("window.__samePage = true")

    worker_queue()  # the worker comes up, takes the job and builds the zip; the page polls meanwhile
    download.wait_for(state="visible", timeout=90_000)
    assert job.get_by_role("status").inner_text() == "Ready"
    assert bar.evaluate("el => el.value") == 100
    assert page.evaluate("window.__samePage === true")  # moved by the poller, not by a reload

    with page.expect_download() as caught:
        download.click()
    saved = caught.value
    assert saved.suggested_filename.startswith("demo-data-") and saved.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(saved.path())
    engagements = json.loads(archive.read("tables/firmops.Engagement.json"))
    assert [e["fields"]["name"] for e in engagements] == [demo.engagement.name]
    assert "csv/audit/task-entry.csv" in archive.namelist()
