from django.core.management import call_command

from firmops.demo import DEMO_PASSWORD
from firmops.models import Engagement, Firm, Role
from firmops.tenancy import firm_scope
from onboarding.models import AccessCheck, Guide, GuideVersion, Plan, PlanItem, PlanTemplateItem
from providers.evidence.services import evidence_add
from tests.onboarding.conftest import log_audit_week
from tests.providers.evidence_files import pdf_upload

PAGES = "/f/avery/onboarding"


def test_ops_generate_the_plan_from_the_engagements_onboarding_page(
    client_for, firm, engagement, selected, ops, members
):
    log_audit_week(firm, engagement, members[Role.ATTORNEY], {"deposition_summaries": 300})
    client = client_for(ops)
    page = client.get(f"{PAGES}/engagements/{engagement.pk}/").content.decode()
    assert "No plan yet" in page and "Deposition summaries" in page  # what it will delegate
    response = client.post(
        f"{PAGES}/engagements/{engagement.pk}/generate/",
        {"starts_on": "2026-03-02", "day_start": "08:00", "day_end": "16:00"},
        follow=True,
    )
    body = response.content.decode()
    assert (
        "Plan generated:" in body
        and "Week 1 · days 1–7" in body
        and "Formatting rules for Deposition summaries" in body
    )
    assert "America/Los_Angeles" in body
    index = client.get(f"{PAGES}/").content.decode()
    assert engagement.name in index and "Elena Novak" in index


def test_the_plan_can_be_filtered_to_my_items_and_a_track(
    client_for, firm, engagement, selected, ops, paralegal
):
    client_for(ops).post(f"{PAGES}/engagements/{engagement.pk}/generate/", {})
    body = (
        client_for(paralegal)
        .get(f"{PAGES}/engagements/{engagement.pk}/?mine=1&track=technology")
        .content.decode()
    )
    assert "How we use Clio: live walkthrough" in body and "Kick-off call" not in body


def test_ops_tick_the_access_checklist_and_are_told_the_nda_comes_first(
    client_for, firm, engagement, selected, ops
):
    client = client_for(ops)
    client.post(f"{PAGES}/engagements/{engagement.pk}/generate/", {})
    with firm_scope(firm):
        clio = AccessCheck.objects.get(system="Clio")
    p = f"c{clio.pk}"
    page = client.get(f"{PAGES}/engagements/{engagement.pk}/access/").content.decode()
    assert "✗ No valid NDA on file for Elena Novak (Lex Nearshore)." in page
    refused = client.post(
        f"{PAGES}/access/{clio.pk}/", {f"{p}-named_account": "on"}, follow=True
    ).content.decode()
    assert "Required evidence is missing or expired (NDA missing). To grant Clio access anyway" in refused
    evidence_add(
        firm=firm, kind="nda", file=pdf_upload("elena-nda.pdf"), professional=selected.professional, actor=ops
    )
    page = client.get(f"{PAGES}/engagements/{engagement.pk}/access/").content.decode()
    assert "✓ NDA on file: NDA of Elena Novak" in page
    done = client.post(
        f"{PAGES}/access/{clio.pk}/",
        {f"{p}-named_account": "on", f"{p}-mfa_enabled": "on", f"{p}-least_privilege": "on"},
        follow=True,
    ).content.decode()
    assert "Access checklist for Clio complete." in done
    assert "Account granted with the NDA on file (NDA, v1)." in done
    with firm_scope(firm):
        clio.refresh_from_db()
    assert clio.complete and clio.updated_by == ops


def test_granting_access_with_the_nda_missing_takes_an_override_shown_with_its_reason(
    client_for, firm, engagement, selected, ops
):
    client = client_for(ops)
    client.post(f"{PAGES}/engagements/{engagement.pk}/generate/", {})
    with firm_scope(firm):
        zoom = AccessCheck.objects.get(system="Zoom")
    page = client.post(
        f"{PAGES}/access/{zoom.pk}/",
        {f"c{zoom.pk}-named_account": "on", "override_reason": "Signed NDA is with the courier; Zoom only."},
        follow=True,
    ).content.decode()
    assert "Access checklist for Zoom saved." in page
    assert "Account granted without NDA missing — override by" in page
    assert "Signed NDA is with the courier; Zoom only." in page


def test_partners_edit_the_template_tools_and_task_expectations_in_the_browser(client_for, firm, partner):
    client = client_for(partner)
    assert "Systems &amp; Security" in client.get(f"{PAGES}/setup/templates/").content.decode()
    with firm_scope(firm):
        line = PlanTemplateItem.objects.get(key="kickoff")
    form = {
        "key": "kickoff",
        "track": "communication",
        "scope": "once",
        "day": "1",
        "stagger_days": "0",
        "repeat_every_days": "0",
        "owner_role": "partner",
        "milestone": "on",
        "title": "Welcome {nobody}",
        "body": "",
        "link": "",
        "position": "50",
        "is_active": "on",
    }
    refused = client.post(f"{PAGES}/setup/templates/{line.pk}/", form).content.decode()
    assert "Unknown here: {nobody}" in refused
    saved = client.post(
        f"{PAGES}/setup/templates/{line.pk}/", {**form, "title": "Welcome {professional}"}, follow=True
    )
    assert "Template line “kickoff” saved." in saved.content.decode()
    assert (
        "Slack added."
        in client.post(
            f"{PAGES}/setup/tools/", {"name": "Slack", "kind": "chat"}, follow=True
        ).content.decode()
    )
    playbook = client.post(
        f"{PAGES}/setup/playbooks/",
        {
            "category": "e_filing",
            "walkthrough_title": "How we e-file in Cook County",
            "walkthrough_url": "https://loom.com/x",
            "formatting": "PDF",
            "tone": "Formal",
            "turnaround": "Same day",
        },
        follow=True,
    )
    assert "Expectations for E-filing &amp; service saved." in playbook.content.decode()
    reset = client.post(f"{PAGES}/setup/templates/reset/", follow=True).content.decode()
    assert "Template reset to the built-in" in reset
    with firm_scope(firm):
        assert PlanTemplateItem.objects.get(key="kickoff").title == "Kick-off call with {professional}"


def test_the_demo_has_a_plan_and_guide_and_the_demo_professional_sees_exactly_hers(db, client):
    call_command("seed_demo")
    firm = Firm.objects.get(slug="demo")
    with firm_scope(firm):
        counts = (
            Plan.objects.count(),
            PlanItem.objects.count(),
            Guide.objects.count(),
            GuideVersion.objects.count(),
        )
        engagement = Engagement.objects.get()
    assert counts[0] == 1 and counts[1] > 30 and counts[2] == 1 and counts[3] == 1
    call_command("seed_demo")
    with firm_scope(firm):
        assert (
            Plan.objects.count(),
            PlanItem.objects.count(),
            Guide.objects.count(),
            GuideVersion.objects.count(),
        ) == counts
    client.post("/accounts/login/", {"login": "external@demo.firmops.test", "password": DEMO_PASSWORD})
    response = client.get("/f/demo/onboarding/", follow=True)
    assert response.redirect_chain[-1][0] == f"/f/demo/onboarding/engagements/{engagement.pk}/"
    assert "30-day plan" in response.content.decode()
    assert client.get(f"/f/demo/onboarding/engagements/{engagement.pk}/guide/").status_code == 200
