"""Performance objects of the other firm, for the route walk (each carries the leak marker)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from firmops.tenancy import firm_scope
from performance.models import (
    ActionItem,
    CheckIn,
    ClientSurvey,
    HourEntry,
    Matter,
    ScalingSignal,
    SurveyResponse,
    WorkItem,
)
from tests.factories import EngagementFactory

if TYPE_CHECKING:
    from tests.route_samples import WalkContext


def _marker() -> str:
    from tests.route_samples import MARKER  # imported late: route_samples imports this module

    return MARKER


def _engagement(ctx: WalkContext):
    with firm_scope(ctx.firm):
        return EngagementFactory(firm=ctx.firm, owner=ctx.partner, name=f"{_marker()} performance engagement")


def _professional(ctx: WalkContext, engagement):
    from providers.models import Professional, Provider

    provider = Provider.objects.create(
        firm=ctx.firm, engagement=engagement, name=f"{_marker()} provider", model="freelancer"
    )
    return Professional.objects.create(
        firm=ctx.firm, provider=provider, name=f"{_marker()} professional", hourly_rate=Decimal("40")
    )


def _matter(ctx: WalkContext) -> Matter:
    engagement = _engagement(ctx)
    with firm_scope(ctx.firm):
        return Matter.objects.create(
            firm=ctx.firm,
            engagement=engagement,
            reference=f"{_marker()}-1",
            name=_marker(),
            intake_on=date(2026, 1, 5),
        )


def work_item(ctx: WalkContext) -> int:
    engagement = _engagement(ctx)
    with firm_scope(ctx.firm):
        return WorkItem.objects.create(
            firm=ctx.firm,
            engagement=engagement,
            professional=_professional(ctx, engagement),
            category="document_review",
            title=f"{_marker()} work",
            assigned_at=datetime(2026, 1, 5, tzinfo=UTC),
        ).pk


def hour_entry(ctx: WalkContext) -> int:
    engagement = _engagement(ctx)
    with firm_scope(ctx.firm):
        return HourEntry.objects.create(
            firm=ctx.firm,
            engagement=engagement,
            attorney=ctx.partner,
            worked_on=date(2026, 1, 5),
            hours=Decimal("3"),
            description=_marker(),
        ).pk


def matter(ctx: WalkContext) -> int:
    return _matter(ctx).pk


def survey(ctx: WalkContext) -> int:
    m = _matter(ctx)
    with firm_scope(ctx.firm):
        return SurveyResponse.objects.create(
            firm=ctx.firm, engagement_id=m.engagement_id, matter=m, score=4, comment=_marker()
        ).pk


def client_survey(ctx: WalkContext) -> int:
    m = _matter(ctx)
    with firm_scope(ctx.firm):
        return ClientSurvey.objects.create(
            firm=ctx.firm,
            engagement_id=m.engagement_id,
            matter=m,
            reason=ClientSurvey.Reason.STAFF,
            contact_name=_marker(),
            contact_email="marker@client.test",
            token_hash="-",
            sent_at=datetime(2026, 1, 5, tzinfo=UTC),
            expires_at=datetime(2026, 2, 5, tzinfo=UTC),
        ).pk


def _checkin(ctx: WalkContext) -> CheckIn:
    engagement = _engagement(ctx)
    with firm_scope(ctx.firm):
        return CheckIn.objects.create(
            firm=ctx.firm,
            engagement=engagement,
            sequence=1,
            scheduled_at=datetime(2030, 1, 7, 15, tzinfo=UTC),
            notes=_marker(),
        )


def checkin(ctx: WalkContext) -> int:
    return _checkin(ctx).pk


def action_item(ctx: WalkContext) -> int:
    c = _checkin(ctx)
    with firm_scope(ctx.firm):
        return ActionItem.objects.create(
            firm=ctx.firm, engagement_id=c.engagement_id, raised_in=c, text=_marker()
        ).pk


def signal(ctx: WalkContext) -> int:
    engagement = _engagement(ctx)
    with firm_scope(ctx.firm):
        return ScalingSignal.objects.create(
            firm=ctx.firm,
            engagement=engagement,
            kind="full_capacity",
            key=f"{_marker()}:1",
            title=_marker(),
            evidence={"marker": _marker()},
        ).pk


KWARGS = {
    "item_id": work_item,
    "entry_id": hour_entry,
    "matter_id": matter,
    "checkin_id": checkin,
    "signal_id": signal,
}

MODELS = {
    WorkItem: work_item,
    HourEntry: hour_entry,
    Matter: matter,
    SurveyResponse: survey,
    ClientSurvey: client_survey,
    CheckIn: checkin,
    ActionItem: action_item,
    ScalingSignal: signal,
}
