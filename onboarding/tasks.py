"""Thin Celery tasks of onboarding: the PDF pack build."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from onboarding.packs import pack_export_build, pack_exports_requeue_stale_all_firms


# The render inside is killed at PDF_RENDER_TIMEOUT (firmops/pdf/render.py) and the job marked failed; these
# limits only catch a build stuck elsewhere (storage, database): soft raises into the build's
# failure handling, hard kills the worker process (prefork) and the sweeper queues it again.
@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=settings.PDF_RENDER_TIMEOUT + 30,
    time_limit=settings.PDF_RENDER_TIMEOUT + 60,
)
def build_pack(*, firm_id: int, export_id: int) -> str | None:
    """Build one onboarding pack PDF; a duplicate delivery finds it ready and does nothing."""
    export = pack_export_build(firm_id=firm_id, export_id=export_id)
    return export.status if export else None


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def requeue_stale_exports() -> int:
    """Each relay period: enqueue again the pack builds the broker lost (safe: builds are idempotent)."""
    return pack_exports_requeue_stale_all_firms(build=build_pack)
