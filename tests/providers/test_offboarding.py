"""Offboarding (issue 19 item 3): a replaced professional keeps nothing they could still open, and ops
takes back the rest through an exit checklist built from the same systems as the entry checklist.

Persona: Elena Novak (the firm's outsourced professional, signed in) is selected, onboarded with a
plan and her NDA on file; the partner replaces her, or closes the engagement.
"""

from __future__ import annotations

import html

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from firmops.engagements.next_actions import engagement_pipeline
from firmops.models import Engagement, Membership, Role, Stage, User
from firmops.tenancy import firm_scope
from onboarding.models import AccessCheck, ExitCheck, ExitChecklist
from onboarding.services import access_check_update, plan_generate
from providers.evidence.services import evidence_add
from providers.models import Professional, Provider, ProviderModel, Selection
from providers.selection.services import selection_create, selection_request_replacement
from tests.factories import EngagementFactory, MembershipFactory, UserFactory
from tests.providers.evidence_files import pdf_upload

SESSION_ENGINES = [
    "firmops.session_store",  # the default: Django's database backend, its read precompiled
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.signed_cookies",
]


def _onboarded(firm, partner, ops, engagement, user, name="Elena Novak"):
    """Select `user`'s professional record for the engagement, generate the plan, file her NDA."""
    with firm_scope(firm):
        provider = Provider.objects.create(
            firm=firm,
            engagement=engagement,
            name=f"{name} vendor",
            model=ProviderModel.TALENT_PLATFORM,
            contact_email="talent@vendor.test",
        )
        pro = Professional.objects.create(
            firm=firm, provider=provider, name=name, email=user.email, hourly_rate=35, user=user
        )
    nda = evidence_add(firm=firm, kind="nda", file=pdf_upload(f"{name}-nda.pdf"), professional=pro, actor=ops)
    selection = selection_create(
        firm=firm, actor=partner, engagement=engagement, professional=pro, rationale="Best answers, overlap."
    )
    plan_generate(firm=firm, actor=ops, engagement=engagement)
    return selection, nda


def _urls(engagement, nda, slug="avery") -> dict[str, str]:
    return {
        "plan": f"/f/{slug}/onboarding/engagements/{engagement.pk}/",
        "calendar feed": f"/f/{slug}/performance/engagements/{engagement.pk}/checkins.ics",
        "plan calendar": f"/f/{slug}/onboarding/engagements/{engagement.pk}/calendar.ics",
        "NDA download": f"/f/{slug}/vetting/evidence/{nda.pk}/download/",
    }


def _signed_in(user) -> Client:
    """A new browser signing in as `user`, as they are in the database now (as a real sign-in reads them)."""
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


@pytest.fixture
def ops(members):
    return members[Role.OPS]


@pytest.fixture
def elena(members):
    return members[Role.EXTERNAL]


@pytest.fixture
def onboarded(firm, partner, ops, engagement, elena):
    return _onboarded(firm, partner, ops, engagement, elena)


def _replace_through_the_api(partner, selection):
    response = _signed_in(partner).post(
        f"/api/v1/firms/avery/vetting/selections/{selection.pk}/replace/",
        {"reason": "Missed two filing deadlines."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response


def test_the_moment_the_replacement_is_confirmed_her_session_feed_and_downloads_are_gone(
    firm, partner, engagement, elena, onboarded
):
    selection, nda = onboarded
    urls = _urls(engagement, nda)
    hers = _signed_in(elena)
    for what, url in urls.items():
        assert hers.get(url).status_code == 200, what

    _replace_through_the_api(partner, selection)

    # Her open session is over: the next page lands on sign-in, the API says she is nobody.
    for what, url in urls.items():
        response = hers.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), what
    assert hers.get("/api/v1/firms/avery/engagements/").status_code in (401, 403)
    # Signing in again gets her nothing of the firm: its pages, feed and files answer 404.
    again = _signed_in(elena)
    for what, url in urls.items():
        assert again.get(url).status_code == 404, what
    with firm_scope(firm):
        assert Membership.objects.get(user=elena).is_active is False


@pytest.mark.parametrize("engine", SESSION_ENGINES)
def test_every_session_of_hers_ends_whatever_the_session_engine(
    settings, engine, firm, partner, engagement, elena, onboarded
):
    settings.SESSION_ENGINE = engine
    selection, _ = onboarded
    laptop, phone = _signed_in(elena), _signed_in(elena)
    assert laptop.get("/f/avery/").status_code in (200, 302)
    selection_request_replacement(firm=firm, actor=partner, selection=selection, reason="Not a fit.")
    for client in (laptop, phone):
        response = client.get(f"/f/avery/engagements/{engagement.pk}/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # The partner who replaced her is still signed in.
    assert _signed_in(partner).get(f"/f/avery/engagements/{engagement.pk}/").status_code == 200


def _open_action(firm, membership, engagement):
    with firm_scope(firm):
        pipeline = engagement_pipeline(firm=firm, membership=membership, engagement=engagement)
    actions = [pipeline.next_action, *pipeline.other_actions] if pipeline.next_action else []
    return next((a for a in actions if a.label.startswith("Finish the exit checklist")), None), pipeline


def test_the_exit_checklist_comes_from_the_firms_tools_shows_on_next_actions_until_ops_ticks_it_off(
    firm, partner, ops, members, engagement, elena, onboarded
):
    selection, _ = onboarded
    with firm_scope(firm):
        first = AccessCheck.objects.order_by("position").first()
    access_check_update(firm=firm, actor=ops, check=first, named_account=True)  # granted under her NDA
    selection_request_replacement(firm=firm, actor=partner, selection=selection, reason="Not a fit.")
    with firm_scope(firm):
        checklist = ExitChecklist.objects.get()
        entry_systems = [c.system for c in checklist.engagement.onboarding_plans.get().access_checks.all()]
        items = list(checklist.checks.all())
        ops_membership = Membership.objects.get(user=ops)
    assert len(entry_systems) >= 3  # the plan gave her the firm's tools
    assert checklist.professional_name == "Elena Novak" and checklist.cause == "replaced"
    assert checklist.membership_deactivated is True and checklist.opened_by == partner
    assert [i.system for i in items if i.kind == ExitCheck.Kind.ACCESS] == entry_systems
    assert {i.kind for i in items} == {"access", "files", "nda"}
    assert "Elena Novak-nda.pdf" not in "".join(i.title for i in items)  # the NDA by its label, not file
    assert any("NDA" in i.title and "version 1" in i.title for i in items)

    action, _ = _open_action(firm, ops_membership, engagement)
    assert action is not None and f"({len(items)} items open)" in action.label
    assert action.url.endswith(f"/onboarding/engagements/{engagement.pk}/access/#exit")
    page = html.unescape(_signed_in(ops).get(action.url.split("#")[0]).content.decode())
    assert "Exit checklist: Elena Novak" in page and items[0].title in page

    # Not for an attorney or paralegal to tick; a tick is done once, with who and when.
    for role in (Role.ATTORNEY, Role.PARALEGAL, Role.EXTERNAL):
        response = _signed_in(members[role]).post(f"/f/avery/onboarding/exit/{items[0].pk}/")
        assert response.status_code in (403, 404), role
    ops_client = _signed_in(ops)
    for item in items:
        assert ops_client.post(f"/f/avery/onboarding/exit/{item.pk}/").status_code == 302
    twice = html.unescape(
        ops_client.post(f"/f/avery/onboarding/exit/{items[0].pk}/", follow=True).content.decode()
    )
    assert "was already ticked off by" in twice
    with firm_scope(firm):
        done = list(ExitCheck.objects.filter(checklist=checklist))
    assert all(i.done_by == ops and i.done_at is not None for i in done)
    action, pipeline = _open_action(firm, ops_membership, engagement)
    assert action is None
    onboarding = next(p for p in pipeline.phases if p.phase == Stage.ONBOARDING)
    assert "Exit checklist for Elena Novak complete." in onboarding.report.done


def test_replacing_twice_writes_nothing_twice_and_says_why(firm, partner, engagement, elena, onboarded):
    selection, _ = onboarded
    selection_request_replacement(firm=firm, actor=partner, selection=selection)
    generation = User.objects.get(pk=elena.pk).session_generation
    with pytest.raises(ValidationError, match="already requested"):
        selection_request_replacement(firm=firm, actor=partner, selection=selection)
    response = _signed_in(partner).post(
        f"/api/v1/firms/avery/vetting/selections/{selection.pk}/replace/", {}, content_type="application/json"
    )
    assert response.status_code == 400 and "already requested" in response.content.decode()
    with firm_scope(firm):
        assert ExitChecklist.objects.count() == 1
        assert ExitCheck.objects.filter(done_at__isnull=True).count() == ExitCheck.objects.count()
    assert User.objects.get(pk=elena.pk).session_generation == generation


def test_closing_the_engagement_offboards_its_professional_and_leaves_another_firms_alone(
    firm, other_firm, partner, other_partner, ops, engagement, elena, onboarded
):
    selection, nda = onboarded
    their_pro = UserFactory(email="pro@blackwood.test")
    with firm_scope(other_firm):
        MembershipFactory(firm=other_firm, user=their_pro, role=Role.EXTERNAL)
        MembershipFactory(firm=other_firm, user=UserFactory(email="ops@blackwood.test"), role=Role.OPS)
        theirs = EngagementFactory(firm=other_firm, owner=other_partner, name="Blackwood engagement")
    their_ops = User.objects.get(email="ops@blackwood.test")
    _, their_nda = _onboarded(other_firm, other_partner, their_ops, theirs, their_pro, name="Sam Lee")
    theirs_client = _signed_in(their_pro)

    response = _signed_in(partner).post(
        f"/f/avery/engagements/{engagement.pk}/",
        {"to_stage": "closed", "reason": "Matter concluded.", "confirmed": "yes"},
    )
    assert response.status_code == 302
    with firm_scope(firm):
        checklist = ExitChecklist.objects.get()
        assert checklist.cause == "closed" and checklist.key == f"selection:{selection.pk}"
        assert Membership.objects.get(user=elena).is_active is False
        assert Selection.objects.get(pk=selection.pk).engagement.external_user_id is None
    again = _signed_in(elena)
    for what, url in _urls(engagement, nda).items():
        assert again.get(url).status_code == 404, what
    # The exit checklist still waits on ops on the closed engagement's page.
    page = _signed_in(ops).get(f"/f/avery/engagements/{engagement.pk}/").content.decode()
    assert "Finish the exit checklist for Elena Novak" in page
    # Blackwood's professional, signed in all along, still opens everything of theirs.
    for what, url in _urls(theirs, their_nda, slug="blackwood").items():
        assert theirs_client.get(url).status_code == 200, what
    with firm_scope(other_firm):
        assert not ExitChecklist.objects.exists()
        assert Membership.objects.get(user=their_pro).is_active is True


def test_a_professional_still_on_another_open_engagement_keeps_the_membership_not_this_engagement(
    firm, partner, ops, engagement, elena, onboarded
):
    selection, _ = onboarded
    with firm_scope(firm):
        second = EngagementFactory(firm=firm, owner=partner, name="Second matter")
    _onboarded(firm, partner, ops, second, elena, name="Elena N.")
    hers = _signed_in(elena)
    selection_request_replacement(firm=firm, actor=partner, selection=selection, reason="Not a fit.")
    assert hers.get(f"/f/avery/onboarding/engagements/{engagement.pk}/").status_code == 404
    assert hers.get(f"/f/avery/onboarding/engagements/{second.pk}/").status_code == 200
    with firm_scope(firm):
        assert ExitChecklist.objects.get().membership_deactivated is False


def test_closing_offboards_an_account_linked_to_the_engagement_without_a_selection(
    firm, partner, engagement, elena
):
    with firm_scope(firm):
        Engagement.objects.filter(pk=engagement.pk).update(stage=Stage.PERFORMING, external_user=elena)
        engagement.refresh_from_db()
    hers = _signed_in(elena)
    assert hers.get(f"/f/avery/engagements/{engagement.pk}/").status_code == 200
    response = _signed_in(partner).post(
        f"/api/v1/firms/avery/engagements/{engagement.pk}/stage/",
        {"to_stage": "closed"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert hers.get(f"/f/avery/engagements/{engagement.pk}/").status_code == 302
    with firm_scope(firm):
        assert Membership.objects.get(user=elena).is_active is False
        checklist = ExitChecklist.objects.get()
    assert checklist.cause == "closed" and checklist.professional_user == elena


def test_ending_the_trial_asks_first_then_ends_her_access_without_asking_for_a_replacement(
    firm, partner, engagement, elena, onboarded, django_capture_on_commit_callbacks
):
    selection, nda = onboarded
    hers, partners = _signed_in(elena), _signed_in(partner)
    url = f"/f/avery/vetting/selections/{selection.pk}/end-trial/"
    asked = partners.post(url, {"reason": "We keep the work in-house."})
    text = html.unescape(asked.content.decode())
    assert asked.status_code == 200 and "End the trial of Elena Novak" in text
    assert "Elena Novak's access ends now" in text and "An exit checklist opens for ops" in text
    assert hers.get(_urls(engagement, nda)["plan"]).status_code == 200  # the one click changed nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = partners.post(url, {"reason": "We keep the work in-house.", "confirmed": "yes"})
    assert done.status_code == 302
    for what, url_ in _urls(engagement, nda).items():
        response = hers.get(url_)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), what
    with firm_scope(firm):
        stopped = Selection.objects.select_related("professional", "engagement").get(pk=selection.pk)
        checklist = ExitChecklist.objects.get()
        assert Membership.objects.get(user=elena).is_active is False
    assert stopped.status == "ended" and stopped.replaced_by == partner
    assert stopped.professional.status == Professional.Status.DECLINED
    assert stopped.engagement.stage == Stage.VETTING
    assert checklist.cause == "trial_ended" and checklist.reason == "We keep the work in-house."
    assert mail.outbox[-1].subject == "Avery & Stone LLP ends the trial of Elena Novak"
    assert mail.outbox[-1].to == ["talent@vendor.test"] and "asks for no replacement" in mail.outbox[-1].body

    again = partners.post(
        f"/api/v1/firms/avery/vetting/selections/{selection.pk}/end-trial/",
        {},
        content_type="application/json",
    )
    assert again.status_code == 400 and "already ended" in again.content.decode()
    replace = partners.post(
        f"/api/v1/firms/avery/vetting/selections/{selection.pk}/replace/", {}, content_type="application/json"
    )
    assert replace.status_code == 400 and "already ended" in replace.content.decode()
    with firm_scope(firm):
        assert ExitChecklist.objects.count() == 1


def test_a_confirmed_professionals_trial_cannot_be_ended_only_replaced(firm, partner, elena, onboarded):
    selection, _ = onboarded
    with firm_scope(firm):
        Selection.objects.filter(pk=selection.pk).update(status="confirmed")
    response = _signed_in(partner).post(
        f"/api/v1/firms/avery/vetting/selections/{selection.pk}/end-trial/",
        {},
        content_type="application/json",
    )
    assert response.status_code == 400 and "request a replacement instead" in response.content.decode()
    with firm_scope(firm):
        assert Membership.objects.get(user=elena).is_active is True and not ExitChecklist.objects.exists()


def test_ops_read_and_tick_the_exit_checklist_through_the_api_and_no_other_firm_sees_it(
    firm, other_partner, partner, ops, members, engagement, elena, onboarded
):
    selection, _ = onboarded
    selection_request_replacement(firm=firm, actor=partner, selection=selection, reason="Not a fit.")
    api = "/api/v1/firms/avery/onboarding/exit-checks/"
    ops_client = _signed_in(ops)
    items = ops_client.get(f"{api}?engagement={engagement.pk}&open=1").json()
    assert items and {i["professional"] for i in items} == {"Elena Novak"}
    assert {i["cause"] for i in items} == {"replaced"} and not any(i["done"] for i in items)
    first = items[0]["id"]
    for role in (Role.ATTORNEY, Role.PARALEGAL):
        assert _signed_in(members[role]).post(f"{api}{first}/tick/").status_code == 403
    ticked = ops_client.post(f"{api}{first}/tick/")
    assert ticked.status_code == 200 and ticked.json()["done_by"] == ops.email
    twice = ops_client.post(f"{api}{first}/tick/")
    assert twice.status_code == 400 and "already ticked off by" in twice.content.decode()
    assert len(ops_client.get(f"{api}?open=1").json()) == len(items) - 1
    blackwood = _signed_in(other_partner)
    assert blackwood.get(f"{api}{first}/").status_code == 404
    assert blackwood.get("/api/v1/firms/blackwood/onboarding/exit-checks/").json() == []
