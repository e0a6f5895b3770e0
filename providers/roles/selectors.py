"""Reads of the role an engagement hands over: the audit's figures it is drafted from, the role and
its categories as saved, its budget, and what onboarding takes from it (delegated categories,
turnaround targets).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from audit.selectors import Bucket, hit_list, latest_period, period_weeks
from firmops.models import Engagement, Firm, Membership
from firmops.permissions import STAFF
from providers.models import Professional, RoleCategory, RoleDefinition
from providers.selection.selectors import current_selection

CENT = Decimal("0.01")
MONTH = Decimal(52) / Decimal(12)  # weeks in an average month
DEFAULT_TICKED = 3  # what a first outsourced professional takes on: the top of the hit list


@dataclass(frozen=True)
class HitCategory:
    """A hit-list row per week, as the role page and the draft use it."""

    category: str
    label: str
    bucket: str
    hours_per_week: Decimal
    attorney_hours_per_week: Decimal
    recoverable_weekly: Decimal

    @property
    def outsourceable(self) -> bool:
        return self.bucket == Bucket.OUTSOURCEABLE


@dataclass(frozen=True)
class AuditFigures:
    described: str  # where the figures come from, shown on the role
    rows: list[HitCategory] = field(default_factory=list)

    @property
    def by_category(self) -> dict[str, HitCategory]:
        return {r.category: r for r in self.rows}


def audit_figures(*, firm: Firm, engagement: Engagement) -> AuditFigures:
    """The engagement's latest hit list in hours a week (a two-week audit counts half per week)."""
    period = latest_period(firm=firm, engagement=engagement)
    if period is None:
        return AuditFigures("No audit yet: hours are the firm's estimate.")
    weeks = period_weeks(period)
    rows = [
        HitCategory(
            r.category,
            r.label,
            r.bucket,
            (r.hours / weeks).quantize(CENT),
            (r.attorney_hours / weeks).quantize(CENT),
            r.recoverable_weekly,
        )
        for r in hit_list(firm=firm, period=period)
    ]
    span = f"{period.starts_on:%b} {period.starts_on.day}, {period.starts_on.year}"
    return AuditFigures(f"Audit of {span} ({period.days} days)", rows)


def default_categories(figures: AuditFigures, limit: int = DEFAULT_TICKED) -> list[str]:
    """What to tick first: the outsourceable categories at the top of the hit list."""
    rows = [r for r in figures.rows if r.outsourceable and r.category != "other" and r.hours_per_week > 0]
    return [r.category for r in rows[:limit]]


def core_hours_text(role: RoleDefinition) -> str:
    return f"{role.core_hours_start:%H:%M}–{role.core_hours_end:%H:%M} {role.time_zone}"


def role_rows(role: RoleDefinition) -> list[RoleCategory]:
    """The role's category rows: prefetched when loaded by role_definition_for, else one query."""
    if "categories" in getattr(role, "_prefetched_objects_cache", {}):
        return list(role.categories.all())
    return list(RoleCategory.objects.for_firm(role.firm_id).filter(role=role))


def role_definition_for(*, firm: Firm, engagement: Engagement | None) -> RoleDefinition | None:
    """The engagement's role with its categories and reporting line loaded, or None when not defined."""
    if engagement is None:
        return None
    return (
        RoleDefinition.objects.for_firm(firm)
        .filter(engagement=engagement)
        .select_related("engagement__owner", "assigns_work", "answers_questions", "firm")
        .prefetch_related(Prefetch("categories", queryset=RoleCategory.objects.for_firm(firm)))
        .first()
    )


def role_members(*, firm: Firm) -> list[Membership]:
    """Who can assign work or answer case questions: the firm's staff."""
    return list(
        Membership.objects.for_firm(firm)
        .filter(is_active=True, role__in=STAFF)
        .select_related("user")
        .order_by("role", "user__first_name", "user__email")
    )


@dataclass(frozen=True)
class Budget:
    """What the role costs a month at a rate, beside the attorney time it takes off attorneys' desks."""

    hours_per_week: Decimal
    attorney_hours_per_week: Decimal
    rate: Decimal
    rate_source: str
    budget_rate: Decimal
    attorney_rate: Decimal

    @property
    def monthly_hours(self) -> Decimal:
        return (self.hours_per_week * MONTH).quantize(Decimal("0.1"))

    @property
    def monthly_cost(self) -> Decimal:
        return (self.hours_per_week * self.rate * MONTH).quantize(CENT)

    @property
    def monthly_cost_at_budget_rate(self) -> Decimal:
        return (self.hours_per_week * self.budget_rate * MONTH).quantize(CENT)

    @property
    def attorney_monthly_cost(self) -> Decimal:
        return (self.attorney_hours_per_week * self.attorney_rate * MONTH).quantize(CENT)

    @property
    def monthly_difference(self) -> Decimal:
        return self.attorney_monthly_cost - self.monthly_cost

    @property
    def monthly_extra(self) -> Decimal:
        """How much more than the attorney time the role costs, when it does."""
        return max(-self.monthly_difference, Decimal("0"))


def role_budget(*, firm: Firm, role: RoleDefinition, professional: Professional | None = None) -> Budget:
    """At a chosen candidate's rate, else the selected professional's, else the role's budget rate."""
    rows = role_rows(role)
    if professional is None:
        selection = current_selection(firm=firm, engagement=role.engagement)
        professional = selection.professional if selection else None
        source = f"{professional.name}'s rate, selected" if professional else "the role's budget rate"
    else:
        source = f"{professional.name}'s rate"
    return Budget(
        hours_per_week=sum((r.hours_per_week for r in rows), Decimal("0")),
        attorney_hours_per_week=sum((r.attorney_hours_per_week for r in rows), Decimal("0")),
        rate=professional.hourly_rate if professional else role.budget_rate,
        rate_source=source,
        budget_rate=role.budget_rate,
        attorney_rate=firm.rate_attorney,
    )


def engagement_candidates(*, firm: Firm, engagement: Engagement) -> list[Professional]:
    """The professionals proposed for the engagement, to price the role at one of their rates."""
    return list(
        Professional.objects.for_firm(firm)
        .filter(provider__engagement=engagement)
        .select_related("provider")
        .order_by("hourly_rate", "name")
    )


def role_core_hours(role: RoleDefinition) -> Decimal:
    """How long the role's core hours are (they may run past midnight)."""
    start = datetime.datetime.combine(datetime.date(2000, 1, 1), role.core_hours_start)
    end = datetime.datetime.combine(datetime.date(2000, 1, 1), role.core_hours_end)
    if end <= start:
        end += datetime.timedelta(days=1)
    return (Decimal((end - start).total_seconds()) / 3600).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class DelegatedCategory:
    """A category the role hands over; `category` and `label` match onboarding's DelegatedTask."""

    category: str
    label: str
    hours_per_week: Decimal
    turnaround: str
    skills: str


def role_delegated_categories(*, firm: Firm, engagement: Engagement) -> list[DelegatedCategory]:
    """The role's ticked categories in order, or [] when the engagement has no role yet."""
    role = role_definition_for(firm=firm, engagement=engagement)
    if role is None:
        return []
    return [
        DelegatedCategory(r.category, r.label, r.hours_per_week, r.turnaround, r.skills)
        for r in role_rows(role)
    ]


def role_turnaround_targets(*, firm: Firm, engagement: Engagement) -> dict[str, str]:
    """Category → the turnaround the role promises, for the plan's "Defining success" track."""
    return {
        c.category: c.turnaround
        for c in role_delegated_categories(firm=firm, engagement=engagement)
        if c.turnaround
    }
