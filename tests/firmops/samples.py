"""Core objects of the other firm for the route walk, each carrying the leak marker."""

from __future__ import annotations

from firmops.messaging.notifications import notification_create
from firmops.models import Notification


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


KWARGS = {"notification_id": _notification}
MODELS = {Notification: _notification}
