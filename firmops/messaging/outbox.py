"""The one way onto the broker: the database holds the intent, the broker only hurries it along.

Every email, report and export is a row written in the transaction that causes it (a `Reminder`,
a `ReportDelivery`, a `PackExport`). After commit we *try* to enqueue the task that delivers it;
if Redis is down the request still succeeds, the row stays, and a beat sweeper delivers it when
the broker is back. So enqueue failures are logged, never raised to the user.

Delays longer than the broker's visibility timeout are refused: Redis hands an unacknowledged
(ETA) message to a second worker after that timeout, which would run it twice. A long delay is
an intent with a due time (e.g. `Reminder.due_at`) that the beat relay picks up instead.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q

log = logging.getLogger(__name__)

REDIS_DEFAULT_VISIBILITY_TIMEOUT = 3600  # kombu's default when the option is not set


class CountdownTooLong(ValueError):
    """A task was to be delayed beyond what the broker can hold without redelivering it."""


def visibility_timeout() -> int:
    """Seconds after which the broker redelivers a message no worker acknowledged."""
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS or {}
    return int(options.get("visibility_timeout", REDIS_DEFAULT_VISIBILITY_TIMEOUT))


def max_countdown() -> int:
    """The longest safe delay: the message must be taken *and finished* before the broker gives up on it."""
    return visibility_timeout() - int(settings.CELERY_TASK_TIME_LIMIT)


def enqueue(task: Any, *, countdown: float | None = None, **kwargs: Any) -> bool:
    """Send `task(**kwargs)` to the broker now; False (logged) when the broker cannot take it."""
    if countdown is not None and countdown > max_countdown():
        raise CountdownTooLong(
            f"{task.name} delayed {countdown:.0f} s, beyond the broker's safe {max_countdown()} s; "
            "store the work as a row with a due time and let the beat relay pick it up."
        )
    if task.app.conf.task_always_eager:
        task.apply_async(kwargs=kwargs, countdown=countdown)
        return True
    try:
        # Fail fast (one connect attempt, no publish retries): the row is the guarantee, so a dead
        # broker must not hold the user's request for kombu's default ~6 s of reconnecting.
        with task.app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
            task.apply_async(kwargs=kwargs, countdown=countdown, retry=False, producer=producer)
    except Exception:  # broker down or unreachable: the intent row stays and the sweeper delivers it
        log.warning(
            "broker refused %s %s; the beat sweeper will deliver it", task.name, kwargs, exc_info=True
        )
        return False
    return True


def enqueue_on_commit(task: Any, **kwargs: Any) -> None:
    """Enqueue once the surrounding transaction commits; a rolled-back change enqueues nothing."""
    transaction.on_commit(partial(enqueue, task, **kwargs))


def lost_jobs(*, queued_before: datetime.datetime, started_before: datetime.datetime) -> Q:
    """Job rows (status, created_at, started_at) whose message the broker lost, for a sweeper to
    enqueue again: queued since before `queued_before`, or building since before `started_before`
    (its builder died). Builds are safe to run twice, so a false alarm costs only a wasted look."""
    return Q(status="queued", created_at__lt=queued_before) | Q(
        status="building", started_at__lt=started_before
    )
