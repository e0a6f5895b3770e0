"""The plan's milestones as an iCalendar file (RFC 5545) for Outlook; written by hand, it is small."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from firmops.messaging.ics import escape_text, fold  # noqa: F401  (re-exported for the plan's callers)
from onboarding.models import Plan, PlanItem


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def plan_calendar(*, plan: Plan, items: Iterable[PlanItem], firm_name: str, host: str, url: str = "") -> str:
    """A VCALENDAR with one all-day VEVENT per item; stable UIDs make a re-import update, not duplicate."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//firmops//Onboarding plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'{firm_name}: 30-day plan for {plan.professional_name}')}",
    ]
    for item in items:
        description = (
            item.body
            + (f"\n\nOwner: {item.owner.display_name}" if item.owner else "")
            + (f"\n{item.link}" if item.link else "")
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:onboarding-{plan.pk}-{item.key.replace(':', '-').replace('#', '-')}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(item.due_on)}",
            f"DTEND;VALUE=DATE:{_date(item.due_on + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape_text(f'Day {item.day}: {item.title}')}",
            f"DESCRIPTION:{escape_text(description.strip())}",
            f"CATEGORIES:{escape_text(item.get_track_display())}",
            "TRANSP:TRANSPARENT",
            "STATUS:CONFIRMED",
        ]
        if url:
            lines.append(f"URL:{url}#item-{item.pk}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
