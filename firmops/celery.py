"""The Celery app: Redis when REDIS_URL is set, otherwise kombu's filesystem broker (no server)."""

import os
from functools import partial
from pathlib import Path

from celery import Celery
from celery.worker.consumer import Consumer

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firmops.settings")

RECONNECT_EVERY_MAX = 5  # seconds; Celery backs off to 30, which would delay recovery after an outage


class PromptConsumer(Consumer):
    """The worker's broker consumer, retrying a lost broker at least every 5 s, forever.

    When Redis returns after a long outage, Celery's default backoff could leave workers idle for up
    to 30 s more; the intents made meanwhile should start going out at once (docs/security.md §6).
    """

    def ensure_connected(self, conn):
        conn.ensure_connection = partial(
            conn.ensure_connection, interval_start=1, interval_step=1, interval_max=RECONNECT_EVERY_MAX
        )
        return super().ensure_connected(conn)


app = Celery("firmops")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker_folders() -> None:
    """The filesystem transport expects its folders to exist."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for key in ("data_folder_in", "processed_folder", "control_folder"):
            Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key]).mkdir(parents=True, exist_ok=True)
