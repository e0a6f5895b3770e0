"""What every firm request does before its own work stays exact while it gets cheaper.

The membership lookup is compiled once per connection (firmops.precompiled), but read afresh on
every request: deactivation, the bell and the switcher change on the very next page.
"""

from datetime import timedelta
from decimal import Decimal

from django.forms.models import model_to_dict
from django.utils import timezone

from firmops.messaging.notifications import notification_create
from firmops.models import Firm, Membership, Notification, Role
from firmops.selectors import memberships_of
from firmops.tenancy import firm_scope
from tests.factories import FirmFactory, MembershipFactory


def test_a_member_deactivated_behind_the_apps_back_is_refused_on_the_very_next_request(
    firm, paralegal, client_for
):
    client = client_for(paralegal)
    assert client.get("/f/avery/").status_code == 200
    with firm_scope(firm):  # a bulk update: no signal, no session ended, nothing cached to clear
        Membership.objects.filter(user=paralegal).update(is_active=False)
    assert client.get("/f/avery/").status_code == 404
    assert client.get("/api/v1/firms/avery/audit/entries/").status_code == 404


def test_the_switcher_reads_each_firm_and_membership_as_the_orm_stores_them(firm, partner):
    zeta = FirmFactory(name="Zeta Legal", slug="zeta", rate_partner=Decimal("612.50"))
    with firm_scope(zeta):
        MembershipFactory(firm=zeta, user=partner, role=Role.OPS)
    alpha = FirmFactory(name="Alpha Law", slug="alpha")
    with firm_scope(alpha):
        MembershipFactory(firm=alpha, user=partner, role=Role.PARTNER, is_active=False)
    notification_create(firm=firm, recipient=partner, kind="performance.checkin", title="Due")
    with firm_scope(firm):
        mine = memberships_of(user=partner, with_unread=True, with_sso=True)
    assert [m.firm.name for m in mine] == ["Avery & Stone LLP", "Zeta Legal"]  # by name; Alpha's is inactive
    assert mine[0].unread_notifications == 1
    for membership in mine:
        with firm_scope(membership.firm_id):
            stored = Membership.objects.select_related("firm").get(pk=membership.pk)
        assert model_to_dict(membership) == model_to_dict(stored)
        assert model_to_dict(membership.firm) == model_to_dict(Firm.objects.get(pk=membership.firm_id))
        assert membership.user is partner and membership.sso_required is False
    assert mine[1].firm.rate_partner == Decimal("612.50") and mine[1].get_role_display() == "Ops staff"


def test_the_bell_counts_a_notification_from_the_moment_it_comes_due(firm, partner, client_for):
    later = timezone.now() + timedelta(hours=1)
    note = notification_create(
        firm=firm, recipient=partner, kind="performance.checkin", title="Soon", shown_at=later
    )
    client = client_for(partner)
    assert "Notifications, none unread" in client.get("/f/avery/").content.decode()
    with firm_scope(firm):
        Notification.objects.filter(pk=note.pk).update(shown_at=timezone.now() - timedelta(minutes=1))
    assert "Notifications, 1 unread" in client.get("/f/avery/").content.decode()


def test_a_session_that_expired_or_ended_is_refused_on_the_very_next_request(firm, partner, client_for):
    from django.contrib.sessions.models import Session

    from firmops.session_store import SessionStore

    client = client_for(partner)
    assert client.get("/f/avery/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/f/avery/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(partner)
    assert client.get("/f/avery/").status_code == 200
    SessionStore(client.session.session_key).delete()
    assert client.get("/f/avery/").status_code == 302


def test_a_user_deactivated_or_with_a_new_password_is_signed_out_on_the_very_next_request(
    firm, partner, paralegal, client_for
):
    from firmops.models import User

    client = client_for(paralegal)
    assert client.get("/f/avery/").status_code == 200
    User.objects.filter(pk=paralegal.pk).update(is_active=False)
    assert client.get("/f/avery/").status_code == 302
    client = client_for(partner)
    assert client.get("/f/avery/").status_code == 200
    User.objects.filter(pk=partner.pk).update(password="md5$other$0123")
    assert client.get("/f/avery/").status_code == 302
    assert User.objects.get(pk=partner.pk).password == "md5$other$0123"  # read afresh, by id


def test_a_user_looked_up_by_an_id_that_does_not_exist_is_not_found(db):
    import pytest

    from firmops.models import User

    with pytest.raises(User.DoesNotExist, match="User matching query does not exist"):
        User.objects.get(pk=987654)


# --- the firm navigation, drawn once per firm, role and section ------------------------------------


def _nav(client, path="/f/avery/") -> str:
    page = client.get(path).content.decode()
    start = page.index('<nav class="firmnav"')
    return page[start : page.index("</nav>", start)]


def test_each_role_sees_its_own_navigation_whoever_drew_it_first(firm, members, client_for):
    partner_nav = _nav(client_for(members[Role.PARTNER]), "/f/avery/?overview=1")
    assert "Audit trail" in partner_nav and "Settings" in partner_nav and "Members" in partner_nav
    paralegal_nav = _nav(client_for(members[Role.PARALEGAL]), "/f/avery/?overview=1")
    assert "Audit</a>" in paralegal_nav
    assert (
        "Audit trail" not in paralegal_nav
        and "Settings" not in paralegal_nav
        and "Members" not in paralegal_nav
    )
    ops_nav = _nav(client_for(members[Role.OPS]), "/f/avery/?overview=1")
    assert "Members" in ops_nav and "Settings" not in ops_nav
    external_nav = _nav(client_for(members[Role.EXTERNAL]), "/f/avery/?overview=1")
    assert "Engagements" not in external_nav and "Audit</a>" not in external_nav


def test_another_firm_never_gets_this_firms_links(firm, partner, other_partner, client_for):
    assert "/f/avery/members/" in _nav(client_for(partner))
    theirs = _nav(client_for(other_partner), "/f/blackwood/")
    assert "/f/blackwood/members/" in theirs and "/f/avery/" not in theirs


def test_a_new_role_shows_in_the_navigation_on_the_very_next_page(firm, members, paralegal, client_for):
    client = client_for(paralegal)
    assert "Settings" not in _nav(client, "/f/avery/?overview=1")
    with firm_scope(firm):
        Membership.objects.filter(user=paralegal).update(role=Role.PARTNER)
    assert "Settings" in _nav(client, "/f/avery/?overview=1")
    with firm_scope(firm):
        Membership.objects.filter(user=paralegal).update(role=Role.EXTERNAL)
    assert "Engagements" not in _nav(client, "/f/avery/?overview=1")


def test_the_navigation_marks_the_section_the_page_lies_in(firm, partner, client_for):
    client = client_for(partner)
    dashboard = _nav(client)
    assert 'href="/f/avery/" aria-current="page">Dashboard' in dashboard
    assert dashboard.count("aria-current") == 1
    audit = _nav(client, "/f/avery/audit/")
    assert 'href="/f/avery/audit/" aria-current="page">Audit' in audit and audit.count("aria-current") == 1
    assert "aria-current" not in _nav(client, "/f/avery/members/")
