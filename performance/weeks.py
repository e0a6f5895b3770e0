"""Weeks in the firm's time zone: every weekly figure starts on a local Monday at midnight."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import DateField
from django.db.models.functions import Trunc

from firmops.models import Firm


def monday(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def local_midnight(firm: Firm, day: date) -> datetime:
    """Midnight starting `day` in the firm's zone, as an aware UTC datetime."""
    return datetime.combine(day, time(0), tzinfo=firm.zone).astimezone(UTC)


def local_wall_clock(zone: zoneinfo.ZoneInfo, day: date, at: time) -> datetime:
    """A local wall-clock time on a day, converted to UTC for that day's own offset (DST-safe)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def weeks_ending(last: date, count: int) -> list[date]:
    """`count` Mondays, oldest first, the last one being the week of `last`."""
    end = monday(last)
    return [end - timedelta(weeks=count - 1 - i) for i in range(count)]


def last_completed_week(firm: Firm, now: datetime) -> date:
    """Monday of the most recent week that has fully ended in the firm's zone."""
    return monday(firm.today(now)) - timedelta(weeks=1)


def week_of(field: str, firm: Firm) -> Trunc:
    """SQL: the local Monday of a datetime column, as one GROUP BY key."""
    return Trunc(field, "week", output_field=DateField(), tzinfo=firm.zone)
