"""How each candidate of the comparison fits the role: overlap with its core hours, rate against its
budget, and the skills they name for each delegated category."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from firmops.models import Firm
from providers.models import Professional, Provider, RoleDefinition
from providers.roles.defaults import names_category
from providers.roles.selectors import role_core_hours, role_rows
from providers.selection.guidance import overlap_hours
from providers.selection.selectors import Comparison


@dataclass(frozen=True)
class SkillMatch:
    category: str
    label: str
    named: list[str]  # the candidate's listed skills that name this work


@dataclass(frozen=True)
class CandidateFit:
    """How one candidate fits the role: overlap with its core hours, rate against budget, skills named."""

    professional: Professional
    provider: Provider
    overlap: Decimal
    core_hours: Decimal
    within_budget: bool
    skills: list[SkillMatch]

    @property
    def full_overlap(self) -> bool:
        return self.overlap >= self.core_hours

    @property
    def named_count(self) -> int:
        return sum(1 for s in self.skills if s.named)


def role_fit(
    *, firm: Firm, role: RoleDefinition, comparison: Comparison, on: datetime.date | None = None
) -> list[CandidateFit]:
    """Every candidate of the comparison measured against the role, in the comparison's order."""
    on = on or firm.today()
    core = (role.time_zone, role.core_hours_start, role.core_hours_end)
    length = role_core_hours(role)
    rows = role_rows(role)
    fits = []
    for column in comparison.columns:
        for candidate in column.candidates:
            pro = candidate.professional
            fits.append(
                CandidateFit(
                    professional=pro,
                    provider=column.provider,
                    overlap=overlap_hours(
                        firm=firm,
                        time_zone=pro.time_zone,
                        work_start=pro.work_start,
                        work_end=pro.work_end,
                        on=on,
                        core=core,
                    ),
                    core_hours=length,
                    within_budget=pro.hourly_rate <= role.budget_rate,
                    skills=[
                        SkillMatch(
                            r.category,
                            r.label,
                            [s for s in pro.skill_list if names_category(s, r.category)],
                        )
                        for r in rows
                    ],
                )
            )
    return fits
