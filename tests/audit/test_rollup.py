"""The period rollup the hit list reads stays equal to a recount of the entries, whatever changes them.

Every step below changes entries a different way — the quick-log service, an edit, a CSV import,
a partner's correction (a bulk update), a re-pricing (a queryset update), raw SQL, a delete and a
whole period's deletion — and after each one the stored totals must equal a GROUP BY over the
entries themselves, and the hit list must equal the figures computed from the entries in Python:
its ranked rows from the decided entries, its unsorted row from those awaiting review.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum

from audit.csv_io import audit_entries_import_csv
from audit.models import ATTORNEY_ROLES, AuditPeriod, Bucket, PeriodRollup, TaskEntry
from audit.rollup import KEY
from audit.selectors import hit_list
from audit.services import (
    audit_entry_create,
    audit_entry_delete,
    audit_entry_update,
    audit_member_rate_set,
    audit_override_set,
    audit_period_recost,
)
from firmops.models import Membership, Role
from firmops.tenancy import firm_scope

FIELDS = [k.removesuffix("_id") for k in KEY]


def _stored(firm) -> dict:
    with firm_scope(firm):
        return {
            tuple(r[f] for f in FIELDS): (r["entries"], r["minutes"])
            for r in PeriodRollup.objects.values(*FIELDS, "entries", "minutes")
        }


def _recount(firm) -> dict:
    with firm_scope(firm):
        rows = TaskEntry.objects.order_by().values(*FIELDS).annotate(n=Count("pk"), m=Sum("minutes"))
        return {tuple(r[f] for f in FIELDS): (r["n"], r["m"]) for r in rows}


def _hit_list_by_hand(firm, period) -> dict[str, tuple]:
    """(entries, hours, recoverable dollars for the period) per category, from the entries; the
    entries awaiting review under UNSORTED, apart from their category."""
    out: dict[str, list] = defaultdict(lambda: [0, 0, Decimal("0")])
    with firm_scope(firm):
        for e in TaskEntry.objects.filter(period=period):
            row = out[UNSORTED if e.bucket == Bucket.REVIEW else e.category]
            row[0] += 1
            row[1] += e.minutes
            wasted = e.performer_role in ATTORNEY_ROLES and e.bucket == Bucket.OUTSOURCEABLE
            if wasted and e.hourly_cost > firm.rate_outsourced:
                row[2] += e.minutes * (e.hourly_cost - firm.rate_outsourced) / 60
    cent = Decimal("0.01")
    return {c: (n, (Decimal(m) / 60).quantize(cent), d.quantize(cent)) for c, (n, m, d) in out.items()}


UNSORTED = "(not yet sorted)"


def _assert_in_step(firm, period) -> None:
    assert _stored(firm) == _recount(firm)
    with firm_scope(firm):
        rows = hit_list(firm=firm, period=period)
    shown = {r.category: (r.entries, r.hours, r.recoverable_period) for r in rows}
    if rows.unsorted:
        shown[UNSORTED] = (rows.unsorted.entries, rows.unsorted.hours, rows.unsorted.recoverable_period)
    assert shown == _hit_list_by_hand(firm, period)


def _csv(period, members) -> io.BytesIO:
    day = period.starts_on.isoformat()
    lines = ["date,person_email,description,minutes,matter,billable"]
    for i in range(40):
        who = members[Role.ATTORNEY] if i % 2 else members[Role.PARALEGAL]
        lines.append(f"{day},{who.email},Bates-stamped production volume {i} for Hartley,{10 + i},Hartley,no")
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def test_the_rollup_follows_every_kind_of_change(firm, members, partner, period):
    _assert_in_step(firm, period)  # empty
    attorney, paralegal = members[Role.ATTORNEY], members[Role.PARALEGAL]
    day1, day2 = period.starts_on, period.starts_on + dt.timedelta(days=1)
    entries = [
        audit_entry_create(firm=firm, actor=who, period=period, description=text, minutes=m, performed_on=day)
        for who, text, m, day in [
            (attorney, "Summarized Dr. Patel deposition transcript", 90, day1),
            (attorney, "E-filed notice of appearance", 30, day1),
            (paralegal, "Summarized deposition of Officer Grant", 120, day2),
            (attorney, "Negotiated settlement terms with defense counsel", 60, day2),
            (attorney, "Handled the Hartley thing", 75, day1),  # no task words: needs review
            (paralegal, "Handled the Hartley thing", 20, day2),
        ]
    ]
    assert [e.bucket for e in entries[4:]] == [Bucket.REVIEW, Bucket.REVIEW]
    _assert_in_step(firm, period)
    assert sum(n for n, _ in _stored(firm).values()) == 6

    audit_entry_update(firm=firm, actor=attorney, entry=entries[0], minutes=45, performed_on=day2)
    _assert_in_step(firm, period)

    with firm_scope(firm):  # as the import page calls it, inside the request's firm scope
        report = audit_entries_import_csv(firm=firm, stream=_csv(period, members), actor=partner)
    assert report.ok and report.imported == 40, report.problems
    _assert_in_step(firm, period)
    assert sum(n for n, _ in _stored(firm).values()) == 46

    # A partner sorts the task the classifier could not place: both entries of that wording leave
    # the unsorted row for a category, in one bulk update.
    audit_override_set(
        firm=firm, actor=partner, entry=entries[4], bucket=Bucket.OUTSOURCEABLE, category="data_entry"
    )
    with firm_scope(firm):
        assert not TaskEntry.objects.filter(bucket=Bucket.REVIEW).exists()
    _assert_in_step(firm, period)

    # A partner's correction moves every entry of that pattern (a bulk update) to another category.
    audit_override_set(
        firm=firm, actor=partner, entry=entries[1], bucket=Bucket.CORE, category="case_strategy"
    )
    _assert_in_step(firm, period)

    # A new rate re-prices the period's entries with one queryset update.
    with firm_scope(firm):
        membership = Membership.objects.get(user=attorney)
    audit_member_rate_set(firm=firm, actor=partner, membership=membership, hourly_rate=Decimal("610"))
    assert audit_period_recost(firm=firm, actor=partner, period=period) > 0
    _assert_in_step(firm, period)

    with firm_scope(firm), connection.cursor() as cursor:  # raw SQL, past the ORM
        cursor.execute("UPDATE audit_taskentry SET minutes = minutes + 5 WHERE firm_id = %s", [firm.pk])
        cursor.execute("DELETE FROM audit_taskentry WHERE firm_id = %s AND minutes > 50", [firm.pk])
        cursor.execute(  # back to review, past the ORM: the unsorted row follows the triggers too
            "UPDATE audit_taskentry SET bucket = 'review' WHERE firm_id = %s AND category = 'data_entry'",
            [firm.pk],
        )
        assert cursor.rowcount == 1  # the paralegal's 20 (now 25) minutes; the attorney's 80 are gone
    _assert_in_step(firm, period)
    with firm_scope(firm):
        assert hit_list(firm=firm, period=period).unsorted.entries == 1

    left = list(TaskEntry.objects.for_firm(firm).filter(period=period))
    for entry in left[:3]:
        audit_entry_delete(firm=firm, actor=partner, entry=entry)
    _assert_in_step(firm, period)

    with firm_scope(firm):
        AuditPeriod.objects.filter(pk=period.pk).delete()  # cascades to entries and rollup rows
        assert not PeriodRollup.objects.exists()
    assert _stored(firm) == _recount(firm) == {}


def _rollup_writes_during(change) -> int:
    """How many rollup rows `change` wrote: rows with a new version (xmin) on PostgreSQL; on SQLite
    the connection's row changes, triggers included, beyond the one entry the change updates."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            versions = "SELECT id, xmin::text FROM audit_periodrollup"
            cursor.execute(versions)
            before = set(cursor.fetchall())
            change()
            cursor.execute(versions)
            return len(set(cursor.fetchall()) - before)  # rows new, or rewritten since
        cursor.execute("SELECT total_changes()")
        before = cursor.fetchone()[0]
        change()
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0] - before - 1


def test_an_edit_that_moves_nothing_writes_no_rollup_row(firm, members, period):
    entry = audit_entry_create(
        firm=firm, actor=members[Role.ATTORNEY], period=period, description="E-filed notice of appearance",
        minutes=30, performed_on=period.starts_on,
    )  # fmt: skip
    with firm_scope(firm):
        before = list(PeriodRollup.objects.values_list("pk", "entries", "minutes"))
        entries = TaskEntry.objects.filter(pk=entry.pk)
        assert _rollup_writes_during(lambda: entries.update(matter="Hartley v. Grant")) == 0
        assert list(PeriodRollup.objects.values_list("pk", "entries", "minutes")) == before
        # The yardstick sees a write when there is one: a change of minutes moves the totals.
        assert _rollup_writes_during(lambda: entries.update(minutes=45)) >= 1
