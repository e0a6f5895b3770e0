"""The weekly rollups the dashboards read stay equal to a recount of their rows, whatever changes them.

Every step changes work items or hour entries a different way — a service, an edit, a CSV import,
a queryset update, raw SQL, a delete, a cascade from a deleted engagement, a new firm time zone —
and after each one the stored weeks must equal the weeks worked out here in Python from the rows
themselves (each timestamp's Monday in the firm's zone), not by the database's own GROUP BY.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.db import connection

from firmops.models import Engagement, Firm, Role
from firmops.ownership import firm_delete
from firmops.tenancy import firm_scope
from performance.models import HourEntry, HourWeek, LoggedWeek, ProfessionalWeek, WorkItem, WorkWeek
from performance.rollup import triggers
from performance.services import (
    hour_entries_import,
    hour_entry_create,
    hour_entry_delete,
    work_item_create,
    work_item_delete,
    work_item_update,
)
from tests.performance.factories import select_professional

NOW = datetime(2026, 3, 4, 18, 0, tzinfo=UTC)  # a Wednesday
ZERO = Decimal("0")


def _monday(moment: datetime, zone) -> date:
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


def _work_by_hand(firm: Firm) -> dict:
    firm.refresh_from_db()
    weeks: dict[tuple, list] = defaultdict(lambda: [0, 0, ZERO, 0, 0, ZERO])
    with firm_scope(firm):
        for item in WorkItem.objects.all():
            key = (item.engagement_id, item.category, item.professional_id)
            weeks[(*key, _monday(item.assigned_at, firm.zone))][0] += 1
            if item.delivered_at is not None:
                row = weeks[(*key, _monday(item.delivered_at, firm.zone))]
                row[1] += 1
                row[2] += item.turnaround_hours or ZERO
                if item.due_at is not None:
                    row[3 if item.delivered_at <= item.due_at else 4] += 1
                row[5] += item.hours
    return {k: tuple(v) for k, v in weeks.items()}


def _work_stored(firm: Firm) -> dict:
    with firm_scope(firm):
        return {
            (r.engagement_id, r.category, r.professional_id, r.week): (
                r.assigned,
                r.delivered,
                r.turnaround_hours,
                r.on_time,
                r.late,
                r.hours,
            )  # fmt: skip
            for r in WorkWeek.objects.all()
        }


def _hours_by_hand(firm: Firm) -> dict:
    weeks: dict[tuple, list] = defaultdict(lambda: [0, ZERO])
    with firm_scope(firm):
        for e in HourEntry.objects.all():
            monday = e.worked_on - timedelta(days=e.worked_on.weekday())
            row = weeks[(e.engagement_id, e.attorney_id, monday, e.category)]
            row[0] += 1
            row[1] += e.hours
    return {k: tuple(v) for k, v in weeks.items()}


def _hours_stored(firm: Firm) -> dict:
    with firm_scope(firm):
        return {
            (r.engagement_id, r.attorney_id, r.week, r.category): (r.entries, r.hours)
            for r in HourWeek.objects.all()
        }


def _totals(rows: dict, key, values) -> dict:
    """Rows summed by a coarser key; keys left with nothing dropped, as the rollups drop them."""
    out: dict = defaultdict(lambda: None)
    for k, v in rows.items():
        picked = values(v)
        out[key(k)] = (
            picked if out[key(k)] is None else tuple(a + b for a, b in zip(out[key(k)], picked, strict=True))
        )
    return {k: v for k, v in out.items() if any(v)}


def _assert_in_step(firm: Firm) -> None:
    work, hours = _work_by_hand(firm), _hours_by_hand(firm)
    assert _work_stored(firm) == work
    assert _hours_stored(firm) == hours
    with firm_scope(firm):  # the same by professional, and by week alone
        by_pro = {
            (r.engagement_id, r.professional_id, r.week): (r.delivered, r.hours)
            for r in ProfessionalWeek.objects.all()
        }
        logged = {(r.engagement_id, r.week): (r.entries, r.hours) for r in LoggedWeek.objects.all()}
    assert by_pro == _totals(work, lambda k: (k[0], k[2], k[3]), lambda v: (v[1], v[5]))
    assert logged == _totals(hours, lambda k: (k[0], k[2]), lambda v: v)


def _at(month: int, day: int, hour: int = 15) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def _utc(month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_the_work_rollup_follows_every_kind_of_change(
    firm, engagement, members, partner, other_firm, other_engagement
):
    pro = select_professional(firm, engagement).professional
    second = select_professional(firm, engagement, name="Omar Haddad").professional
    _assert_in_step(firm)  # empty
    make = lambda **kw: work_item_create(firm=firm, actor=partner, engagement=engagement, now=NOW, **kw)  # noqa: E731
    items = [
        make(title="Draft RFPs", category="discovery_drafting", professional=pro, assigned_at=_at(2, 2),
             due_at=_at(2, 4), delivered_at=_at(2, 3), hours=3),  # on time
        make(title="Summarize depo", category="deposition_summaries", professional=pro, assigned_at=_at(2, 5),
             due_at=_at(2, 6), delivered_at=_at(2, 10), hours=5),  # late, delivered the next week
        make(title="Review box 4", category="document_review", professional=second, assigned_at=_at(2, 20),
             delivered_at=_at(2, 21), hours=2),  # no due date: neither on time nor late
        make(title="Open research", category="legal_research", professional=pro, assigned_at=_at(3, 2),
             due_at=_at(3, 3)),  # still open
        # Sunday 23:30 in New York is Monday 04:30 UTC: the firm's week, not UTC's, holds it.
        make(title="Late night filing", category="e_filing", professional=second,
             assigned_at=_utc(2, 16, 4, 30), delivered_at=_utc(2, 16, 4, 45)),
    ]  # fmt: skip
    _assert_in_step(firm)
    with firm_scope(firm):
        assert WorkWeek.objects.get(category="e_filing", assigned=1).week == date(2026, 2, 9)
        assert sum(r.on_time for r in WorkWeek.objects.all()) == 1
        assert sum(r.late for r in WorkWeek.objects.all()) == 1

    # An edit through the service: the open item is delivered, another moves to a new category.
    work_item_update(firm=firm, actor=partner, item=items[3], delivered_at=_at(3, 4, 12), hours=4, now=NOW)
    work_item_update(firm=firm, actor=partner, item=items[0], category="cite_checking", now=NOW)
    _assert_in_step(firm)

    with firm_scope(firm):  # a queryset update (one statement over several rows)
        assert WorkItem.objects.filter(professional=pro).update(professional=second) == 3
    _assert_in_step(firm)

    with firm_scope(firm), connection.cursor() as cursor:  # raw SQL, past the ORM
        cursor.execute(
            "UPDATE performance_workitem SET delivered_at = NULL, turnaround_hours = NULL "
            "WHERE firm_id = %s AND category = 'document_review'",
            [firm.pk],
        )
        cursor.execute(
            "DELETE FROM performance_workitem WHERE firm_id = %s AND category = 'e_filing'", [firm.pk]
        )
    _assert_in_step(firm)

    work_item_delete(firm=firm, actor=partner, item=items[1])
    _assert_in_step(firm)

    # The firm moves to Honolulu: Monday 05:30 UTC (Monday in New York) is Sunday there, and every
    # week is recounted.
    make(
        title="Boundary",
        category="e_filing",
        professional=pro,
        assigned_at=datetime(2026, 2, 23, 5, 30, tzinfo=UTC),
    )
    Firm.objects.filter(pk=firm.pk).update(time_zone="Pacific/Honolulu")
    _assert_in_step(firm)
    with firm_scope(firm):
        assert WorkWeek.objects.get(category="e_filing").week == date(2026, 2, 16)

    # A recount from scratch (the migration's first count) lands on the same weeks.
    with firm_scope(firm):
        triggers.rebuild(connection, firm.pk)
    _assert_in_step(firm)

    # The firm deletes its data (table by table, rollups among them, in whatever order): no week is
    # left behind, and no other firm's week was touched.
    other_pro = select_professional(other_firm, other_engagement).professional
    work_item_create(
        firm=other_firm, actor=None, engagement=other_engagement, title="Theirs", category="e_filing",
        professional=other_pro, assigned_at=_at(2, 2), now=NOW,
    )  # fmt: skip
    theirs = _work_stored(other_firm)
    firm_delete(firm=firm)
    with firm_scope(firm.pk):
        assert not WorkWeek.objects.exists()
    assert _work_stored(other_firm) == theirs == _work_by_hand(other_firm) != {}


def _csv(members, days) -> str:
    lines = ["date,attorney,hours,category"]
    for i, day in enumerate(days):
        lines.append(f"{day.isoformat()},{members[Role.ATTORNEY].email},{1 + i % 3}.25,document_review")
    return "\n".join(lines) + "\n"


def test_the_hour_rollup_follows_every_kind_of_change(firm, engagement, members, partner):
    attorney = members[Role.ATTORNEY]
    log = lambda day, h, **kw: hour_entry_create(  # noqa: E731
        firm=firm,
        actor=partner,
        engagement=engagement,
        attorney=attorney,
        worked_on=day,
        hours=h,
        now=NOW,
        **kw,
    )
    entries = [
        log(date(2026, 2, 2), "2.5"),
        log(date(2026, 2, 8), "1"),
        log(date(2026, 2, 9), "3", category="e_filing"),
    ]
    _assert_in_step(firm)
    with firm_scope(firm):
        assert HourWeek.objects.get(week=date(2026, 2, 2), category="").hours == Decimal("3.50")  # Mon + Sun

    imported = hour_entries_import(
        firm=firm, actor=partner, engagement=engagement, now=NOW,
        text=_csv(members, [date(2026, 2, 10) + timedelta(days=d) for d in range(9)]),
    )  # fmt: skip
    assert imported == 9
    _assert_in_step(firm)

    with firm_scope(firm):
        HourEntry.objects.filter(category="document_review").update(category="e_filing")
        HourEntry.objects.filter(pk=entries[0].pk).update(worked_on=date(2026, 1, 26))
    _assert_in_step(firm)

    with firm_scope(firm), connection.cursor() as cursor:
        cursor.execute("UPDATE performance_hourentry SET hours = hours + 1 WHERE firm_id = %s", [firm.pk])
        cursor.execute(
            "DELETE FROM performance_hourentry WHERE firm_id = %s AND worked_on > %s", [firm.pk, "2026-02-15"]
        )
    _assert_in_step(firm)

    hour_entry_delete(firm=firm, actor=partner, entry=entries[1])
    _assert_in_step(firm)

    with firm_scope(firm):  # deleting the engagement cascades to its entries and their weeks
        Engagement.objects.filter(pk=engagement.pk).delete()
        assert not HourWeek.objects.exists()
    _assert_in_step(firm)


def _rollup_writes_during(table: str, change) -> int:
    """Rows of `table` written by `change`: new row versions on PostgreSQL, the connection's changes
    beyond the one row updated on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            versions = f"SELECT id, xmin::text FROM {table}"
            cursor.execute(versions)
            before = set(cursor.fetchall())
            change()
            cursor.execute(versions)
            return len(set(cursor.fetchall()) - before)
        cursor.execute("SELECT total_changes()")
        before = cursor.fetchone()[0]
        change()
        cursor.execute("SELECT total_changes()")
        return cursor.fetchone()[0] - before - 1


def test_an_edit_that_moves_no_total_writes_no_rollup_row(firm, engagement, members, partner):
    pro = select_professional(firm, engagement).professional
    item = work_item_create(
        firm=firm, actor=partner, engagement=engagement, title="Draft RFPs", category="discovery_drafting",
        professional=pro, assigned_at=_at(2, 2), delivered_at=_at(2, 3), hours=3, now=NOW,
    )  # fmt: skip
    entry = hour_entry_create(
        firm=firm, actor=partner, engagement=engagement, attorney=members[Role.ATTORNEY],
        worked_on=date(2026, 2, 2), hours="2", now=NOW,
    )  # fmt: skip
    with firm_scope(firm):
        items, entries = WorkItem.objects.filter(pk=item.pk), HourEntry.objects.filter(pk=entry.pk)
        assert _rollup_writes_during("performance_workweek", lambda: items.update(title="RFP responses")) == 0
        assert (
            _rollup_writes_during("performance_hourweek", lambda: entries.update(description="Intake")) == 0
        )
        # The yardstick sees a write when there is one.
        assert _rollup_writes_during("performance_workweek", lambda: items.update(hours=4)) >= 1
        assert _rollup_writes_during("performance_hourweek", lambda: entries.update(hours=3)) >= 1
