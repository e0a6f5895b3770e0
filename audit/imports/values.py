"""Cell values as firms' exports write them: dates, durations, money, yes/no and job titles.

Each parser returns the value, or raises `BadValue` with a message naming what it expected, so the
readers can say "line 7: date '13/02/2026' is not a US month/day/year date".
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from audit.models import MAX_MINUTES

MAX_RATE = Decimal("999999.99")  # TaskEntry.hourly_cost: 8 digits, 2 decimals


class BadValue(ValueError):
    """A cell that does not hold what its column promises; the message says what was expected."""


# --- dates ---------------------------------------------------------------------------------------

ISO, US, LEDES = "iso", "us", "ledes"
DATE_FORMATS = {
    ISO: "ISO year-month-day (2026-03-04)",
    US: "US month/day/year (3/4/2026 is March 4, 2026)",
    LEDES: "LEDES YYYYMMDD (20260304)",
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?$")
_LEDES = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str, fmt: str | None = None) -> dt.date:
    """A day from 2026-03-04 (ISO) or 3/4/2026 (US month/day/year), or 20260304 when fmt is LEDES.

    Year-first dates cannot be misread, so they are read in any file; a slash date is always US.
    """
    value = text.strip()
    if not value:
        raise BadValue("date is missing")
    if fmt == LEDES:
        match, order = _LEDES.match(value), "ymd"
    else:
        match, order = _ISO.match(value), "ymd"
        if match is None:
            match, order = _US.match(value), "mdy"
    if match is None:
        expected = DATE_FORMATS[LEDES] if fmt == LEDES else f"{DATE_FORMATS[ISO]} or {DATE_FORMATS[US]}"
        raise BadValue(f"date {value!r} is not a date in {expected} form")
    parts = [int(p) for p in match.groups()[:3]]
    if order == "mdy":
        month, day, year = parts
        year += 2000 if year < 100 else 0  # two-digit years in exports are this century's
    else:
        year, month, day = parts
    try:
        return dt.date(year, month, day)
    except ValueError:
        hint = (
            " (is the file day/month/year? firmops reads US month/day/year)"
            if order == "mdy" and month > 12 >= day
            else ""
        )
        raise BadValue(f"date {value!r} is not a real day{hint}") from None


def date_form(text: str) -> str | None:
    """Which form a date cell is in (ISO or US), for telling the user how the file was read."""
    value = text.strip()
    return ISO if _ISO.match(value) else US if _US.match(value) else None


# --- durations -----------------------------------------------------------------------------------

HOURS, MINUTES, HMM = "hours", "minutes", "hmm"
DURATION_UNITS = {HOURS: "hours (1.5)", MINUTES: "minutes (90)", HMM: "hours:minutes (1:30)"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")  # 1,250.50; a lone comma (1,5) is refused
_CLOCK = re.compile(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")


def parse_number(text: str, what: str) -> Decimal:
    value = text.strip()
    if _THOUSANDS.match(value):
        value = value.replace(",", "")
    if not _NUMBER.match(value):
        raise BadValue(f"{what} {text.strip()!r} is not a number" if text.strip() else f"{what} is missing")
    return Decimal(value)


def minutes_from_hours(hours: Decimal) -> int:
    return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_minutes(text: str, unit: str) -> int:
    """Minutes from a duration cell: hours, minutes, or h:mm (an h:mm value reads as such in any unit)."""
    value = text.strip()
    clock = _CLOCK.match(value)
    if clock:
        hours, minutes, seconds = (int(p or 0) for p in clock.groups())
        total = hours * 60 + minutes + (1 if seconds >= 30 else 0)
    elif unit == HMM:
        raise BadValue(
            f"duration {value!r} is not hours:minutes like 1:30" if value else "duration is missing"
        )
    else:
        number = parse_number(value, "duration")
        if number < 0:
            raise BadValue(f"duration {value} is negative")
        total = (
            minutes_from_hours(number) if unit == HOURS else int(number.quantize(Decimal(1), ROUND_HALF_UP))
        )
    if total > MAX_MINUTES:
        raise BadValue(f"duration {value} is more than a day; that cannot be one task")
    return total


# --- money, yes/no ------------------------------------------------------------------------


def parse_rate(text: str) -> Decimal | None:
    """An hourly rate like '$350.00' or '1,250'; blank is None (the person's own rate applies)."""
    value = text.strip().replace("$", "").strip()
    if not value:
        return None
    if _THOUSANDS.match(value):
        value = value.replace(",", "")
    if not _NUMBER.match(value):
        raise BadValue(f"rate {text.strip()!r} is not an amount")
    rate = Decimal(value)
    if rate < 0:
        raise BadValue(f"rate {text.strip()} is negative")
    if rate > MAX_RATE:
        raise BadValue(f"rate {text.strip()} is more than {MAX_RATE:,} an hour")
    return rate.quantize(Decimal("0.01"))


_YES = {"yes", "y", "true", "t", "1", "billable", "billed", "x"}
_NO = {"no", "n", "false", "f", "0", "non-billable", "nonbillable", "not billable", "no charge", "unbilled"}


def parse_yes_no(text: str, *, blank: bool) -> bool:
    value = text.strip().lower()
    if not value:
        return blank
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise BadValue(f"billable {text.strip()!r} should be yes or no")


CODE_MAX = 8  # TaskEntry.task_code / activity_code: "L320", "A103"
_CODE = re.compile(r"^[A-Z0-9.\-]+$")


def parse_codes(task: str, activity: str, *, names: tuple[str, str], errors: list[str]) -> tuple[str, str]:
    """A row's task and activity codes; what is wrong with either goes to `errors` (named by `names`)."""
    codes = []
    for text, what in zip((task, activity), names, strict=True):
        try:
            codes.append(parse_code(text, what))
        except BadValue as exc:
            errors.append(str(exc))
            codes.append("")
    return codes[0], codes[1]


def parse_code(text: str, what: str) -> str:
    """A UTBMS task or activity code as stored ("l320 " → "L320"); blank is allowed."""
    value = "".join(text.split()).upper()
    if value and (len(value) > CODE_MAX or not _CODE.match(value)):
        raise BadValue(f"{what} {text.strip()[:40]!r} is not a code like L320 or A103")
    return value
