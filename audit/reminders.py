"""Daily nudge: a participant with nothing logged by the end of their working day gets one email.

The beat job calls `plan` every 15 minutes for every firm. Each nudge is a Reminder row keyed by
person and local date, so retries and a second beat process cannot plan (or send) it twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from audit.models import AuditParticipant, AuditPeriod, TaskEntry
from firmops.messaging.reminders import reminder_plan
from firmops.models import Firm, Membership, Reminder, Stage
from firmops.permissions import STAFF
from firmops.tenancy import firm_scope

KIND = "audit.log_nudge"
WEEKEND = (5, 6)  # Saturday, Sunday: not a working day, so no nudge


def nudge_key(user_id: int, local_date: dt.date) -> str:
    return f"{user_id}:{local_date:%Y-%m-%d}"


def plan(firm: Firm, now: dt.datetime) -> int:
    """Plan today's nudges for participants whose working day has ended with nothing logged."""
    planned = 0
    with firm_scope(firm):
        utc_day = now.date()
        # Every local date on earth is within a day of UTC's; the exact check is per person below.
        periods = [
            p
            # A historical period is filled by an import: nobody is nudged to log into it.
            for p in AuditPeriod.objects.filter(
                starts_on__lte=utc_day + dt.timedelta(days=1), historical=False
            )
            .exclude(engagement__stage=Stage.CLOSED)  # a closed engagement asks nobody to log
            .select_related("engagement")
            if p.ends_on >= utc_day - dt.timedelta(days=1)
        ]
        if not periods:
            return 0
        staff = set(
            Membership.objects.filter(is_active=True, role__in=STAFF).values_list("user_id", flat=True)
        )
        participants = list(
            AuditParticipant.objects.filter(period__in=periods, user_id__in=staff)
            .select_related("user")
            .order_by("pk")
        )
        logged = set(
            TaskEntry.objects.filter(
                performer_id__in=[p.user_id for p in participants],
                performed_on__range=(utc_day - dt.timedelta(days=1), utc_day + dt.timedelta(days=1)),
            )
            .values_list("performer_id", "performed_on")
            .distinct()
        )
        planned_keys = set(
            Reminder.objects.filter(kind=KIND, due_at__gte=now - dt.timedelta(days=2)).values_list(
                "dedupe_key", flat=True
            )
        )
        by_period = {p.pk: p for p in periods}
        end_of_day = firm.core_hours_end
        if isinstance(
            end_of_day, str
        ):  # a Firm built in code and not reloaded still holds the default "17:00"
            end_of_day = dt.time.fromisoformat(end_of_day)
        for participant in participants:
            user = participant.user
            local = now.astimezone(firm.zone_of(user))
            day = local.date()
            period = by_period[participant.period_id]
            if not period.is_open_on(day) or day.weekday() in WEEKEND or local.time() < end_of_day:
                continue
            key = nudge_key(user.pk, day)
            if (user.pk, day) in logged or f"{KIND}:{key}" in planned_keys:
                continue
            reminder = reminder_plan(
                firm=firm,
                kind=KIND,
                key=key,
                to=user,
                subject=f"{firm.name}: log today's tasks for the audit week",
                body=_body(firm=firm, user=user, period=period, day=day),
                due_at=now,
                url=reverse("audit:log", kwargs={"firm_slug": firm.slug, "period_id": period.pk}),
            )
            planned_keys.add(f"{KIND}:{key}")
            planned += reminder is not None
    return planned


def _body(*, firm: Firm, user, period: AuditPeriod, day: dt.date) -> str:
    url = settings.SITE_URL.rstrip("/") + reverse(
        "audit:log", kwargs={"firm_slug": firm.slug, "period_id": period.pk}
    )
    return (
        f"Hello {user.display_name},\n\n"
        f"You have not logged any tasks for {day:%A, %B %-d} yet. {firm.name} is running an audit week for "
        f"“{period.engagement.name}” ({period.starts_on:%b %-d} – {period.ends_on:%b %-d}) "
        "to find the work that eats "
        "attorney time.\n\n"
        f"It takes a minute — one line per task, Enter to save:\n{url}\n\n"
        "You get at most one of these a day, and none once you have logged something.\n"
    )
