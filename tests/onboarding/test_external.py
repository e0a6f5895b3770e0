"""Elena, the outsourced professional, against every onboarding page and API route.

She sees her own plan, guide and items and ticks her own items; she never sees another engagement,
rates, the access checklist, exports or the firm's setup. A route added later without a case here fails
`test_every_onboarding_route_has_an_external_case`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from firmops.models import Role
from firmops.tenancy import firm_scope
from onboarding import services
from onboarding.exits import exit_checklist_open
from onboarding.models import AccessCheck, Guide, GuideVersion, PackExport, PlanItem, PlanTemplateItem
from tests.onboarding.conftest import DAY_1, SECRET_RATE

OTHER = "ZZOTHERZZ"  # in the second engagement's name and its professional's name


@dataclass(frozen=True)
class Case:
    route: str
    method: str
    target: (
        str  # which object the URL names: "own", "own_staff" (her plan, a staff item), "other", or "" (none)
    )
    expect: int
    data: dict | None = None


CASES = [
    Case("onboarding:index", "get", "", 302),
    Case("onboarding:plan", "get", "own", 200),
    Case("onboarding:plan", "get", "other", 404),
    Case("onboarding:plan_generate", "post", "own", 403),
    Case("onboarding:calendar", "get", "own", 200),
    Case("onboarding:calendar", "get", "other", 404),
    Case("onboarding:access", "get", "own", 403),
    Case("onboarding:guide", "get", "own", 200),
    Case("onboarding:guide", "get", "other", 404),
    Case("onboarding:guide", "post", "own", 403),
    Case("onboarding:guide_edit", "get", "own", 403),
    Case("onboarding:guide_edit", "post", "own", 403, {"unwritten_rules": "hacked"}),
    Case("onboarding:guide_history", "get", "own", 403),
    Case("onboarding:guide_version", "get", "own", 403),
    Case("onboarding:pack", "get", "own", 403),
    Case("onboarding:pack", "post", "own", 403),
    Case("onboarding:export_status", "get", "own", 403),
    Case("onboarding:export_download", "get", "own", 403),
    Case("onboarding:item_update", "post", "own", 302, {"done": "1"}),
    Case("onboarding:item_update", "post", "own_staff", 403, {"done": "1"}),
    Case("onboarding:item_update", "post", "other", 404, {"done": "1"}),
    Case("onboarding:access_check", "post", "own", 403, {"c0-named_account": "on"}),
    Case("onboarding:exit_check", "post", "own", 403),
    Case("onboarding:templates", "get", "", 403),
    Case("onboarding:template_new", "get", "", 403),
    Case("onboarding:templates_reset", "post", "", 403),
    Case("onboarding:template_edit", "get", "own", 403),
    Case("onboarding:tools", "get", "", 403),
    Case("onboarding:tool_toggle", "post", "own", 403),
    Case("onboarding:playbooks", "get", "", 403),
    Case("onboarding-api:plan-list", "get", "", 200),
    Case("onboarding-api:plan-detail", "get", "own", 200),
    Case("onboarding-api:plan-detail", "get", "other", 404),
    Case("onboarding-api:plan-generate", "post", "", 403, {"engagement": "own"}),
    Case("onboarding-api:plan-item-list", "get", "", 200),
    Case("onboarding-api:plan-item-detail", "get", "own", 200),
    Case("onboarding-api:plan-item-detail", "get", "other", 404),
    Case("onboarding-api:plan-item-detail", "patch", "own", 200, {"done": True, "notes": "Watched it twice"}),
    Case("onboarding-api:plan-item-detail", "patch", "own_staff", 403, {"done": True}),
    Case("onboarding-api:plan-item-detail", "patch", "other", 404, {"done": True}),
    Case("onboarding-api:guide-list", "get", "", 200),
    Case("onboarding-api:guide-detail", "get", "own", 200),
    Case("onboarding-api:guide-detail", "get", "other", 404),
    Case("onboarding-api:guide-detail", "patch", "own", 403, {"unwritten_rules": "hacked"}),
    Case("onboarding-api:guide-versions", "get", "own", 403),
    Case("onboarding-api:pack-export-list", "get", "", 403),
    Case("onboarding-api:pack-export-list", "post", "", 403, {"engagement": "own"}),
    Case("onboarding-api:pack-export-detail", "get", "own", 403),
    Case("onboarding-api:exit-check-list", "get", "", 403),
    Case("onboarding-api:exit-check-detail", "get", "own", 403),
    Case("onboarding-api:exit-check-tick", "post", "own", 403),
]


def _routes() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in ("onboarding", "onboarding-api"):
                names.add(f"{namespace}:{entry.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_onboarding_route_has_an_external_case():
    assert _routes() == {c.route for c in CASES}


@pytest.fixture
def world(firm, engagement, second_engagement, selected, ops, partner):
    """Both engagements onboarded: plans, guides, a ready pack each, the firm's setup rows."""
    objects = {}
    with firm_scope(firm):
        for label, eng in (("own", engagement), ("other", second_engagement)):
            plan = services.plan_generate(firm=firm, actor=ops, engagement=eng, starts_on=DAY_1).plan
            export = PackExport.objects.create(
                firm=firm, engagement=eng, inputs_digest=label * 10, html="x", status="ready"
            )
            export.file.save("pack.pdf", ContentFile(b"%PDF-1.7 test"))
            objects[label] = {
                "engagement_id": eng.pk,
                "pk_plan": plan.pk,
                "plan_item_id": PlanItem.objects.get(
                    plan=plan, key="working-hours"
                ).pk,  # owned by the professional
                "guide": Guide.objects.get(engagement=eng).pk,
                "guide_version_id": GuideVersion.objects.get(guide__engagement=eng).pk,
                "pack_export_id": export.pk,
                "access_check_id": AccessCheck.objects.filter(plan=plan).first().pk,
            }
            checklist, _ = exit_checklist_open(
                firm=firm,
                actor=ops,
                engagement=eng,
                name=f"Someone before on {label}",
                user=None,
                cause="replaced",
                reason="",
                key=f"test:{label}",
            )
            objects[label]["exit_check_id"] = checklist.checks.first().pk
            objects[label]["staff_item"] = PlanItem.objects.get(plan=plan, key="kickoff").pk
        services.plan_templates_ensure(firm=firm)
        objects["own"]["plan_template_id"] = PlanTemplateItem.objects.first().pk
        objects["own"]["firm_tool_id"] = services.firm_tool_add(firm=firm, name="Slack", kind="chat").pk
    return objects


def _url(case: Case, world) -> str:
    own = world["own"]
    source = world["other"] if case.target == "other" else own
    route_kwargs = {
        "onboarding:plan": ["engagement_id"],
        "onboarding:plan_generate": ["engagement_id"],
        "onboarding:calendar": ["engagement_id"],
        "onboarding:access": ["engagement_id"],
        "onboarding:guide": ["engagement_id"],
        "onboarding:guide_edit": ["engagement_id"],
        "onboarding:guide_history": ["engagement_id"],
        "onboarding:pack": ["engagement_id"],
        "onboarding:guide_version": ["guide_version_id"],
        "onboarding:export_status": ["pack_export_id"],
        "onboarding:export_download": ["pack_export_id"],
        "onboarding:item_update": ["plan_item_id"],
        "onboarding:access_check": ["access_check_id"],
        "onboarding:exit_check": ["exit_check_id"],
        "onboarding:template_edit": ["plan_template_id"],
        "onboarding:tool_toggle": ["firm_tool_id"],
    }
    kwargs = {"firm_slug": "avery"}
    for name in route_kwargs.get(case.route, []):
        kwargs[name] = source[name]
    if case.route.endswith(("-detail", "-versions", "-tick")):
        key = {
            "plan": "pk_plan",
            "plan-item": "plan_item_id",
            "guide": "guide",
            "pack-export": "pack_export_id",
            "exit-check": "exit_check_id",
        }
        kwargs["pk"] = source[key[case.route.split(":")[1].rsplit("-", 1)[0]]]
    if case.target == "own_staff":
        kwargs["pk" if "pk" in kwargs else "plan_item_id"] = own["staff_item"]
    return reverse(case.route, kwargs=kwargs)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method}-{c.route}-{c.target or 'none'}")
def test_the_outsourced_professional_reaches_only_her_own_onboarding(case, world, client_for, external, firm):
    client = client_for(external)
    url = _url(case, world)
    data = dict(case.data or {})
    if data.get("engagement") == "own":
        data["engagement"] = world["own"]["engagement_id"]
    if case.route.startswith("onboarding-api:"):
        response = getattr(client, case.method)(url, data=data, content_type="application/json")
    else:
        response = getattr(client, case.method)(url, data=data)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == case.expect, body[:300]
    text = body.decode(errors="replace")
    assert OTHER not in text, "another engagement shown"
    assert str(SECRET_RATE) not in text, "a rate shown"
    for word in ("hourly_rate", "score", "rate_outsourced"):
        assert word not in text.lower()


def test_her_lists_hold_only_her_engagement_and_her_ticks_stick(world, client_for, external, firm):
    client = client_for(external)
    own = world["own"]
    plans = client.get("/api/v1/firms/avery/onboarding/plans/").json()
    assert [p["engagement"] for p in plans] == [own["engagement_id"]]
    items = client.get("/api/v1/firms/avery/onboarding/items/").json()
    assert items and {i["engagement"] for i in items} == {own["engagement_id"]}
    assert {i["can_edit"] for i in items if i["owner_role"] == Role.EXTERNAL} == {True}
    assert {i["can_edit"] for i in items if i["owner_role"] != Role.EXTERNAL} == {False}
    guides = client.get("/api/v1/firms/avery/onboarding/guides/").json()
    assert [g["engagement"] for g in guides] == [own["engagement_id"]]
    client.post(f"/f/avery/onboarding/items/{own['plan_item_id']}/", {"done": "1"})
    with firm_scope(firm):
        item = PlanItem.objects.get(pk=own["plan_item_id"])
    assert item.done and item.done_by == external
    page = client.get(f"/f/avery/onboarding/engagements/{own['engagement_id']}/").content.decode()
    assert "Confirm your working hours in America/Los_Angeles" in page and "✓ Done" in page
    assert (
        "/access/" not in page and "/pack/" not in page and "Regenerate" not in page and "/setup/" not in page
    )


def test_the_engagement_panel_shows_her_plan_links_but_no_staff_links(world, rf, external, firm):
    from django.template.loader import render_to_string

    from firmops.models import Engagement

    with firm_scope(firm):
        request = rf.get("/")
        request.user, request.firm = external, firm
        request.membership = external.memberships.get()
        own = Engagement.objects.get(pk=world["own"]["engagement_id"])
        other = Engagement.objects.get(pk=world["other"]["engagement_id"])
        mine = render_to_string("onboarding/_engagement_panel.html", {"engagement": own, "request": request})
        theirs = render_to_string(
            "onboarding/_engagement_panel.html", {"engagement": other, "request": request}
        )
    assert "30-day plan for" in mine and "How We Work guide" in mine
    assert "/access/" not in mine and "/pack/" not in mine
    assert theirs.strip() == ""
