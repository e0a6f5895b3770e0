"""Onboarding objects of the other firm for the route walk, each carrying the leak marker."""

from __future__ import annotations

import datetime

from onboarding.models import (
    AccessCheck,
    ExitCheck,
    ExitChecklist,
    FirmTool,
    Guide,
    GuideVersion,
    PackExport,
    Plan,
    PlanItem,
    PlanTemplateItem,
)
from tests.factories import EngagementFactory


def _plan(ctx) -> Plan:
    from tests.route_samples import MARKER

    engagement = EngagementFactory(firm=ctx.firm, owner=ctx.partner, name=f"{MARKER} onboarding engagement")
    return Plan.objects.create(
        firm=ctx.firm,
        engagement=engagement,
        professional_name=f"{MARKER} professional",
        professional_time_zone="UTC",
    )


def _item(ctx) -> int:
    from tests.route_samples import MARKER

    plan = _plan(ctx)
    return PlanItem.objects.create(
        firm=ctx.firm,
        plan=plan,
        key="k",
        track="systems",
        title=f"{MARKER} item",
        notes=MARKER,
        day=1,
        due_on=datetime.date(2026, 1, 5),
        owner_role="external",
    ).pk


def _check(ctx) -> int:
    from tests.route_samples import MARKER

    return AccessCheck.objects.create(
        firm=ctx.firm, plan=_plan(ctx), system=f"{MARKER} system", notes=MARKER
    ).pk


def _exit_check(ctx) -> int:
    from tests.route_samples import MARKER

    plan = _plan(ctx)
    checklist = ExitChecklist.objects.create(
        firm=ctx.firm,
        engagement=plan.engagement,
        key="selection:0",
        professional_name=MARKER,
        cause="replaced",
    )
    return ExitCheck.objects.create(
        firm=ctx.firm, checklist=checklist, kind="files", title=f"{MARKER} exit item"
    ).pk


def _guide(ctx) -> Guide:
    from tests.route_samples import MARKER

    guide = Guide.objects.create(firm=ctx.firm, engagement=_plan(ctx).engagement)
    GuideVersion.objects.create(firm=ctx.firm, guide=guide, number=1, unwritten_rules=f"- {MARKER} rule")
    return guide


def _version(ctx) -> int:
    return _guide(ctx).versions.get().pk


def _export(ctx) -> int:
    from tests.route_samples import MARKER

    plan = _plan(ctx)
    return PackExport.objects.create(
        firm=ctx.firm,
        engagement=plan.engagement,
        inputs_digest="0" * 64,
        html=MARKER,
        error=MARKER,
        status="ready",
    ).pk


def _template(ctx) -> int:
    from tests.route_samples import MARKER

    return PlanTemplateItem.objects.create(
        firm=ctx.firm,
        key="marker",
        track="systems",
        day=1,
        owner_role="ops",
        title=f"{MARKER} line",
        body=MARKER,
    ).pk


def _tool(ctx) -> int:
    from tests.route_samples import MARKER

    return FirmTool.objects.create(firm=ctx.firm, name=f"{MARKER} tool").pk


KWARGS = {
    "plan_item_id": _item,
    "access_check_id": _check,
    "exit_check_id": _exit_check,
    "guide_version_id": _version,
    "pack_export_id": _export,
    "plan_template_id": _template,
    "firm_tool_id": _tool,
}

MODELS = {
    ExitCheck: _exit_check,
    Plan: lambda ctx: _plan(ctx).pk,
    PlanItem: _item,
    Guide: lambda ctx: _guide(ctx).pk,
    PackExport: _export,
}
