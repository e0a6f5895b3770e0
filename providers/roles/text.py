"""The job description as plain text: to paste into a provider's portal or an email.

The provider version leaves the budget out (what the firm is prepared to pay, and what the attorney
time costs, are the firm's business); the firm's version carries it.
"""

from __future__ import annotations

from decimal import Decimal

from firmops.models import Firm
from providers.models import RoleDefinition
from providers.roles.selectors import Budget, core_hours_text, role_core_hours, role_rows

PROVIDER, FIRM = "provider", "firm"


def _h(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1')).normalize():f}"


def _money(value: Decimal) -> str:
    return f"${value:,.0f}"


def lines_of(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def role_plain_text(*, firm: Firm, role: RoleDefinition, budget: Budget | None = None) -> str:
    """One plain-text page; pass a budget for the firm's own copy."""
    rows = role_rows(role)
    total = sum((r.hours_per_week for r in rows), Decimal("0"))
    out = [role.title, f"{firm.name} · {role.engagement.name}", ""]
    if role.summary:
        out += [role.summary, ""]
    out.append(f"THE WORK (about {_h(total)} hours a week)")
    for r in rows:
        out.append(f"- {r.label}: about {_h(r.hours_per_week)} hours a week")
        if r.skills:
            out.append(f"  Skills: {r.skills}")
        if r.turnaround:
            out.append(f"  Turnaround: {r.turnaround}")
    out += [
        "",
        "WORKING HOURS",
        f"Available during the firm's core hours, {core_hours_text(role)} "
        f"({_h(role_core_hours(role))} hours a day), for calls, questions and hand-offs.",
    ]
    tools = lines_of(role.tools)
    if tools:
        out += ["", "TOOLS", *[f"- {t}" for t in tools]]
    security = lines_of(role.security)
    if security:
        out += ["", "SECURITY", *[f"- {s}" for s in security]]
    out += ["", "REPORTING"]
    if role.assigns_work:
        out.append(f"Work is assigned by: {role.assigns_work.display_name}")
    if role.answers_questions:
        out.append(f"Case questions go to: {role.answers_questions.display_name}")
    if role.reporting_notes:
        out.append(role.reporting_notes)
    if budget is not None:
        out += [
            "",
            "BUDGET (internal: not in the provider version)",
            f"At ${budget.rate}/h ({budget.rate_source}): {_money(budget.monthly_cost)} a month for "
            f"{_h(budget.monthly_hours)} hours.",
            f"Budget rate: ${budget.budget_rate}/h.",
            f"Attorney time it replaces: {_h(budget.attorney_hours_per_week)} hours a week at "
            f"${budget.attorney_rate}/h = {_money(budget.attorney_monthly_cost)} a month.",
        ]
    return "\n".join(out).rstrip() + "\n"
