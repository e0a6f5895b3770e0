"""Audit objects of the other firm for the route walk (tests/route_samples.py), each carrying the marker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from audit.models import AuditPeriod, ClassificationOverride, TaskEntry
from firmops.models import Role
from tests.factories import EngagementFactory


def _period(ctx) -> AuditPeriod:
    from tests.route_samples import MARKER

    engagement = EngagementFactory(firm=ctx.firm, owner=ctx.partner, name=f"{MARKER} audited engagement")
    return AuditPeriod.objects.create(firm=ctx.firm, engagement=engagement, starts_on=dt.date.today(), days=7)


def _entry(ctx) -> int:
    from tests.route_samples import MARKER

    return TaskEntry.objects.create(
        firm=ctx.firm,
        period=_period(ctx),
        performer=ctx.partner,
        performer_role=Role.PARTNER,
        hourly_cost=Decimal("500"),
        description=f"{MARKER} summarized deposition",
        minutes=30,
        performed_on=dt.date.today(),
        matter=MARKER,
        bucket="outsourceable",
        category="deposition_summaries",
        reason=f"{MARKER} reason",
        pattern="deposit summar",
    ).pk


def _override(ctx) -> int:
    from tests.route_samples import MARKER

    return ClassificationOverride.objects.create(
        firm=ctx.firm, pattern=f"{MARKER} pattern", bucket="core", category="case_strategy", example=MARKER
    ).pk


KWARGS = {
    "period_id": lambda ctx: _period(ctx).pk,
    "entry_id": _entry,
    "override_id": _override,
}
MODELS = {
    AuditPeriod: lambda ctx: _period(ctx).pk,
    TaskEntry: _entry,
}
