"""The check-in calendar as iCalendar text (RFC 5545) by hand: escaping, UTC times, 75-octet folding."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

from performance.checkins import Agenda
from performance.models import CheckIn

PRODID = "-//firmops//performance check-ins//EN"


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character (§3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with one space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


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
