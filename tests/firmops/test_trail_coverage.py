"""Issue 8's list for the trail: engagements, task entries and classifications, rates, scores,
selections, plans and memberships. On PostgreSQL each is changed by raw SQL and by a bulk update,
and every change must carry who, when, which firm and which request; partners read it per object.
"""

import pytest
from django.db import connection

from audit.models import ClassificationOverride, TaskEntry
from firmops.models import ChangeRecord, Engagement, Firm, Membership
from firmops.tenancy import firm_owned_models, firm_scope
from firmops.trail.recording import acting_as
from onboarding.models import Plan, PlanItem
from performance.models import PerformancePlan
from providers.models import Answer, ScoreAdjustment, Selection
from tests.firmops.pg_rows import insert_row, rolled_back

# what the issue names → (model, column changed, value by bulk update, value by raw SQL)
COVERED = {
    "engagement": (Engagement, "name", "Renamed in bulk", "Renamed by raw SQL"),
    "task entry": (TaskEntry, "description", "Bulk text", "Raw text"),
    "classification of a task": (TaskEntry, "bucket", "core", "outsourceable"),
    "classification rule": (ClassificationOverride, "category", "Research", "Filing"),
    "member's rate": (Membership, "hourly_rate", 55.5, 60.25),
    "score": (Answer, "adjusted_score", 3, 4),
    "score adjustment": (ScoreAdjustment, "to_score", 2, 5),
    "selection": (Selection, "status", "confirmed", "replaced"),
    "onboarding plan": (Plan, "core_hours", "9-5", "10-6"),
    "plan item": (PlanItem, "done", True, False),
    "performance plan": (PerformancePlan, "checkin_minutes", 30, 45),
    "membership": (Membership, "role", "ops", "attorney"),
}
REQUEST = "req-trail-cover"


def test_every_model_the_issue_names_is_audited():
    audited = {m for m in firm_owned_models() if m.audit_trail}
    assert {model for model, *_ in COVERED.values()} - audited == set()


@pytest.mark.needs_postgres
def test_every_audited_firm_table_and_the_firm_row_carry_the_trail_trigger(db):
    tables = {m._meta.db_table for m in firm_owned_models() if m.audit_trail} | {"firmops_firm"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'firmops_trail'")
        triggered = {row[0].strip('"') for row in cursor.fetchall()}
    assert tables - triggered == set()


def _history(firm, table: str, row_pk) -> list[ChangeRecord]:
    with firm_scope(firm):
        return list(ChangeRecord.objects.filter(table=table, row_pk=str(row_pk)).order_by("pk"))


@pytest.mark.needs_postgres
@pytest.mark.parametrize("what", list(COVERED))
def test_raw_sql_and_bulk_changes_are_recorded_with_who_when_firm_and_request(what, firm, partner):
    model, column, bulk_value, raw_value = COVERED[what]
    table = model._meta.db_table
    with rolled_back():
        with firm_scope(firm), acting_as(partner.pk, REQUEST), connection.cursor() as cursor:
            cursor.execute("SELECT now()")
            when = cursor.fetchone()[0]
            row = insert_row(table, firm_id=firm.pk)
            assert model.objects.filter(pk=row).update(**{column: bulk_value}) == 1
            cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [raw_value, row])
            cursor.execute(f'DELETE FROM "{table}" WHERE id = %s', [row])
        history = _history(firm, table, row)
    assert [r.action for r in history] == ["I", "U", "U", "D"]
    assert [str(r.after[column]) for r in history[1:3]] == [str(bulk_value), str(raw_value)]
    assert {(r.actor_id, r.request_id, r.firm_id, r.at) for r in history} == {
        (partner.pk, REQUEST, firm.pk, when)
    }


@pytest.mark.needs_postgres
def test_rate_changes_on_the_firm_row_by_bulk_update_and_raw_sql_are_recorded(firm, partner):
    with firm_scope(firm), acting_as(partner.pk, REQUEST):
        Firm.objects.filter(pk=firm.pk).update(rate_attorney=420)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE firmops_firm SET rate_paralegal = 45 WHERE id = %s", [firm.pk])
    history = _history(firm, "firmops_firm", firm.pk)
    assert [(r.action, r.actor_id, r.request_id) for r in history] == [("U", partner.pk, REQUEST)] * 2
    assert float(history[0].changed_fields()["rate_attorney"][1]) == 420
    assert float(history[1].changed_fields()["rate_paralegal"][1]) == 45


def test_a_partner_reads_one_engagements_history_from_its_page(
    client_for, partner, engagement, other_engagement, firm
):
    with firm_scope(firm), acting_as(partner.pk, REQUEST):
        Engagement.objects.filter(pk=engagement.pk).get().save()  # no change: nothing recorded
        engagement.name = "Avery audit, renamed"
        engagement.save()
    client = client_for(partner)
    page = client.get(f"/f/avery/engagements/{engagement.pk}/").content.decode()
    link = f"/f/avery/trail/?table=firmops_engagement&amp;row={engagement.pk}"
    assert link in page
    history = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Avery audit 2026 → Avery audit, renamed" in history
    assert f"Engagement #{engagement.pk}" in history
    assert "Blackwood" not in history


def test_only_partners_get_the_history_link(client_for, members, engagement):
    page = client_for(members["attorney"]).get(f"/f/avery/engagements/{engagement.pk}/").content.decode()
    assert "/trail/?table=" not in page
