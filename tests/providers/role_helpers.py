"""Shared by the role-definition tests: a two-week audit log with hand-computable figures, and helpers."""

from __future__ import annotations

from decimal import Decimal

from audit.models import Bucket, TaskEntry
from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.models import RoleDefinition
from providers.roles.selectors import role_definition_for, role_rows

TICKED = ["deposition_summaries", "discovery_drafting", "e_filing"]

# (category, bucket, performer role, minutes) over a TWO-week audit: every figure halves per week.
WEEK_LOG = [
    ("deposition_summaries", Bucket.OUTSOURCEABLE, Role.ATTORNEY, 360),  # 6 h by the attorney
    ("deposition_summaries", Bucket.OUTSOURCEABLE, Role.PARALEGAL, 120),  # + 2 h → 4 h a week, 3 by attorneys
    ("discovery_drafting", Bucket.OUTSOURCEABLE, Role.ATTORNEY, 180),  # 1.5 h a week, all attorney
    ("e_filing", Bucket.OUTSOURCEABLE, Role.PARALEGAL, 120),  # 1 h a week, none attorney
    ("legal_research", Bucket.OUTSOURCEABLE, Role.ATTORNEY, 600),  # 5 h a week: top of the hit list
    ("court_appearance", Bucket.CORE, Role.ATTORNEY, 300),  # core: never ticked
]


def log(firm, period, members, rows) -> None:
    """Log entries as the audit would have classified them (attorneys at $400, staff at $40)."""
    with firm_scope(firm):
        for category, bucket, role, minutes in rows:
            TaskEntry.objects.create(
                firm=firm,
                period=period,
                performer=members[role],
                performer_role=role,
                hourly_cost=Decimal("400") if role == Role.ATTORNEY else Decimal("40"),
                description=category.replace("_", " "),
                minutes=minutes,
                performed_on=period.starts_on,
                bucket=bucket,
                category=category,
                reason="test",
            )


def load(firm, engagement) -> RoleDefinition | None:
    with firm_scope(firm):
        return role_definition_for(firm=firm, engagement=engagement)


def form_data(role: RoleDefinition, **changes) -> dict:
    """The role form as the page fills it in; `changes` overrides fields (category ones as "slug.field")."""
    data = {
        "title": role.title,
        "summary": role.summary,
        "tools": role.tools,
        "time_zone": role.time_zone,
        "core_hours_start": role.core_hours_start.strftime("%H:%M"),
        "core_hours_end": role.core_hours_end.strftime("%H:%M"),
        "security": role.security,
        "assigns_work": role.assigns_work_id or "",
        "answers_questions": role.answers_questions_id or "",
        "reporting_notes": role.reporting_notes,
        "budget_rate": str(role.budget_rate),
    }
    for row in role_rows(role):
        for name in ("label", "hours_per_week", "attorney_hours_per_week", "skills", "turnaround"):
            data[f"{row.category}.{name}"] = str(getattr(row, name))
    return data | changes
