"""The check-in calendar as iCalendar text (RFC 5545) by hand: escaping, UTC times, 75-octet folding."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

from firmops.messaging.ics import escape_text as escape
from firmops.messaging.ics import fold
from performance.checkins import Agenda
from performance.models import CheckIn

PRODID = "-//firmops//performance check-ins//EN"


def stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(*, name: str, events: Iterable[tuple[CheckIn, Agenda]], now: datetime, host: str = "") -> str:
    """A VCALENDAR of check-ins; each event carries its agenda, and a moved one a higher SEQUENCE."""
    host = host or settings.SITE_URL.split("//")[-1].split("/")[0] or "firmops"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for checkin, agenda in events:
        status = "CANCELLED" if checkin.status == CheckIn.Status.CANCELLED else "CONFIRMED"
        lines += [
            "BEGIN:VEVENT",
            f"UID:checkin-{checkin.firm_id}-{checkin.pk}@{host}",
            f"DTSTAMP:{stamp(now)}",
            f"DTSTART:{stamp(checkin.scheduled_at)}",
            f"DTEND:{stamp(checkin.ends_at)}",
            f"SEQUENCE:{checkin.revision}",
            f"STATUS:{status}",
            f"SUMMARY:{escape(f'Check-in {checkin.sequence}: {checkin.engagement.name}')}",
            f"DESCRIPTION:{escape(agenda.as_text())}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
