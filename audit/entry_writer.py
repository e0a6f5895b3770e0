"""Many task entries written at once: classified, costed and inserted in batches (every import's path).

The reader of a file checks its rows and names each bad line; this writer takes rows already
checked, classifies them with the firm's rules (a row's UTBMS codes count as evidence) and inserts
them in batches inside the caller's transaction: the caller decides what all-or-nothing means
and who may import (audit.csv_io, the LEDES and mapped readers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from audit.classifier.firm import FirmRules, firm_rules, verdict_for
from audit.models import AuditPeriod, TaskEntry, Timekeeper
from firmops.bulk import insert_rows
from firmops.models import Firm, User

BATCH = 2000
# The columns a written row fills, in the order EntryWriter builds its tuple.
ENTRY_COLUMNS = (
    "firm",
    "period",
    "performer",
    "timekeeper",
    "performer_role",
    "hourly_cost",
    "description",
    "minutes",
    "performed_on",
    "matter",
    "billable",
    "task_code",
    "activity_code",
    "bucket",
    "category",
    "reason",
    "confidence",
    "override",
    "pattern",
    "logged_by",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One checked task to write. Who did it: a member (performer_id), a timekeeper, or both."""

    period_id: int
    performed_on: dt.date
    description: str
    minutes: int
    performer_role: str
    hourly_cost: Decimal
    performer_id: int | None = None
    timekeeper_id: int | None = None
    matter: str = ""
    billable: bool = False
    task_code: str = ""
    activity_code: str = ""

    @classmethod
    def of_timekeeper(
        cls,
        timekeeper: Timekeeper,
        *,
        firm: Firm,
        period: AuditPeriod,
        performed_on: dt.date,
        description: str,
        minutes: int,
        rate: Decimal | None = None,
        matter: str = "",
        billable: bool = True,
        task_code: str = "",
        activity_code: str = "",
    ) -> EntryRow:
        """A timekeeper's task: the line's rate when the file gives one, else the timekeeper's (or the
        firm's for their role); the timekeeper's role; their member, when matched, as performer."""
        return cls(
            period_id=period.pk,
            performed_on=performed_on,
            description=description,
            minutes=minutes,
            performer_role=timekeeper.role,
            hourly_cost=rate if rate is not None else timekeeper.effective_rate(firm),
            performer_id=timekeeper.member_id,
            timekeeper_id=timekeeper.pk,
            matter=matter,
            billable=billable,
            task_code=code_normalised(task_code),
            activity_code=code_normalised(activity_code),
        )


def code_normalised(code: str) -> str:
    """A UTBMS code as stored: upper case, no spaces ("l320 " → "L320")."""
    return "".join(code.split()).upper()


class EntryWriter:
    """Classify and insert entries in batches; `written` counts the rows inserted so far."""

    def __init__(self, *, firm: Firm, actor: User | None, rules: FirmRules | None = None, batch: int = BATCH):
        self.firm, self.actor, self.batch_size = firm, actor, batch
        self.rules = rules if rules is not None else firm_rules(firm=firm, fresh=True)
        self.now = timezone.now()
        self.batch: list[tuple] = []
        self.written = 0

    def add(self, row: EntryRow) -> None:
        verdict = verdict_for(
            row.description, rules=self.rules, task_code=row.task_code, activity_code=row.activity_code
        )
        result = verdict.classification
        self.batch.append(
            (
                self.firm.pk,
                row.period_id,
                row.performer_id,
                row.timekeeper_id,
                row.performer_role,
                row.hourly_cost,
                row.description,
                row.minutes,
                row.performed_on,
                row.matter,
                row.billable,
                row.task_code,
                row.activity_code,
                result.bucket,
                result.category,
                result.reason[:300],
                result.confidence,
                verdict.override.pk if verdict.override else None,
                verdict.pattern[:300],
                self.actor.pk if self.actor else None,
                self.now,
                self.now,
            )
        )
        if len(self.batch) >= self.batch_size:
            self.flush()

    def discard(self) -> None:
        """Forget the rows not yet written (a bad row was found: nothing will be kept)."""
        self.batch = []

    def flush(self) -> int:
        """Insert the rows gathered so far; returns how many."""
        count = insert_rows(TaskEntry, ENTRY_COLUMNS, self.batch) if self.batch else 0
        self.written += count
        self.batch = []
        return count
