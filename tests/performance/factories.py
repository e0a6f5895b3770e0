"""Builders for performance tests: a selected professional, work, hours, an audit baseline (real rows)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from audit.models import AuditPeriod, TaskEntry
from firmops.models import Engagement, Firm, User
from firmops.tenancy import firm_scope
from performance.models import HourEntry, PerformancePlan, WorkItem
from providers.models import Professional, Provider, Selection


def select_professional(
    firm: Firm,
    engagement: Engagement,
    *,
    name: str = "Elena Novak",
    capacity: int = 40,
    rate: str = "40",
    selected_at: datetime | None = None,
    user: User | None = None,
) -> Selection:
    """A provider, its professional and the engagement's selection of them."""
    with firm_scope(firm):
        provider = Provider.objects.create(
            firm=firm, engagement=engagement, name=f"{name} Provider", model="talent_platform"
        )
        professional = Professional.objects.create(
            firm=firm,
            provider=provider,
            name=name,
            hourly_rate=Decimal(rate),
            weekly_capacity_hours=capacity,
            status=Professional.Status.SELECTED,
            user=user,
        )
        return Selection.objects.create(
            firm=firm,
            engagement=engagement,
            provider=provider,
            professional=professional,
            rationale="Best fit.",
            selected_at=selected_at or datetime(2026, 1, 5, 15, tzinfo=UTC),
        )


def plan(firm: Firm, engagement: Engagement, began_on: date) -> PerformancePlan:
    with firm_scope(firm):
        return PerformancePlan.objects.create(firm=firm, engagement=engagement, began_on=began_on)


def delivered(
    firm: Firm,
    engagement: Engagement,
    professional: Professional,
    *,
    assigned: datetime,
    turnaround_h: float,
    hours: float,
    category: str = "document_review",
    title: str = "Work",
) -> WorkItem:
    """A delivered work item, `turnaround_h` hours after assignment."""
    with firm_scope(firm):
        item = WorkItem(
            firm=firm,
            engagement=engagement,
            professional=professional,
            category=category,
            title=title,
            assigned_at=assigned,
            delivered_at=assigned + timedelta(hours=turnaround_h),
            hours=Decimal(str(hours)),
        )
        item.compute_turnaround()
        item.save()
        return item


def open_item(
    firm: Firm,
    engagement: Engagement,
    professional: Professional,
    *,
    assigned: datetime,
    due: datetime | None = None,
    category: str = "document_review",
    title: str = "Open work",
) -> WorkItem:
    with firm_scope(firm):
        return WorkItem.objects.create(
            firm=firm,
            engagement=engagement,
            professional=professional,
            category=category,
            title=title,
            assigned_at=assigned,
            due_at=due,
        )


def hours(
    firm: Firm, engagement: Engagement, attorney: User, day: date, amount: float, category: str = ""
) -> HourEntry:
    with firm_scope(firm):
        return HourEntry.objects.create(
            firm=firm,
            engagement=engagement,
            attorney=attorney,
            worked_on=day,
            hours=Decimal(str(amount)),
            category=category,
        )


def audit_baseline(
    firm: Firm,
    engagement: Engagement,
    attorney: User,
    *,
    weekly_hours: float,
    starts_on: date = date(2025, 12, 1),
    category: str = "document_review",
) -> AuditPeriod:
    """A 7-day audit week in which the attorney logged `weekly_hours` of non-billable outsourceable work."""
    with firm_scope(firm):
        period = AuditPeriod.objects.create(firm=firm, engagement=engagement, starts_on=starts_on, days=7)
        TaskEntry.objects.create(
            firm=firm,
            period=period,
            performer=attorney,
            performer_role="attorney",
            hourly_cost=Decimal("400"),
            description="Document review for production",
            minutes=int(weekly_hours * 60),
            performed_on=starts_on,
            billable=False,
            bucket="outsourceable",
            category=category,
            reason="test",
        )
        return period
