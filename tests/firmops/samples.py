"""Core objects of the other firm for the route walk, each carrying the leak marker."""

from __future__ import annotations

from firmops.messaging.notifications import notification_create
from firmops.models import Notification, SsoDomain
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


KWARGS = {
    "notification_id": _notification,
    "domain_id": _sso_domain,
    "provider_id": lambda ctx: f"sso-{ctx.firm.slug}",  # the other firm's IdP app
}
MODELS = {Notification: _notification}
