"""Core objects of the other firm for the route walk, each carrying the leak marker."""

from __future__ import annotations

import datetime
import io
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone

from firmops.messaging.notifications import notification_create
from firmops.models import FirmExport, Notification, SsoDomain
from firmops.tenancy import firm_scope


def _notification(ctx) -> int:
    from tests.route_samples import MARKER

    return notification_create(
        firm=ctx.firm,
        recipient=ctx.partner,
        kind="performance.signal",
        title=f"{MARKER} notification",
        body=f"{MARKER} body",
        url=f"/f/{ctx.firm.slug}/",
    ).pk


def _sso_domain(ctx) -> int:
    with firm_scope(ctx.firm):
        return SsoDomain.objects.create(
            firm=ctx.firm, domain="zzleakmarkerzz.test", claimed_by=ctx.partner
        ).pk


def _export(ctx) -> int:
    """A ready data export whose zip carries the marker, so serving it to another firm would show."""
    from tests.route_samples import MARKER

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("manifest.json", f'{{"firm": "{MARKER}"}}')
    with firm_scope(ctx.firm):
        export = FirmExport.objects.create(
            firm=ctx.firm,
            requested_by=ctx.partner,
            status=FirmExport.Status.READY,
            expires_at=timezone.now() + datetime.timedelta(days=7),
        )
        export.file.save("data.zip", ContentFile(archive.getvalue()), save=True)
    return export.pk


KWARGS = {
    "notification_id": _notification,
    "domain_id": _sso_domain,
    "provider_id": lambda ctx: f"sso-{ctx.firm.slug}",  # the other firm's IdP app
    "export_id": _export,
}
MODELS = {Notification: _notification, FirmExport: _export}
