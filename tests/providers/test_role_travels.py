"""The role travels: to the provider's questionnaire link, the comparison, the job description (page, text,
PDF), the API and the demo; and it stays inside the firm's staff."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core import mail

from audit.models import Bucket
from firmops.demo import Demo
from firmops.models import Role
from firmops.tenancy import firm_scope
from providers.models import RoleDefinition
from providers.roles.fit import role_fit
from providers.roles.selectors import audit_figures, default_categories, role_definition_for, role_rows
from providers.roles.services import role_update
from providers.selection.selectors import comparison
from tests.providers.conftest import link_path
from tests.providers.role_helpers import TICKED, load, log

D = Decimal
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture
def role(drafted):
    return drafted


def pdf_text(pdf: bytes) -> tuple[str, int]:
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = [p for p in text.split("\f") if p.strip()]
    return " ".join(text.split()), len(pages)


def test_the_provider_answers_the_questionnaire_with_the_role_in_view_but_not_the_budget(
    firm, role, ops, platform, client, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = client_for(ops).post(
            f"/f/avery/vetting/providers/{platform.pk}/send/",
            {"template": "builtin", "days": 14, "to_email": ""},
        )
    assert sent.status_code == 302
    invite = mail.outbox[-1].body
    assert "Remote litigation paralegal, about 6.5 hours a week" in invite
    client.logout()
    page = client.get(link_path(invite.split("\n\n")[2].strip()))
    body = page.content.decode()
    assert page.status_code == 200
    assert "The role you are answering for: Remote litigation paralegal" in body
    for expected in (
        "Deposition summaries",
        "48 hours per 100 transcript pages",
        "09:00–17:00",
        "NDA",
        "MFA",
    ):
        assert expected in body
    assert "Budget" not in body and "attorney time" not in body and "a month" not in body


def test_the_questionnaire_page_has_no_role_section_when_none_is_defined(
    firm, ops, platform, client, django_capture_on_commit_callbacks, client_for
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(ops).post(
            f"/f/avery/vetting/providers/{platform.pk}/send/",
            {"template": "builtin", "days": 14, "to_email": ""},
        )
    client.logout()
    body = client.get(link_path(mail.outbox[-1].body.split("\n\n")[2].strip())).content.decode()
    assert "The role you are answering for" not in body and "Walk us through your vetting process" in body


def test_the_comparison_shows_how_each_candidate_fits_the_role(
    firm, engagement, partner, role, platform, lpo, make_professional, client_for, members
):
    make_professional(
        platform,
        "Elena Novak",
        time_zone="America/Chicago",
        hourly_rate=D("38"),
        skills="Deposition summaries, Discovery drafting, Clio",
    )
    make_professional(
        platform, "Marcus Webb", time_zone="America/Denver", hourly_rate=D("55"), skills="E-filing"
    )
    make_professional(
        lpo,
        "Review team",
        time_zone="Asia/Kolkata",
        hourly_rate=D("22"),
        skills="Document review",
        work_start=datetime.time(10),
        work_end=datetime.time(18),
    )
    # The role asks for four hours of overlap in the morning, New York time.
    role_update(
        firm=firm,
        actor=partner,
        role=role,
        fields={"core_hours_start": datetime.time(9), "core_hours_end": datetime.time(13)},
    )
    with firm_scope(firm):
        role = role_definition_for(firm=firm, engagement=engagement)
        cmp = comparison(firm=firm, engagement=engagement, on=datetime.date(2026, 3, 16))
        fits = {f.professional.name: f for f in role_fit(firm=firm, role=role, comparison=cmp, on=cmp.on)}
    elena, marcus, team = fits["Elena Novak"], fits["Marcus Webb"], fits["Review team"]
    assert (elena.overlap, elena.core_hours, elena.full_overlap) == (
        D("3.0"),
        D("4.0"),
        False,
    )  # 10:00 NY start
    assert (marcus.overlap, team.overlap) == (D("2.0"), D("0.0"))
    assert elena.within_budget and team.within_budget and not marcus.within_budget  # budget: $40
    assert [(s.category, s.named) for s in elena.skills] == [
        ("deposition_summaries", ["Deposition summaries"]),
        ("discovery_drafting", ["Discovery drafting"]),
        ("e_filing", []),
    ]
    assert [s.named for s in marcus.skills] == [[], [], ["E-filing"]]

    page = client_for(members[Role.ATTORNEY]).get(f"/f/avery/vetting/engagements/{engagement.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Fit with the role: Remote litigation paralegal" in body
    assert "3.0 of 4.0 h a day" in body and "above budget" in body and "within budget" in body
    assert '✓ <span class="named">Deposition summaries</span>' in body and "✗ not named" in body


def test_the_comparison_invites_defining_the_role_when_there_is_none(engagement, client_for, ops):
    body = client_for(ops).get(f"/f/avery/vetting/engagements/{engagement.pk}/").content.decode()
    assert "No role defined yet." in body and f"/engagements/{engagement.pk}/role/" in body


def test_the_job_description_comes_as_a_printable_page_a_plain_text_and_a_one_page_pdf(
    firm, engagement, role, client_for, members
):
    reader = client_for(members[Role.PARALEGAL])
    base = f"/f/avery/vetting/engagements/{engagement.pk}/role/job-description"

    page = reader.get(base + "/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Remote litigation paralegal" in html and "$1,127 a month" in html

    text = reader.get(base + ".txt")
    assert text["Content-Type"] == "text/plain; charset=utf-8" and "attachment" in text["Content-Disposition"]
    body = text.content.decode()
    assert body.startswith("Remote litigation paralegal\nAvery & Stone LLP · Avery audit 2026\n")
    assert "- Deposition summaries: about 4 hours a week" in body
    assert "Turnaround: 48 hours per 100 transcript pages" in body and "BUDGET" not in body
    internal = reader.get(base + ".txt?audience=firm").content.decode()
    assert "BUDGET (internal" in internal and "$1,127 a month" in internal and "$7,800 a month" in internal


@needs_pdftotext
def test_the_pdf_carries_hours_skills_core_hours_turnaround_and_budget_on_one_page(
    firm, engagement, role, client_for, partner
):
    base = f"/f/avery/vetting/engagements/{engagement.pk}/role/job-description.pdf"
    response = client_for(partner).get(base)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="job-description-avery-audit-2026.pdf"' in response["Content-Disposition"]
    text, pages = pdf_text(response.content)
    assert pages == 1
    for expected in (
        "Remote litigation paralegal",
        "Deposition summaries",
        "Deposition digesting",
        "09:00–17:00 America/New_York",
        "48 hours per 100 transcript pages",
        "NDA",
        "$1,127 a month",
        "$7,800 a month",
        "Job description",  # the running header
    ):
        assert expected in text, expected
    provider_text, _ = pdf_text(client_for(partner).get(base + "?audience=provider").content)
    assert "Remote litigation paralegal" in provider_text and "Budget" not in provider_text


def test_the_outsourced_professional_cannot_see_the_role_and_readers_cannot_change_it(
    firm, engagement, role, client_for, members
):
    external = client_for(members[Role.EXTERNAL])
    for suffix in ("", "job-description/", "job-description.pdf", "job-description.txt"):
        assert external.get(f"/f/avery/vetting/engagements/{engagement.pk}/role/{suffix}").status_code == 403
    assert external.get(f"/api/v1/firms/avery/vetting/roles/{role.pk}/").status_code == 403

    attorney = client_for(members[Role.ATTORNEY])
    page = attorney.get(f"/f/avery/vetting/engagements/{engagement.pk}/role/")
    assert page.status_code == 200 and "Save the role" not in page.content.decode()
    assert "Deposition digesting" in page.content.decode()
    for suffix in ("", "categories/", "regenerate/"):
        refused = attorney.post(f"/f/avery/vetting/engagements/{engagement.pk}/role/{suffix}", {"title": "x"})
        assert refused.status_code == 403
    assert (
        attorney.patch(
            f"/api/v1/firms/avery/vetting/roles/{role.pk}/", {"title": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert load(firm, engagement).title == "Remote litigation paralegal"


def test_the_api_reads_edits_and_regenerates_the_role_keeping_edits(
    firm, engagement, role, audited, members, client_for, ops
):
    api = client_for(ops)
    base = "/api/v1/firms/avery/vetting/roles/"
    listed = api.get(base, {"engagement": engagement.pk}).json()
    assert [r["id"] for r in listed["results"]] == [role.pk]

    patched = api.patch(
        f"{base}{role.pk}/",
        {
            "title": "Deposition paralegal",
            "categories": [{"category": c} for c in TICKED[:2]]
            + [{"category": "e_filing", "turnaround": "within 4 hours"}],
        },
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    data = patched.json()
    assert data["title"] == "Deposition paralegal" and data["edited_fields"] == ["title"]
    assert data["categories"][2]["turnaround"] == "within 4 hours"
    assert (
        data["budget"]["monthly_cost"] == "1126.67" and data["budget"]["attorney_monthly_cost"] == "7800.00"
    )
    assert "BUDGET" not in data["plain_text"] and "Deposition paralegal" in data["plain_text"]

    log(firm, audited, members, [("e_filing", Bucket.OUTSOURCEABLE, Role.PARALEGAL, 120)])
    regenerated = api.post(f"{base}{role.pk}/regenerate/", {}, content_type="application/json").json()
    e_filing = regenerated["categories"][2]
    assert regenerated["title"] == "Deposition paralegal"
    assert (e_filing["hours_per_week"], e_filing["turnaround"]) == ("2.00", "within 4 hours")

    refused = api.put(f"{base}{role.pk}/", {"title": "No hours"}, content_type="application/json")
    assert refused.status_code == 400 and "time_zone" in refused.json()
    bad = api.post(
        f"{base}{role.pk}/regenerate/", {"categories": ["court_appearance"]}, content_type="application/json"
    )
    assert bad.status_code == 400 and "core work" in str(bad.json())


def test_the_api_drafts_a_role_for_an_engagement(firm, engagement, audited, client_for, partner):
    created = client_for(partner).post(
        "/api/v1/firms/avery/vetting/roles/",
        {"engagement": engagement.pk, "categories": ["e_filing"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert [c["category"] for c in created.json()["categories"]] == ["e_filing"]
    assert created.json()["categories"][0]["hours_per_week"] == "1.00"


def test_another_firms_role_is_invisible(firm, engagement, role, other_firm, other_partner, client_for):
    api = client_for(other_partner)
    assert api.get(f"/api/v1/firms/blackwood/vetting/roles/{role.pk}/").status_code == 404
    assert api.get(f"/f/blackwood/vetting/engagements/{engagement.pk}/role/").status_code == 404
    assert api.get(f"/f/avery/vetting/engagements/{engagement.pk}/role/").status_code == 404


def test_the_demo_engagement_gets_a_role_from_the_demo_audits_top_three_idempotently(
    firm, members, engagement
):
    from audit import demo as audit_demo
    from providers import demo as providers_demo

    demo = Demo(firm=firm, users=members, engagement=engagement)
    with firm_scope(firm):
        audit_demo.seed(demo)
        top = default_categories(audit_figures(firm=firm, engagement=engagement))
    for _ in range(2):
        with firm_scope(firm):
            providers_demo.seed(demo)
    with firm_scope(firm):
        assert RoleDefinition.objects.count() == 1
        role = role_definition_for(firm=firm, engagement=engagement)
        rows = role_rows(role)
    assert len(top) == 3 and [r.category for r in rows] == top
    assert all(r.hours_per_week > 0 for r in rows) and "Clio" in role.tools


def test_the_onboarding_plan_built_from_the_role_names_its_tasks(firm, engagement, role, ops):
    pytest.importorskip("onboarding.services")
    from onboarding.plans import DelegatedTask
    from onboarding.services import plan_generate
    from providers.roles.selectors import role_delegated_categories

    with firm_scope(firm):
        tasks = [
            DelegatedTask(c.category, c.label)
            for c in role_delegated_categories(firm=firm, engagement=engagement)
        ]
        plan = plan_generate(firm=firm, actor=ops, engagement=engagement, delegated=tasks).plan
        titles = list(plan.items.values_list("title", flat=True))
    assert [t["category"] for t in plan.delegated] == TICKED
    assert any("Deposition summaries" in t for t in titles)
