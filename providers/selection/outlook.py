"""What follows from confirming a professional after the trial, or asking for a replacement: the
words of the confirmation step, so a partner never ends a trial or someone's access by one click."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from firmops.models import Firm, Stage
from providers.models import Selection


@dataclass(frozen=True)
class Outlook:
    lead: str
    consequences: list[str]


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _trial_state(firm: Firm, selection: Selection, today: datetime.date) -> tuple[str, int]:
    """A sentence on where the trial stands, and the days left in it (0 when it has ended)."""
    ends = selection.trial_ends_on  # the date the rest of the page shows
    started = ends - datetime.timedelta(days=selection.trial_days)
    left = (ends - today).days
    if left <= 0:
        return f"The {selection.trial_days}-day trial ended on {ends:%b %-d, %Y}.", 0
    day = max(0, selection.trial_days - left)
    left = min(left, selection.trial_days)
    return (
        f"The {selection.trial_days}-day trial started on {started:%b %-d} and ends on {ends:%b %-d, %Y}: "
        f"it has not ended (day {day} of {selection.trial_days}).",
        left,
    )


def confirmation_outlook(*, firm: Firm, selection: Selection, today: datetime.date | None = None) -> Outlook:
    """Confirming keeps the professional; before the trial's end it gives up the days left of it."""
    today = today or firm.today()
    who = f"{selection.professional.name} ({selection.provider.name})"
    state, left = _trial_state(firm, selection, today)
    if left:
        lead = f"{state} Confirming {who} now ends the trial {_days(left)} early."
    else:
        lead = f"{state} Confirming keeps {who} on {selection.engagement.name}."
    consequences = [f"{who} is recorded as confirmed, with your name and today's date."]
    if left:
        consequences.append(
            f"The trial's last {_days(left)} are given up: a replacement you ask for after confirming is "
            "no longer under the provider's trial guarantee."
        )
    consequences.append("The reminder before the trial's end is cancelled.")
    consequences.append("You can still request a replacement later from this page.")
    return Outlook(lead, consequences)


def replacement_outlook(
    *, firm: Firm, selection: Selection, reason: str, today: datetime.date | None = None
) -> Outlook:
    """A replacement ends the professional's part in the engagement and sends it back to vetting."""
    today = today or firm.today()
    professional, provider, engagement = selection.professional, selection.provider, selection.engagement
    state, left = _trial_state(firm, selection, today)
    if selection.status == Selection.Status.TRIAL and left:
        guarantee = f"{state} The request falls within the trial."
    elif selection.status == Selection.Status.TRIAL:
        guarantee = f"{state} The request comes after the trial."
    else:
        guarantee = f"{professional.name} was confirmed after the trial; this request is outside it."
    lead = (
        f"Request a replacement for {professional.name} of {provider.name} on {engagement.name}? {guarantee}"
    )
    if professional.user_id and engagement.external_user_id == professional.user_id:
        access = (
            f"{professional.name}'s access ends now: they no longer see {engagement.name}'s plan, "
            "How We Work guide, check-ins or work items; every session of theirs is signed out and "
            "their membership ends (unless they still work on another open engagement of the firm)."
        )
    else:
        access = f"{professional.name} has no firmops sign-in on {engagement.name}, so no access changes."
    consequences = [
        f"{professional.name} is marked replaced; the selection stays in the history.",
        access,
        "An exit checklist opens for ops: each system's access removed, the firm's files returned, "
        "the NDA's obligations reminded.",
    ]
    if engagement.stage != Stage.VETTING:
        consequences.append(
            f"{engagement.name} goes back from {engagement.get_stage_display()} to Vetting, to choose "
            "someone else."
        )
    if provider.contact_email:
        consequences.append(
            f"{provider.name} is emailed at {provider.contact_email} to propose another professional, "
            f"with your reason: “{reason}”."
        )
    else:
        consequences.append(f"{provider.name} has no contact email on file: tell them yourself.")
    if selection.status == Selection.Status.TRIAL:
        consequences.append("The reminder before the trial's end is cancelled.")
    return Outlook(lead, consequences)


def trial_end_outlook(
    *, firm: Firm, selection: Selection, reason: str, today: datetime.date | None = None
) -> Outlook:
    """Ending the trial without confirming stops here: the professional's access ends, no one is asked
    to replace them, and the engagement goes back to vetting."""
    today = today or firm.today()
    professional, provider, engagement = selection.professional, selection.provider, selection.engagement
    state, _ = _trial_state(firm, selection, today)
    lead = (
        f"End the trial of {professional.name} of {provider.name} on {engagement.name} without confirming? "
        f"{state}"
    )
    consequences = [
        f"{professional.name} is marked declined; the selection stays in the history as a trial ended "
        "without confirming.",
    ]
    if professional.user_id and engagement.external_user_id == professional.user_id:
        consequences.append(
            f"{professional.name}'s access ends now: every session of theirs is signed out and their "
            "membership ends (unless they still work on another open engagement of the firm)."
        )
    consequences.append(
        "An exit checklist opens for ops: each system's access removed, the firm's files returned, "
        "the NDA's obligations reminded."
    )
    if engagement.stage != Stage.VETTING:
        consequences.append(
            f"{engagement.name} goes back from {engagement.get_stage_display()} to Vetting; no replacement "
            "is requested (use “Request a replacement” for that)."
        )
    if provider.contact_email:
        consequences.append(
            f"{provider.name} is emailed at {provider.contact_email} that the trial ended, with your "
            f"reason: “{reason}”."
        )
    return Outlook(lead, consequences)
