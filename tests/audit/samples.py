"""Audit objects of the other firm for the route walk (tests/route_samples.py), each carrying the marker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from audit.models import AuditPeriod, ClassificationOverride, ColumnMapping, ImportJob, TaskEntry
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


def _import(ctx) -> int:
    from tests.route_samples import MARKER

    return ImportJob.objects.create(
        firm=ctx.firm,
        kind=ImportJob.Kind.CSV,
        status=ImportJob.Status.REJECTED,
        original_name=f"{MARKER}.csv",
        header=[MARKER, "Date"],
        report={"summary": f"{MARKER} summary", "problems": [f"line 2: {MARKER}"]},
        requested_by=ctx.partner,
    ).pk


def _mapping(ctx) -> int:
    from tests.route_samples import MARKER

    return ColumnMapping.objects.create(
        firm=ctx.firm, name=f"{MARKER} mapping", header=[MARKER], header_key="0" * 64, spec={}
    ).pk


KWARGS = {
    "period_id": lambda ctx: _period(ctx).pk,
    "entry_id": _entry,
    "override_id": _override,
    "import_id": _import,
    "mapping_id": _mapping,
}
MODELS = {
    AuditPeriod: lambda ctx: _period(ctx).pk,
    TaskEntry: _entry,
    ImportJob: _import,
    ColumnMapping: _mapping,
}
