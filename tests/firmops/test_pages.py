import pytest
from django.core.exceptions import ValidationError

from firmops.engagements.services import engagement_move_stage
from firmops.models import Engagement, EngagementStageChange, Role
from firmops.tenancy import firm_scope
from tests.factories import PASSWORD, MembershipFactory


def test_a_member_signs_in_with_email_and_lands_on_their_firm(client, partner):
    response = client.post("/accounts/login/", {"login": "partner@avery.test", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == "/f/avery/"
    assert "Avery &amp; Stone LLP" in response.content.decode()


def test_a_stranger_gets_404_for_a_firm_that_is_not_theirs(client_for, other_partner, firm, engagement):
    assert client_for(other_partner).get("/f/avery/").status_code == 404
    assert client_for(other_partner).get("/f/no-such-firm/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, firm):
    response = client.get("/f/avery/engagements/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")
    assert client.get("/api/v1/firms/avery/engagements/").status_code == 401


def test_a_user_in_two_firms_switches_between_them(
    client_for, partner, other_firm, engagement, other_engagement
):
    with firm_scope(other_firm):
        MembershipFactory(firm=other_firm, user=partner, role=Role.ATTORNEY)
    client = client_for(partner)
    page = client.get("/f/avery/").content.decode()
    assert "/f/blackwood/" in page  # the switcher offers the other firm
    assert "Blackwood secret engagement" not in page
    other = client.get("/f/blackwood/").content.decode()
    assert "Blackwood secret engagement" in other and "Avery audit 2026" not in other
    assert client.get("/").headers["Location"] == "/f/blackwood/"  # remembers the last firm


@pytest.mark.parametrize("role", [r for r in Role.values])
def test_each_role_has_a_dashboard(role, members, client_for, engagement):
    response = client_for(members[role]).get("/f/avery/")
    assert response.status_code == 200
    body = response.content.decode()
    if role == Role.EXTERNAL:
        assert "has not assigned you" in body and "Avery audit 2026" not in body
    else:
        assert "Avery audit 2026" in body


def test_partner_starts_an_engagement_in_the_audit_stage(client_for, partner, firm):
    response = client_for(partner).post(
        "/f/avery/engagements/new/", {"name": "Discovery overflow", "started_on": "2026-11-02"}
    )
    assert response.status_code == 302
    with firm_scope(firm):
        engagement = Engagement.objects.get(name="Discovery overflow")
    assert engagement.stage == "audit" and engagement.owner == partner


def test_a_paralegal_cannot_start_an_engagement(client_for, paralegal, firm):
    assert (
        client_for(paralegal)
        .post("/f/avery/engagements/new/", {"name": "Nope", "started_on": "2026-11-02"})
        .status_code
        == 403
    )
    with firm_scope(firm):
        assert not Engagement.objects.exists()


def test_skipping_a_stage_needs_a_reason_and_is_recorded(client_for, partner, engagement, firm):
    client = client_for(partner)
    url = f"/f/avery/engagements/{engagement.pk}/"
    response = client.post(url, {"to_stage": "onboarding", "reason": ""})
    assert "Say why this engagement skips" in response.content.decode()
    with firm_scope(firm):
        engagement.refresh_from_db()
    assert engagement.stage == "audit"
    client.post(url, {"to_stage": "onboarding", "reason": "Provider chosen last year."})
    with firm_scope(firm):
        engagement.refresh_from_db()
        change = EngagementStageChange.objects.filter(engagement=engagement).last()
    assert engagement.stage == "onboarding"
    assert (change.from_stage, change.to_stage, change.actor, change.reason) == (
        "audit",
        "onboarding",
        partner,
        "Provider chosen last year.",
    )


def test_the_next_stage_needs_no_reason(partner, engagement, firm):
    engagement_move_stage(firm=firm, actor=partner, engagement=engagement, to_stage="vetting")
    assert engagement.stage == "vetting"
    with pytest.raises(ValidationError):
        engagement_move_stage(firm=firm, actor=partner, engagement=engagement, to_stage="audit")


def test_partner_edits_rates_and_a_bad_rate_is_named(client_for, partner, firm):
    client = client_for(partner)
    data = {
        "name": firm.name,
        "time_zone": "America/Denver",
        "core_hours_start": "08:00",
        "core_hours_end": "17:00",
        "rate_partner": "550",
        "rate_attorney": "425",
        "rate_paralegal": "45",
        "rate_ops": "35",
        "rate_outsourced": "38",
        "associate_annual_cost": "140000",
    }
    assert client.post("/f/avery/settings/", data).status_code == 302
    firm.refresh_from_db()
    assert (firm.rate_attorney, firm.time_zone) == (425, "America/Denver")
    response = client.post("/f/avery/settings/", {**data, "rate_attorney": "-5", "time_zone": "Mars/Olympus"})
    body = response.content.decode()
    assert "attorney hourly rate" in body.lower() and "Mars/Olympus" in body
    firm.refresh_from_db()
    assert firm.rate_attorney == 425


def test_api_lists_my_firms_and_the_firms_engagements(client_for, partner, engagement, other_engagement):
    client = client_for(partner)
    assert client.get("/api/v1/firms/").json() == [
        {"slug": "avery", "name": "Avery & Stone LLP", "time_zone": "America/New_York", "role": "partner"}
    ]
    names = [e["name"] for e in client.get("/api/v1/firms/avery/engagements/").json()["results"]]
    assert names == ["Avery audit 2026"]


def test_api_partner_creates_and_moves_an_engagement(client_for, partner):
    client = client_for(partner)
    created = client.post(
        "/api/v1/firms/avery/engagements/", {"name": "API engagement"}, content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["stage"] == "audit"
    url = f"/api/v1/firms/avery/engagements/{created.json()['id']}/stage/"
    skipped = client.post(url, {"to_stage": "performing"}, content_type="application/json")
    assert skipped.status_code == 400 and "reason" in skipped.json()
    moved = client.post(url, {"to_stage": "vetting"}, content_type="application/json")
    assert moved.json()["stage"] == "vetting"


def test_api_paralegal_cannot_create_engagements(client_for, paralegal):
    response = client_for(paralegal).post(
        "/api/v1/firms/avery/engagements/", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_openapi_schema_and_docs_are_served_without_a_cdn(client_for, partner):
    client = client_for(partner)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/firms/{firm_slug}/engagements/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs and "cdn." not in docs and "unpkg" not in docs


def test_pages_carry_security_headers_and_a_csp_without_inline_scripts(client_for, partner):
    response = client_for(partner).get("/f/avery/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode()
