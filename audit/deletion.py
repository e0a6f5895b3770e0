"""What follows from deleting task entries: the words of the confirmation step (one entry from the
quick log, or many ticked on the entries page), so a mistaken tap never takes hours off the hit list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from audit.classifier import category_label
from audit.models import Bucket, TaskEntry
from audit.templatetags.audit_tags import hours_minutes

LISTED = 10  # entries named on the page; the rest are counted


@dataclass(frozen=True)
class Outlook:
    lead: str
    consequences: list[str]
    entries: list[str]  # what is deleted, one line an entry (up to LISTED, then "… and N more")


def _line(entry: TaskEntry) -> str:
    who = entry.who
    return f"{entry.performed_on:%a %b %-d}: “{entry.description}”, {hours_minutes(entry.minutes)}" + (
        f", {who}" if who else ""
    )


def _bucket_line(bucket: str, entries: list[TaskEntry]) -> str:
    total = hours_minutes(sum(e.minutes for e in entries))
    if bucket == Bucket.OUTSOURCEABLE:
        by_category: dict[str, int] = defaultdict(int)
        for e in entries:
            by_category[e.category] += e.minutes
        parts = ", ".join(
            f"{category_label(c)} {hours_minutes(m)}"
            for c, m in sorted(by_category.items(), key=lambda item: -item[1])
        )
        return (
            f"The hit list loses {total} of outsourceable work ({parts}), and any recoverable dollars "
            "they carried."
        )
    if bucket == Bucket.CORE:
        return f"The core work on the hit list loses {total}."
    return f"The hours not yet sorted lose {total}: nobody needs to review them any more."


def deletion_outlook(entries: Sequence[TaskEntry]) -> Outlook:
    """What deleting these entries takes away, in the words of the audit's pages."""
    count, minutes = len(entries), sum(e.minutes for e in entries)
    if count == 1:
        lead = (
            f"Delete “{entries[0].description}” ({hours_minutes(minutes)})? "
            "A deleted entry cannot be restored."
        )
    else:
        days = sorted({e.performed_on for e in entries})
        people = {e.who for e in entries}
        span = f"{days[0]:%b %-d}" if len(days) == 1 else f"{days[0]:%b %-d} to {days[-1]:%b %-d}"
        lead = (
            f"Delete {count} entries, {hours_minutes(minutes)} in all, logged by "
            f"{len(people)} {'person' if len(people) == 1 else 'people'} on {span}? "
            "Deleted entries cannot be restored."
        )
    by_bucket: dict[str, list[TaskEntry]] = defaultdict(list)
    for e in entries:
        by_bucket[e.bucket].append(e)
    consequences = [_bucket_line(b, by_bucket[b]) for b in Bucket.values if b in by_bucket]
    if count == 1:
        consequences.append(
            f"The {entries[0].performed_on:%a %b %-d} total on the quick log drops by "
            f"{hours_minutes(minutes)}."
        )
        consequences.append("The audit trail keeps a record of the deletion, with your name.")
    else:
        consequences.append("Each person's day totals on the quick log drop by what is deleted.")
        consequences.append("The audit trail keeps a record of each deletion, with your name.")
    lines = [_line(e) for e in entries[:LISTED]]
    if count > LISTED:
        lines.append(f"… and {count - LISTED} more")
    return Outlook(lead, consequences, lines)
