"""The quick log as a paralegal in a hurry uses it: one form, Enter saves, no reload, own entries only."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from audit.models import TaskEntry
from audit.services import audit_entry_create
from firmops.models import Membership, Role
from firmops.tenancy import firm_scope
from tests.factories import MembershipFactory, UserFactory

JSON = {"HTTP_ACCEPT": "application/json"}


def _url(period, suffix="log/"):
    return f"/f/avery/audit/periods/{period.pk}/{suffix}"


def _form(today, **extra):
    return {
        "description": "Summarized depo of Officer Grant",
        "minutes": "45",
        "performed_on": f"{today:%Y-%m-%d}",
        **extra,
    }


def test_the_log_page_is_keyboard_first_phone_ready_and_has_no_inline_script(client_for, paralegal, period):
    html = client_for(paralegal).get(_url(period)).content.decode()
    assert re.search(r'<input[^>]*name="description"[^>]*autofocus', html)
    assert '<meta name="viewport" content="width=device-width' in html
    assert re.search(r'<script src="/static/audit/quicklog.js" defer>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline scripts are forbidden by the CSP"
    assert 'name="performer"' not in html  # a paralegal logs for themselves only
    assert "Nothing logged for this day yet" in html


def test_the_page_script_saves_with_json_and_gets_the_new_row_back(
    client_for, paralegal, firm, period, today
):
    response = client_for(paralegal).post(_url(period), _form(today, matter="Grant", billable="on"), **JSON)
    assert response.status_code == 201
    data = response.json()
    assert data["ok"] and "Deposition summaries" in data["message"]
    assert "Summarized depo of Officer Grant" in data["html"] and data["html"].lstrip().startswith("<tr")
    with firm_scope(firm):
        entry = TaskEntry.objects.get()
    assert (entry.performer, entry.minutes, entry.matter, entry.billable) == (paralegal, 45, "Grant", True)
    assert entry.category == "deposition_summaries" and entry.hourly_cost == 40


def test_without_javascript_the_form_posts_and_comes_back_to_the_same_day(
    client_for, paralegal, period, today
):
    client = client_for(paralegal)
    response = client.post(_url(period), _form(today))
    assert response.status_code == 302 and response["Location"].endswith(f"?day={today:%Y-%m-%d}")
    page = client.get(response["Location"]).content.decode()
    assert "Logged 45 min" in page  # the flash
    assert "Summarized depo of Officer Grant" in page and "Deposition summaries" in page


def test_a_bad_entry_names_the_field_in_json_and_saves_nothing(client_for, paralegal, firm, period, today):
    response = client_for(paralegal).post(_url(period), _form(today, minutes="-5"), **JSON)
    assert response.status_code == 400
    assert "minutes" in response.json()["errors"]
    with firm_scope(firm):
        assert not TaskEntry.objects.exists()


def test_todays_entries_are_listed_with_edit_and_delete_that_work_in_place(
    client_for, paralegal, firm, period, today
):
    client = client_for(paralegal)
    created = client.post(_url(period), _form(today), **JSON).json()
    page = client.get(_url(period)).content.decode()
    assert f'id="entry-{created["entry_id"]}"' in page
    edit = f"/f/avery/audit/entries/{created['entry_id']}/edit/"
    assert (
        f'href="{edit}"' in page and f'action="/f/avery/audit/entries/{created["entry_id"]}/delete/"' in page
    )
    edited = client.post(
        edit, _form(today, description="E-filed notice of appearance", minutes="10"), **JSON
    ).json()
    assert edited["ok"] and "E-filing" in edited["html"]
    delete = f"/f/avery/audit/entries/{created['entry_id']}/delete/"
    asked = client.post(delete, **JSON).json()
    assert not asked["ok"] and asked["confirm"]["field"] == "confirmed"  # one click asks, deletes nothing
    with firm_scope(firm):
        assert TaskEntry.objects.exists()
    deleted = client.post(delete, {"confirmed": "yes"}, **JSON).json()
    assert deleted["ok"]
    with firm_scope(firm):
        assert not TaskEntry.objects.exists()


def test_a_paralegal_cannot_touch_a_colleagues_entry(client_for, members, firm, period):
    entry = audit_entry_create(
        firm=firm, actor=members[Role.ATTORNEY], period=period, description="Drafted RFPs", minutes=30
    )
    client = client_for(members[Role.PARALEGAL])
    assert client.get(f"/f/avery/audit/entries/{entry.pk}/edit/").status_code == 404
    assert client.post(f"/f/avery/audit/entries/{entry.pk}/delete/").status_code == 404
    with firm_scope(firm):
        assert TaskEntry.objects.filter(pk=entry.pk).exists()


def test_a_paralegal_cannot_see_another_firms_entries(
    client_for, paralegal, firm, other_firm, other_engagement, today
):
    from audit.services import audit_period_open

    other_partner = other_engagement.owner
    other_period = audit_period_open(
        firm=other_firm, actor=other_partner, engagement=other_engagement, starts_on=today
    )
    secret = audit_entry_create(
        firm=other_firm,
        actor=other_partner,
        period=other_period,
        description="Blackwood secret brief",
        minutes=30,
    )
    client = client_for(paralegal)
    assert client.get(f"/f/avery/audit/periods/{other_period.pk}/log/").status_code == 404
    assert client.get(f"/f/avery/audit/entries/{secret.pk}/edit/").status_code == 404
    assert client.get(f"/f/blackwood/audit/periods/{other_period.pk}/log/").status_code == 404
    listed = client.get("/api/v1/firms/avery/audit/entries/").json()
    assert listed["count"] == 0
    assert client.get(f"/api/v1/firms/avery/audit/entries/{secret.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.PARTNER, Role.OPS])
def test_partners_and_ops_log_for_someone_else(client_for, members, firm, period, today, role):
    paralegal = members[Role.PARALEGAL]
    client = client_for(members[role])
    assert 'name="performer"' in client.get(_url(period)).content.decode()
    response = client.post(_url(period), _form(today, performer=str(paralegal.pk)), **JSON)
    assert response.status_code == 201 and "for " in response.json()["html"]
    with firm_scope(firm):
        entry = TaskEntry.objects.get()
    assert (entry.performer, entry.logged_by, entry.hourly_cost) == (paralegal, members[role], 40)


def test_a_stranger_to_the_firm_cannot_be_picked_as_performer(
    client_for, partner, other_partner, firm, period, today
):
    response = client_for(partner).post(_url(period), _form(today, performer=str(other_partner.pk)), **JSON)
    assert response.status_code == 400 and "performer" in response.json()["errors"]


def test_log_goes_to_the_period_open_today_or_explains_there_is_none(client_for, paralegal, period):
    client = client_for(paralegal)
    assert client.get("/f/avery/audit/log/")["Location"] == _url(period)


def test_with_no_period_open_the_audit_page_says_what_to_do(client_for, partner, paralegal, firm):
    assert (
        "No audit period is open today"
        in client_for(paralegal).get("/f/avery/audit/", follow=True).content.decode()
    )
    assert (
        client_for(partner).get("/f/avery/audit/log/", follow=True).redirect_chain[-1][0] == "/f/avery/audit/"
    )


def test_a_partner_opens_a_period_from_the_page(client_for, partner, members, firm, engagement, today):
    response = client_for(partner).post(
        "/f/avery/audit/periods/new/",
        {
            "engagement": engagement.pk,
            "starts_on": f"{today:%Y-%m-%d}",
            "days": 7,
            "participants": [members[Role.PARALEGAL].pk, members[Role.ATTORNEY].pk],
        },
        follow=True,
    )
    assert "Audit period opened" in response.content.decode()
    assert "Participants" in response.content.decode()


def test_a_partner_corrects_a_classification_from_the_entries_page(
    client_for, partner, members, firm, period
):
    entry = audit_entry_create(
        firm=firm, actor=members[Role.ATTORNEY], period=period,
        description="Reviewed pre-bills and approved invoices", minutes=30,
    )  # fmt: skip
    client = client_for(partner)
    listing = client.get(_url(period, "entries/")).content.decode()
    assert f"/f/avery/audit/entries/{entry.pk}/override/" in listing
    response = client.post(
        f"/f/avery/audit/entries/{entry.pk}/override/",
        {"bucket": "outsourceable", "category": "billing_time_entry"},
        follow=True,
    )
    assert "1 entry of the firm updated" in response.content.decode()
    overrides = client.get("/f/avery/audit/overrides/").content.decode()
    assert "Reviewed pre-bills and approved invoices" in overrides and partner.display_name in overrides


def test_ops_cannot_correct_a_classification(client_for, members, firm, period):
    entry = audit_entry_create(
        firm=firm, actor=members[Role.OPS], period=period, description="Drafted RFPs", minutes=5
    )
    response = client_for(members[Role.OPS]).post(
        f"/f/avery/audit/entries/{entry.pk}/override/", {"bucket": "core", "category": "case_strategy"}
    )
    assert response.status_code == 403


def test_a_partner_gives_a_member_an_own_rate(client_for, partner, members, firm, period):
    from firmops.models import Membership

    with firm_scope(firm):
        membership = Membership.objects.get(user=members[Role.PARALEGAL])
    client = client_for(partner)
    response = client.post(
        "/f/avery/audit/rates/", {"membership": membership.pk, "hourly_rate": "55"}, follow=True
    )
    assert "now costs $55" in response.content.decode()
    entry = audit_entry_create(
        firm=firm, actor=members[Role.PARALEGAL], period=period, description="Drafted RFPs", minutes=5
    )
    assert entry.hourly_cost == 55
    assert client_for(members[Role.OPS]).get("/f/avery/audit/rates/").status_code == 403


def test_the_nav_links_to_the_audit(client_for, paralegal, firm):
    assert 'href="/f/avery/audit/"' in client_for(paralegal).get("/f/avery/").content.decode()


def test_the_engagement_panel_include_shows_the_top_of_the_hit_list(
    rf, partner, members, firm, engagement, period
):
    audit_entry_create(
        firm=firm, actor=members[Role.ATTORNEY], period=period,
        description="Summarized Dr. Patel deposition transcript", minutes=60,
    )  # fmt: skip
    with firm_scope(firm):
        membership = partner.memberships.get()
        request = rf.get("/")
        html = Template('{% include "audit/_engagement_panel.html" %}').render(
            Context({"firm": firm, "membership": membership, "engagement": engagement, "request": request})
        )
    assert "Deposition summaries — $360/week" in html
    assert f"/f/avery/audit/periods/{period.pk}/hit-list/" in html


def test_an_outsider_with_no_staff_role_sees_no_audit(client_for, firm, period):
    outsider = UserFactory(email="contractor@avery.test")
    with firm_scope(firm):
        MembershipFactory(firm=firm, user=outsider, role=Role.EXTERNAL)
    assert client_for(outsider).get(_url(period)).status_code == 403


def test_logging_a_task_reads_the_membership_once_and_takes_no_savepoint_of_its_own(
    client_for, paralegal, firm, period, today
):
    client = client_for(paralegal)
    client.get(_url(period))  # the session's first visit writes the remembered firm
    with CaptureQueriesContext(connection) as ctx:
        assert client.post(_url(period), _form(today), **JSON).status_code == 201
    statements = [q["sql"] for q in ctx.captured_queries]
    assert len([s for s in statements if '"firmops_membership"' in s]) == 1, "\n".join(statements)
    # The middleware's own transaction (a savepoint inside the test's), none for the view or service.
    assert len([s for s in statements if s.startswith("SAVEPOINT")]) == 1, "\n".join(statements)
    assert len(statements) <= 9, "\n".join(statements)
    with firm_scope(firm):
        assert TaskEntry.objects.get().description == "Summarized depo of Officer Grant"


def test_a_refused_entry_saves_nothing_and_the_requests_transaction_goes_on(firm, paralegal, period, today):
    with firm_scope(firm):  # as inside a firm request: the service joins this transaction
        with pytest.raises(ValidationError) as refused:
            audit_entry_create(
                firm=firm, actor=paralegal, period=period, description="Drafted RFPs", minutes=0
            )
        assert "minutes" in refused.value.message_dict
        assert not TaskEntry.objects.exists()
        entry = audit_entry_create(
            firm=firm, actor=paralegal, period=period, description="Drafted RFPs", minutes=30
        )
        assert list(TaskEntry.objects.values_list("pk", flat=True)) == [entry.pk]


def test_a_membership_handed_in_from_another_firm_is_not_taken_at_its_word(
    firm, other_firm, other_partner, period
):
    with firm_scope(other_firm):
        foreign = Membership.objects.get(user=other_partner)
    with firm_scope(firm), pytest.raises(PermissionDenied):
        audit_entry_create(
            firm=firm,
            actor=other_partner,
            period=period,
            description="Drafted RFPs",
            minutes=30,
            actor_membership=foreign,
        )
    with firm_scope(firm):
        assert not TaskEntry.objects.exists()
