"""Which provider model fits the work, and how many hours a day a provider overlaps the firm's day."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from audit.selectors import Bucket, hit_list, latest_period
from firmops.models import Engagement, Firm
from providers.models import ProviderModel

# The guide's "Outsourcing Model Showdown", shown beside the add-provider form.
MODEL_COMPARISON: list[tuple[str, str, str]] = [
    (
        "Selection process",
        "You interview and pick your own dedicated professional. It's your call.",
        "The LPO assigns personnel. You get who you get.",
    ),
    (
        "Relationship",
        "Direct, one-on-one. They become part of your team.",
        "Impersonal. You talk to a project manager, not the actual team.",
    ),
    (
        "Flexibility",
        "High. Scale up or down with specific individuals as needed.",
        "Low. Designed for large, fixed-scope projects.",
    ),
    (
        "Talent pool",
        "Vetted, experienced professionals, often from your jurisdiction.",
        "Often large teams of junior staff, frequently offshore.",
    ),
    (
        "Ideal for",
        "Ongoing support, specialised tasks, direct team integration.",
        "High-volume, commoditised work (e.g. mass document review).",
    ),
]
FREELANCER_NOTE = (
    "An independent freelancer from a generic site is not pre-vetted: you screen resumes, run the interviews "
    "and check references yourself, which costs more partner time than a platform's premium."
)

# Work that calls for a trained person who learns the firm's matters, versus bulk work a team can churn.
SPECIALISED = {
    "legal_research",
    "document_drafting",
    "discovery_drafting",
    "deposition_summaries",
    "deposition_prep",
    "medical_summaries",
    "trial_exhibits",
    "cite_checking",
}
COMMODITISED = {"document_review", "data_entry", "transcription", "file_management"}
LPO_MIN_SHARE = Decimal("0.6")  # one category holds this share of the outsourceable hours...
LPO_MIN_WEEKLY_HOURS = Decimal("20")  # ...and is at least this big a week
MANY_CATEGORIES = 3
NOTABLE_SHARE = Decimal("0.1")


@dataclass(frozen=True)
class HintCategory:
    label: str
    weekly_hours: Decimal
    share: Decimal  # of outsourceable hours, 0..1

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass(frozen=True)
class FitHint:
    """A model suggestion with the figures behind it; `model` is blank when the audit can't tell yet."""

    model: str
    headline: str
    reasons: list[str] = field(default_factory=list)
    weekly_hours: Decimal = Decimal("0")
    categories: list[HintCategory] = field(default_factory=list)

    @property
    def model_label(self) -> str:
        return ProviderModel(self.model).label if self.model else ""


def fit_hint(*, firm: Firm, engagement: Engagement) -> FitHint:
    """Suggest a platform or an LPO from the engagement's latest hit list."""
    period = latest_period(firm=firm, engagement=engagement)
    if period is None:
        return FitHint(
            "", "No audit yet", ["Run the audit week for this engagement: the hint comes from its hit list."]
        )
    rows = [r for r in hit_list(firm=firm, period=period) if r.bucket == Bucket.OUTSOURCEABLE and r.hours > 0]
    if not rows:
        return FitHint(
            "",
            "No outsourceable work logged yet",
            ["The hint appears once the audit logs outsourceable tasks."],
        )
    weeks = Decimal(period.days) / 7
    total = sum((r.hours for r in rows), Decimal("0"))
    categories = sorted(
        (HintCategory(r.label, (r.hours / weeks).quantize(Decimal("0.1")), r.hours / total) for r in rows),
        key=lambda c: -c.share,
    )
    by_label = {r.label: r for r in rows}
    weekly = (total / weeks).quantize(Decimal("0.1"))
    top = categories[0]
    top_row = by_label[top.label]
    if (
        top_row.category in COMMODITISED
        and top.share >= LPO_MIN_SHARE
        and top.weekly_hours >= LPO_MIN_WEEKLY_HOURS
    ):
        return FitHint(
            ProviderModel.TRADITIONAL_LPO,
            "High-volume, commoditised work: a traditional LPO fits",
            [
                f"{top.label} is {top.percent}% of the outsourceable hours ({top.weekly_hours} h a week).",
                "Bulk, fixed-scope work like this is what an LPO's large teams are built for; "
                "check who handles your documents and how they are supervised.",
            ],
            weekly,
            categories,
        )
    notable = [c for c in categories if c.share >= NOTABLE_SHARE]
    specialised = [
        c.label
        for c in categories
        if by_label[c.label].category in SPECIALISED and c.share >= NOTABLE_SHARE / 2
    ]
    reasons = []
    if len(notable) >= MANY_CATEGORIES:
        reasons.append(
            f"The work is spread over {len(notable)} kinds of task: ongoing support from one person who "
            "learns your matters."
        )
    if specialised:
        reasons.append(
            f"Specialised work ({', '.join(specialised)}) needs a professional you interview and choose."
        )
    if not reasons:
        reasons.append(
            f"About {weekly} outsourceable hours a week is a steady workload for a dedicated professional, "
            "not a bulk project."
        )
    return FitHint(
        ProviderModel.TALENT_PLATFORM,
        "Ongoing or specialised support: a talent platform fits",
        reasons,
        weekly,
        categories,
    )


def _as_time(value: datetime.time | str) -> datetime.time:
    """A time field's value; an unsaved default can still be the "09:00" string it was declared with."""
    return value if isinstance(value, datetime.time) else datetime.time.fromisoformat(value)


def _span(day: datetime.date, zone: zoneinfo.ZoneInfo, start: datetime.time | str, end: datetime.time | str):
    """A working day as UTC instants; a day ending at or before it starts runs past midnight."""
    start, end = _as_time(start), _as_time(end)
    begins = datetime.datetime.combine(day, start, tzinfo=zone)
    ends = datetime.datetime.combine(
        day if end > start else day + datetime.timedelta(days=1), end, tzinfo=zone
    )
    return begins.astimezone(datetime.UTC), ends.astimezone(datetime.UTC)


def overlap_hours(
    *,
    firm: Firm,
    time_zone: str,
    work_start: datetime.time,
    work_end: datetime.time,
    on: datetime.date,
    core: tuple[str, datetime.time, datetime.time] | None = None,
) -> Decimal:
    """Hours of someone's working day inside the firm's core hours (or a role's `core`: zone, start, end)."""
    core_zone, core_start, core_end = core or (firm.time_zone, firm.core_hours_start, firm.core_hours_end)
    firm_start, firm_end = _span(on, zoneinfo.ZoneInfo(core_zone), core_start, core_end)
    zone = zoneinfo.ZoneInfo(time_zone)
    seconds = 0.0
    # Their working days that start the day before, of, or after: far time zones shift across midnight.
    for offset in (-1, 0, 1):
        start, end = _span(on + datetime.timedelta(days=offset), zone, work_start, work_end)
        seconds += max(0.0, (min(firm_end, end) - max(firm_start, start)).total_seconds())
    return (Decimal(seconds) / 3600).quantize(Decimal("0.1"))
