"""Thin Celery tasks of onboarding: the PDF pack build."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from onboarding.packs import pack_export_build


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def build_pack(*, firm_id: int, export_id: int) -> str | None:
    """Build one onboarding pack PDF; a duplicate delivery finds it ready and does nothing."""
    export = pack_export_build(firm_id=firm_id, export_id=export_id)
    return export.status if export else None
