"""The onboarding reminder planner: items due tomorrow, one email per owner per day."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.conf import settings
from django.urls import reverse

from firmops.messaging.reminders import reminder_plan
from firmops.models import Firm
from firmops.tenancy import firm_scope
from onboarding.selectors import items_due_on

KIND = "onboarding.due_tomorrow"


def plan_due_tomorrow(firm: Firm, now: datetime.datetime) -> int:
    """One email to each owner of items due tomorrow (the firm's tomorrow), sent as its day starts."""
    tomorrow = firm.today(now) + datetime.timedelta(days=1)
    local_start = datetime.datetime.combine(
        tomorrow - datetime.timedelta(days=1), firm.core_hours_start, tzinfo=firm.zone
    )
    due_at = max(now, local_start)
    planned = 0
    with firm_scope(firm):
        items = list(items_due_on(firm=firm, day=tomorrow))
    for owner, group in groupby(items, key=lambda i: i.owner):
        group = list(group)
        lines = []
        for item in group:
            url = settings.SITE_URL + reverse(
                "onboarding:plan", kwargs={"firm_slug": firm.slug, "engagement_id": item.plan.engagement_id}
            )
            lines.append(
                f"- {item.title}\n  ({item.plan.engagement.name}, day {item.day}) {url}#item-{item.pk}"
            )
        count = len(group)
        plural = "s" if count != 1 else ""
        subject = f"{count} onboarding item{plural} due tomorrow, {tomorrow:%a %b} {tomorrow.day}"
        body = (
            f"Hello {owner.display_name},\n\nThese items of the 30-day onboarding plan at {firm.name} "
            "are yours and due "
            f"tomorrow ({tomorrow:%A, %B} {tomorrow.day}):\n\n"
            + "\n".join(lines)
            + "\n\nTick them done in firmops when they are.\n"
        )
        if reminder_plan(
            firm=firm,
            kind=KIND,
            key=f"{owner.pk}:{tomorrow.isoformat()}",
            to=owner,
            subject=subject,
            body=body,
            due_at=due_at,
            url=reverse(
                "onboarding:plan",
                kwargs={"firm_slug": firm.slug, "engagement_id": group[0].plan.engagement_id},
            ),
        ):
            planned += 1
    return planned


def register() -> None:
    from firmops.messaging.reminders import register_planner

    register_planner(KIND, plan_due_tomorrow)
