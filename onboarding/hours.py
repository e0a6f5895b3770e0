"""The core hours a firm and its outsourced professional share, worked out from both time zones."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class SharedHours:
    """The overlap of two working days on a given date, shown in both zones."""

    firm_zone: str
    other_zone: str
    start: datetime.datetime | None  # UTC; None: no overlap
    end: datetime.datetime | None

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60) if self.start else 0

    def _span(self, zone: str) -> str:
        tz = zoneinfo.ZoneInfo(zone)
        return f"{self.start.astimezone(tz):%H:%M}–{self.end.astimezone(tz):%H:%M} {zone}"

    @property
    def firm_span(self) -> str:
        return self._span(self.firm_zone) if self.start else ""

    @property
    def other_span(self) -> str:
        return self._span(self.other_zone) if self.start else ""

    @property
    def huddle_time(self) -> str:
        """When the daily huddle happens: the start of the overlap, in both zones."""
        if not self.start:
            return "a time agreed in writing (no shared hours)"
        firm = f"{self.start.astimezone(zoneinfo.ZoneInfo(self.firm_zone)):%H:%M} {self.firm_zone}"
        if self.firm_zone == self.other_zone:
            return firm
        return f"{firm} ({self.start.astimezone(zoneinfo.ZoneInfo(self.other_zone)):%H:%M} {self.other_zone})"

    def __str__(self) -> str:
        if not self.start:
            return (
                f"no shared working hours between {self.firm_zone} and {self.other_zone}: hand off in writing"
            )
        if self.firm_zone == self.other_zone:
            return f"{self.firm_span} (same time zone)"
        return f"{self.firm_span} = {self.other_span}"


def _window(
    day: datetime.date, start: datetime.time, end: datetime.time, zone: str
) -> tuple[datetime.datetime, datetime.datetime]:
    tz = zoneinfo.ZoneInfo(zone)
    begin = datetime.datetime.combine(day, start, tzinfo=tz)
    finish = datetime.datetime.combine(day if end > start else day + DAY, end, tzinfo=tz)
    return begin.astimezone(datetime.UTC), finish.astimezone(datetime.UTC)


def shared_core_hours(
    *,
    on: datetime.date,
    firm_zone: str,
    firm_start: datetime.time,
    firm_end: datetime.time,
    other_zone: str,
    other_start: datetime.time,
    other_end: datetime.time,
) -> SharedHours:
    """The longest overlap of the firm's working day on `on` with the other side's nearest working day.

    Dates matter: daylight-saving changes move the overlap, so it is computed for a real day.
    """
    firm_from, firm_to = _window(on, firm_start, firm_end, firm_zone)
    best: tuple[datetime.datetime, datetime.datetime] | None = None
    for shift in (-1, 0, 1):  # the other side's day may start on the previous or next calendar date
        other_from, other_to = _window(on + shift * DAY, other_start, other_end, other_zone)
        start, end = max(firm_from, other_from), min(firm_to, other_to)
        if end > start and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
    return SharedHours(firm_zone, other_zone, *(best or (None, None)))
