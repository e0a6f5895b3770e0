"""What stops when an engagement is closed: the words of the confirmation step before the move.

The core names what each phase does for an engagement that is not closed (the beat jobs read the stage),
so the partner reads it before the click that ends them, not afterwards in a quiet inbox.
"""

from __future__ import annotations

from firmops.models import Engagement, Stage


def closing_outlook(*, engagement: Engagement) -> tuple[str, list[str]]:
    """The lead and the consequences of moving this engagement to Closed."""
    lead = (
        f"Close {engagement.name}? It moves from {engagement.get_stage_display()} to Closed, the end of the "
        "line: the reminders and reports below stop, and nothing new can start on it."
    )
    stops = [
        "Check-ins: no new biweekly check-ins are scheduled and no check-in reminders are planned.",
        "The weekly report is no longer emailed on Monday mornings, and scaling signals are no longer "
        "evaluated.",
        "Onboarding: plan items get no more due-date reminders and leave the overdue list.",
        "Audit: nobody is nudged to log tasks into its audit weeks or sent to them from their home page; "
        "no new audit period and no new selection can be started on it.",
    ]
    if engagement.external_user_id:
        who = engagement.external_user.get_full_name() or engagement.external_user.email
        stops.append(
            f"{who}, the outsourced professional, loses access at once: every session of theirs is "
            "signed out and their membership ends (unless they still work on another open engagement "
            "of the firm)."
        )
    stops.append(
        "An exit checklist opens for ops on this engagement: each system's access removed, the firm's "
        "files returned, the NDA's obligations reminded."
    )
    stops.append(
        "Everything recorded stays: entries, answers, plans, hours and this history. A partner can move "
        "it back to an earlier stage later, with a reason."
    )
    return lead, stops


def is_closing(*, engagement: Engagement, to_stage: str) -> bool:
    return to_stage == Stage.CLOSED and engagement.stage != Stage.CLOSED
