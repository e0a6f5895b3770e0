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
