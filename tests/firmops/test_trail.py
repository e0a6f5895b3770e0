"""Every change to a firm's rows is recorded with who and when, and the trail cannot be edited."""

import pytest
from django.db import DatabaseError, connection, transaction

from firmops.models import ChangeRecord, Engagement
from firmops.tenancy import firm_scope
from firmops.trail.recording import trail_purge


def _records(firm, table):
    with firm_scope(firm):
        return list(ChangeRecord.objects.filter(table=table).order_by("at", "pk"))


def test_a_partners_edit_is_recorded_with_who_and_what_changed(client_for, partner, engagement, firm):
    client = client_for(partner)
    client.post(f"/f/avery/engagements/{engagement.pk}/", {"to_stage": "vetting", "reason": ""})
    updates = [r for r in _records(firm, "firmops_engagement") if r.action == "U"]
    assert len(updates) == 1
    assert updates[0].actor == partner and updates[0].request_id
    assert updates[0].changed_fields()["stage"] == ("audit", "vetting")
    page = client.get("/f/avery/trail/").content.decode()
    assert "Engagement #" in page and "audit → vetting" in page


def test_rate_changes_on_the_firm_are_recorded(client_for, partner, firm):
    client = client_for(partner)
    data = {
        "name": firm.name,
        "time_zone": firm.time_zone,
        "core_hours_start": "09:00",
        "core_hours_end": "17:00",
        "rate_partner": "500",
        "rate_attorney": "450",
        "rate_paralegal": "40",
        "rate_ops": "35",
        "rate_outsourced": "40",
        "associate_annual_cost": "130000",
    }
    client.post("/f/avery/settings/", data)
    change = [r for r in _records(firm, "firmops_firm") if r.action == "U"][-1]
    assert change.actor == partner
    assert float(change.changed_fields()["rate_attorney"][1]) == 450


def test_only_partners_see_the_trail(client_for, members):
    assert client_for(members["paralegal"]).get("/f/avery/trail/").status_code == 403


@pytest.mark.needs_postgres
def test_bulk_updates_and_raw_sql_are_recorded_on_postgres(engagement, firm):
    with firm_scope(firm):
        Engagement.objects.update(name="Renamed in bulk")
        with connection.cursor() as cursor:
            cursor.execute("UPDATE firmops_engagement SET name = 'Renamed by raw SQL'")
    names = [r.after["name"] for r in _records(firm, "firmops_engagement") if r.action == "U"]
    assert names == ["Renamed in bulk", "Renamed by raw SQL"]


@pytest.mark.needs_postgres
@pytest.mark.needs_owner_role
def test_the_app_role_can_neither_edit_nor_delete_the_trail(engagement, firm):
    with firm_scope(firm):
        before = list(ChangeRecord.objects.values_list("pk", "table", "after"))
        for sql in (
            "UPDATE firmops_changerecord SET \"table\" = 'forged'",
            "DELETE FROM firmops_changerecord",
            "TRUNCATE firmops_changerecord",
        ):
            with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql)
        after = list(ChangeRecord.objects.values_list("pk", "table", "after"))
    assert before and after == before


def test_a_live_firms_trail_cannot_be_purged(engagement, firm):
    with pytest.raises((DatabaseError, RuntimeError), match="still exists"), transaction.atomic():
        trail_purge(firm_id=firm.pk)
    assert _records(firm, "firmops_engagement")


@pytest.mark.needs_postgres
def test_a_trail_row_cannot_be_forged_for_another_firm(firm, other_firm):
    with pytest.raises(DatabaseError, match="row-level security"):
        with firm_scope(firm), connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO firmops_changerecord (firm_id, "table", row_pk, action, request_id, at) '
                "VALUES (%s, 'x', '1', 'I', '', now())",
                [other_firm.pk],
            )
