import pytest
from django.http import Http404

from firmops.models import Engagement, Membership
from firmops.tenancy import FirmScopeRequired, firm_scope, get_for_firm
from tests.factories import EngagementFactory


def test_query_on_a_tenant_model_outside_a_firm_scope_raises(engagement):
    with pytest.raises(FirmScopeRequired, match="outside a firm scope"):
        list(Engagement.objects.all())


def test_scoped_manager_returns_only_the_scoped_firms_rows(engagement, other_engagement, firm, other_firm):
    with firm_scope(firm):
        assert list(Engagement.objects.values_list("name", flat=True)) == ["Avery audit 2026"]
    with firm_scope(other_firm):
        assert list(Engagement.objects.values_list("name", flat=True)) == ["Blackwood secret engagement"]


def test_nested_scope_restores_the_outer_firm(engagement, other_engagement, firm, other_firm):
    with firm_scope(firm):
        with firm_scope(other_firm):
            assert Engagement.objects.get().name == "Blackwood secret engagement"
        assert Engagement.objects.get().name == "Avery audit 2026"


def test_for_firm_is_explicit_and_never_mixes_firms(engagement, other_engagement, firm):
    with firm_scope(firm):
        assert [e.name for e in Engagement.objects.for_firm(firm)] == ["Avery audit 2026"]


def test_get_for_firm_gives_the_same_404_for_missing_and_foreign_objects(firm, other_engagement):
    with firm_scope(firm):
        with pytest.raises(Http404) as foreign:
            get_for_firm(Engagement, firm=firm, pk=other_engagement.pk)
        with pytest.raises(Http404) as missing:
            get_for_firm(Engagement, firm=firm, pk=999999)
    assert str(foreign.value) == str(missing.value)


def test_saving_another_firms_row_inside_a_scope_is_refused(firm, other_firm, partner):
    with firm_scope(firm):
        with pytest.raises(FirmScopeRequired, match="Refusing to save"):
            EngagementFactory(firm=other_firm, owner=partner)
        assert not Engagement.objects.exists()


def test_memberships_are_firm_scoped_too(members, other_partner, firm, other_firm):
    with firm_scope(other_firm):
        assert [m.user.email for m in Membership.objects.all()] == ["partner@blackwood.test"]
