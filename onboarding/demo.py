"""Demo onboarding: the demo engagement's 30-day plan (a week in), its guide, a started access checklist."""

from __future__ import annotations

import datetime

from firmops.models import Role
from onboarding import selectors, services
from onboarding.models import AccessCheck, PlanItem
from providers.selectors import access_standing

DEMO_WALKTHROUGH = "https://www.loom.com/share/firmops-demo-walkthrough"


def seed(demo) -> None:
    """Generate the plan and guide once (with placeholders if vetting has not selected anyone); idempotent."""
    firm, engagement = demo.firm, demo.engagement
    services.firm_tools_ensure(firm=firm)
    plan = selectors.plan_for(firm=firm, engagement=engagement)
    pro = selectors.professional_for(firm=firm, engagement=engagement)
    if plan is not None and not (plan.placeholder and not pro.placeholder):
        return  # already seeded, and nothing new to fill in
    fresh = plan is None
    if fresh:  # one recorded walkthrough, for the task at the top of the hit list
        top = next(iter(selectors.delegated_tasks(firm=firm, engagement=engagement)), None)
        services.task_playbook_save(
            firm=firm,
            actor=demo.users[Role.OPS],
            category=top.category if top else "e_filing",
            walkthrough_url=DEMO_WALKTHROUGH,
        )
    starts_on = firm.today() - datetime.timedelta(days=7) if fresh else None
    result = services.plan_generate(
        firm=firm,
        actor=demo.users[Role.OPS],
        engagement=engagement,
        starts_on=starts_on,
        day_start=datetime.time(8),
        day_end=datetime.time(16),
    )
    if not fresh:
        return
    # A week in: the first days are mostly done, one item is overdue, the NDA and accounts are in place.
    items = PlanItem.objects.for_firm(firm).filter(plan=result.plan, day__lte=5).order_by("day", "position")
    for index, item in enumerate(items):
        if index % 4 != 3:
            item.done, item.done_by = True, item.owner
            item.done_at = datetime.datetime.combine(item.due_on, datetime.time(15), tzinfo=firm.zone)
            item.notes = "Signed copy filed with the engagement records." if item.key == "nda-signed" else ""
            item.save(update_fields=["done", "done_by", "done_at", "notes"])
    nda = access_standing(firm=firm, engagement=engagement).nda
    for check in AccessCheck.objects.for_firm(firm).filter(plan=result.plan)[:3]:
        check.named_account = check.mfa_enabled = True
        check.nda_document = nda
        check.least_privilege = check.position == 0
        check.updated_by = demo.users[Role.OPS]
        check.save()
