from firmops.models import Role
from firmops.tenancy import firm_scope
from onboarding.models import GuideVersion, PackExport, PlanItem
from tests.onboarding.conftest import log_audit_week

API = "/api/v1/firms/avery/onboarding"


def test_ops_generate_a_plan_through_the_api_with_the_delegated_tasks_they_name(
    client_for, engagement, selected, ops
):
    client = client_for(ops)
    response = client.post(
        f"{API}/plans/generate/",
        {
            "engagement": engagement.pk,
            "starts_on": "2026-03-02",
            "delegated": [{"category": "transcription", "label": "Transcription"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    plan = response.json()
    assert plan["delegated"] == [{"category": "transcription", "label": "Transcription"}]
    assert plan["starts_on"] == "2026-03-02" and plan["ends_on"] == "2026-03-31"
    assert plan["progress"] == {
        "total": len(plan["items"]),
        "done": 0,
        "overdue": plan["progress"]["overdue"],
        "percent": 0,
    }
    assert "Formatting rules for Transcription" in {i["title"] for i in plan["items"]}
    assert client.get(f"{API}/plans/{plan['id']}/").json()["id"] == plan["id"]


def test_a_paralegal_cannot_generate_plans_but_ticks_their_own_items(
    client_for, firm, engagement, selected, ops, paralegal, members
):
    log_audit_week(firm, engagement, members[Role.ATTORNEY], {"e_filing": 120})
    client_for(ops).post(
        f"{API}/plans/generate/", {"engagement": engagement.pk}, content_type="application/json"
    )
    client = client_for(paralegal)
    assert (
        client.post(
            f"{API}/plans/generate/", {"engagement": engagement.pk}, content_type="application/json"
        ).status_code
        == 403
    )
    mine = client.get(f"{API}/items/?mine=1").json()
    assert mine and all(i["owner_role"] == "paralegal" and i["can_edit"] for i in mine)
    ticked = client.patch(
        f"{API}/items/{mine[0]['id']}/", {"done": True, "notes": "Recorded"}, content_type="application/json"
    )
    assert (
        ticked.status_code == 200 and ticked.json()["done"] is True and ticked.json()["notes"] == "Recorded"
    )
    with firm_scope(firm):
        someone_elses = PlanItem.objects.exclude(owner=paralegal).first()
    refused = client.patch(
        f"{API}/items/{someone_elses.pk}/", {"done": True}, content_type="application/json"
    )
    assert refused.status_code == 403
    bad_body = client.patch(  # schemathesis found field errors (400) answered before the refusal
        f"{API}/items/{someone_elses.pk}/", {"done": "maybe"}, content_type="application/json"
    )
    assert bad_body.status_code == 403 and "owner" in bad_body.json()["detail"]


def test_a_guide_patch_saves_a_new_version_and_the_api_returns_sanitised_html(
    client_for, firm, engagement, selected, ops
):
    client = client_for(ops)
    client.post(f"{API}/plans/generate/", {"engagement": engagement.pk}, content_type="application/json")
    guide = client.get(f"{API}/guides/").json()[0]
    assert guide["version"] == 1 and "Eastern" not in guide["core_hours"]
    response = client.patch(
        f"{API}/guides/{guide['id']}/",
        {"unwritten_rules": "- No exclamation points <script>x()</script>"},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200 and body["version"] == 2
    assert (
        "<script>" not in body["html"]["unwritten_rules"]
        and "No exclamation points" in body["html"]["unwritten_rules"]
    )
    versions = client.get(f"{API}/guides/{guide['id']}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1]
    with firm_scope(firm):
        assert GuideVersion.objects.count() == 2


def test_an_export_job_is_created_once_per_set_of_inputs(
    client_for, firm, engagement, selected, ops, django_capture_on_commit_callbacks
):
    client = client_for(ops)
    client.post(f"{API}/plans/generate/", {"engagement": engagement.pk}, content_type="application/json")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = client.post(f"{API}/exports/", {"engagement": engagement.pk}, content_type="application/json")
    assert first.status_code == 201 and first.json()["status"] == "queued" and len(queued) == 1
    with django_capture_on_commit_callbacks(execute=False) as again:
        second = client.post(
            f"{API}/exports/", {"engagement": engagement.pk}, content_type="application/json"
        )
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"] and again == []
    assert client.get(f"{API}/exports/{first.json()['id']}/").json()["download_url"] == ""
    with firm_scope(firm):
        assert PackExport.objects.count() == 1
    assert (
        client.post(f"{API}/exports/", {"engagement": 999999}, content_type="application/json").status_code
        == 404
    )
