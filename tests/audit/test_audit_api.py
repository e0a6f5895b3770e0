"""The audit API: periods, entries, classify preview and hit list, with the same roles as the pages."""

from __future__ import annotations

from audit.models import TaskEntry
from audit.services import audit_entry_create
from firmops.models import Engagement, Role, Stage
from firmops.tenancy import firm_scope

API = "/api/v1/firms/avery/audit/"


def _post(client, path, data):
    return client.post(API + path, data=data, content_type="application/json")


def test_a_partner_opens_a_period_by_api_and_staff_list_it(
    client_for, partner, members, firm, engagement, today
):
    response = _post(
        client_for(partner),
        "periods/",
        {
            "engagement": engagement.pk,
            "starts_on": f"{today:%Y-%m-%d}",
            "participants": ["paralegal@avery.test"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["participants"] == ["paralegal@avery.test"] and body["days"] == 7
    with firm_scope(firm):
        assert Engagement.objects.get(pk=engagement.pk).stage == Stage.AUDIT
    listed = client_for(members[Role.PARALEGAL]).get(API + "periods/").json()
    assert [p["id"] for p in listed["results"]] == [body["id"]]


def test_a_paralegal_cannot_open_a_period_or_name_an_outsider(
    client_for, partner, paralegal, engagement, other_partner
):
    assert _post(client_for(paralegal), "periods/", {"engagement": engagement.pk}).status_code == 403
    response = _post(
        client_for(partner),
        "periods/",
        {"engagement": engagement.pk, "participants": ["partner@blackwood.test"]},
    )
    assert response.status_code == 400 and "participants" in response.json()


def test_a_paralegal_logs_edits_and_deletes_their_own_entries(client_for, paralegal, firm, period, today):
    client = client_for(paralegal)
    created = _post(
        client, "entries/", {"period": period.pk, "description": "rogs drafted for Smith", "minutes": 40}
    )
    assert created.status_code == 201, created.content
    entry = created.json()
    assert (entry["performer"], entry["category"], entry["hourly_cost"]) == (
        "paralegal@avery.test", "discovery_drafting", "40.00",
    )  # fmt: skip
    patched = client.patch(
        f"{API}entries/{entry['id']}/", data={"minutes": 50}, content_type="application/json"
    )
    assert patched.json()["minutes"] == 50
    assert client.delete(f"{API}entries/{entry['id']}/").status_code == 204
    with firm_scope(firm):
        assert not TaskEntry.objects.exists()


def test_a_paralegal_lists_only_their_own_entries_and_cannot_log_for_others(
    client_for, members, firm, period
):
    audit_entry_create(
        firm=firm, actor=members[Role.ATTORNEY], period=period, description="Drafted RFPs", minutes=5
    )
    mine = audit_entry_create(
        firm=firm, actor=members[Role.PARALEGAL], period=period, description="E-filed notice", minutes=5
    )
    client = client_for(members[Role.PARALEGAL])
    assert [e["id"] for e in client.get(API + "entries/").json()["results"]] == [mine.pk]
    response = _post(
        client,
        "entries/",
        {
            "period": period.pk,
            "description": "Drafted RFPs",
            "minutes": 5,
            "performer": "attorney@avery.test",
        },
    )
    assert response.status_code == 403
    partner_view = client_for(members[Role.PARTNER]).get(API + f"entries/?period={period.pk}").json()
    assert partner_view["count"] == 2


def test_the_classify_preview_sorts_descriptions_and_saves_nothing(client_for, paralegal, firm, period):
    response = _post(
        client_for(paralegal),
        "classify/",
        {"descriptions": ["summarized depo of Dr. Lee", "argued MSJ at hearing", "tabbed trial binders"]},
    )
    assert response.status_code == 200
    got = [(r["bucket"], r["category"]) for r in response.json()]
    assert got == [
        ("outsourceable", "deposition_summaries"),
        ("core", "court_appearance"),
        ("outsourceable", "trial_exhibits"),
    ]  # fmt: skip
    assert all("→" in r["reason"] for r in response.json())
    with firm_scope(firm):
        assert not TaskEntry.objects.exists()
    assert _post(client_for(paralegal), "classify/", {"descriptions": [""]}).status_code == 400


def test_the_classify_preview_follows_the_firms_overrides(client_for, partner, paralegal, firm, period):
    entry = audit_entry_create(
        firm=firm,
        actor=paralegal,
        period=period,
        description="Reviewed pre-bills and approved invoices",
        minutes=5,
    )
    override = _post(
        client_for(partner),
        f"entries/{entry.pk}/override/",
        {"bucket": "outsourceable", "category": "billing_time_entry"},
    )
    assert override.status_code == 200 and override.json()["applied"] == 1
    (preview,) = _post(
        client_for(paralegal), "classify/", {"descriptions": ["approved invoices, reviewed prebills"]}
    ).json()
    assert (preview["category"], preview["overridden"]) == ("billing_time_entry", True)


def test_only_partners_override_by_api(client_for, members, firm, period):
    entry = audit_entry_create(
        firm=firm, actor=members[Role.OPS], period=period, description="Drafted RFPs", minutes=5
    )
    response = _post(
        client_for(members[Role.OPS]),
        f"entries/{entry.pk}/override/",
        {"bucket": "core", "category": "case_strategy"},
    )
    assert response.status_code == 403


def test_the_hit_list_by_api_is_for_partners_and_ops(client_for, members, firm, period):
    audit_entry_create(
        firm=firm, actor=members[Role.ATTORNEY], period=period,
        description="Summarized Dr. Patel deposition transcript", minutes=60,
    )  # fmt: skip
    body = client_for(members[Role.OPS]).get(f"{API}periods/{period.pk}/hit-list/").json()
    assert body["rows"][0]["category"] == "deposition_summaries"
    assert (
        body["rows"][0]["recoverable_weekly"] == "360.00"
        and body["totals"]["recoverable_annual"] == "18720.00"
    )
    assert client_for(members[Role.PARALEGAL]).get(f"{API}periods/{period.pk}/hit-list/").status_code == 403


def test_the_audit_api_is_in_the_openapi_schema(client_for, partner):
    schema = client_for(partner).get("/api/schema/").content.decode()
    for path in ("/audit/periods/", "/audit/entries/", "/audit/classify/", "/audit/periods/{id}/hit-list/"):
        assert path in schema, path


def test_the_taxonomy_is_listed(client_for, paralegal):
    slugs = {c["slug"] for c in client_for(paralegal).get(API + "categories/").json()}
    assert {"e_filing", "deposition_summaries", "court_appearance"} <= slugs
