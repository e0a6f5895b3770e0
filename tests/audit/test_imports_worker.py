"""A big import as a real job: queued through the outbox, taken from Redis by a real Celery worker,
landed all at once, or not at all when a line is bad."""

from __future__ import annotations

import io
import time

import pytest

from audit.imports import services
from audit.imports.models import ImportJob
from audit.models import AuditPeriod, TaskEntry, Timekeeper
from firmops.models import Role
from firmops.tenancy import firm_scope
from tests.audit.test_imports import START, _big_ledes
from tests.firmops.test_celery_worker import worker  # noqa: F401 (the fixture: a worker on its own queue)

pytestmark = [pytest.mark.needs_postgres, pytest.mark.needs_redis]


@pytest.fixture
def routed(worker, monkeypatch):  # noqa: F811
    """Tasks enqueued by the code under test go to the worker's queue; big means more than 100 lines."""
    from firmops.celery import app

    queue, _ = worker
    monkeypatch.setitem(app.conf, "task_default_queue", queue)
    monkeypatch.setattr(services, "SYNC_ROWS", 100)
    return queue


def _finished(firm, job_id: int, seconds: float = 120) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with firm_scope(firm):
            job = ImportJob.objects.get(pk=job_id)
        if job.finished:
            return job
        time.sleep(0.5)
    raise AssertionError(f"the worker did not finish import {job_id} in {seconds} s (status {job.status})")


def _start(firm, ops, period, content: bytes) -> ImportJob:
    return services.import_job_create(
        firm=firm, actor=ops, upload=io.BytesIO(content), name="q1.txt", size=len(content), period=period
    )


def test_a_real_worker_imports_a_big_ledes_file_from_redis_all_at_once(routed, firm, members, engagement):
    ops = members[Role.OPS]
    with firm_scope(firm):
        period = AuditPeriod.objects.create(firm=firm, engagement=engagement, starts_on=START, days=31)
    job = _start(firm, ops, period, _big_ledes(3000))
    assert job.status == ImportJob.Status.QUEUED and job.rows_total == 3002  # committed, then enqueued
    job = _finished(firm, job.pk)
    assert job.status == ImportJob.Status.DONE, (job.error, job.report)
    assert job.imported == 3000 and job.rows_read == 3000 and job.rows_valid == 3000
    assert not job.file  # the upload is deleted once its entries are in
    with firm_scope(firm):
        assert TaskEntry.objects.count() == 3000 and Timekeeper.objects.count() == 40


def test_a_real_worker_rejects_a_big_file_with_one_bad_line_and_writes_nothing(
    routed, firm, members, engagement
):
    ops = members[Role.OPS]
    with firm_scope(firm):
        period = AuditPeriod.objects.create(firm=firm, engagement=engagement, starts_on=START, days=31)
    lines = _big_ledes(3000).split(b"\r\n")
    lines[2500] = lines[2500].replace(b"|0.10|", b"|ten|")
    job = _finished(firm, _start(firm, ops, period, b"\r\n".join(lines)).pk)
    assert job.status == ImportJob.Status.REJECTED
    assert job.report["problems"] == [
        "line 2501: LINE_ITEM_NUMBER_OF_UNITS: units 'ten' is not a number (hours, e.g. 1.50)"
    ]
    assert job.rows_read == 3000 and job.rows_valid == 2999
    with firm_scope(firm):
        assert TaskEntry.objects.count() == 0 and Timekeeper.objects.count() == 0
