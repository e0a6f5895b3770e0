"""Periods, entries, costs and partner overrides, as the people doing the audit would notice them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.classifier.firm import classify_for_firm, firm_rules
from audit.models import AuditParticipant, ClassificationOverride, TaskEntry
from audit.services import (
    audit_entry_create,
    audit_entry_delete,
    audit_entry_update,
    audit_member_rate_set,
    audit_override_delete,
    audit_override_set,
    audit_period_open,
    audit_period_recost,
)
from firmops.engagements.services import engagement_move_stage
from firmops.models import EngagementStageChange, Membership, Role, Stage
from firmops.tenancy import firm_scope


def _log(firm, actor, period, description, minutes=30, **extra):
    return audit_entry_create(
        firm=firm, actor=actor, period=period, description=description, minutes=minutes, **extra
    )


def test_opening_a_period_puts_a_later_engagement_back_in_audit_and_says_why(
    firm, members, partner, engagement, today
):
    engagement_move_stage(firm=firm, actor=partner, engagement=engagement, to_stage=Stage.VETTING)
    period = audit_period_open(firm=firm, actor=partner, engagement=engagement, starts_on=today)
    with firm_scope(firm):
        engagement.refresh_from_db()
        last = EngagementStageChange.objects.filter(engagement=engagement).last()
    assert engagement.stage == Stage.AUDIT
    assert (last.from_stage, last.to_stage) == (Stage.VETTING, Stage.AUDIT)
    assert "Audit period opened" in last.reason
    assert period.ends_on == today + dt.timedelta(days=6)


def test_a_new_period_invites_partners_attorneys_and_paralegals_but_not_ops(firm, members, period):
    with firm_scope(firm):
        invited = set(AuditParticipant.objects.filter(period=period).values_list("user__email", flat=True))
    assert invited == {"partner@avery.test", "attorney@avery.test", "paralegal@avery.test"}


def test_a_paralegal_cannot_open_an_audit_period(firm, members, paralegal, engagement):
    with pytest.raises(PermissionDenied):
        audit_period_open(firm=firm, actor=paralegal, engagement=engagement)


def test_overlapping_periods_on_one_engagement_are_refused(firm, partner, engagement, period):
    with pytest.raises(ValidationError) as caught:
        audit_period_open(firm=firm, actor=partner, engagement=engagement, starts_on=period.ends_on)
    assert "overlaps" in caught.value.message_dict["starts_on"][0]


def test_an_entry_costs_the_role_rate_unless_the_member_has_an_own_rate(firm, members, period, partner):
    paralegal, attorney = members[Role.PARALEGAL], members[Role.ATTORNEY]
    with firm_scope(firm):
        Membership.objects.filter(user=attorney).update(hourly_rate=Decimal("325"))
    mine = _log(firm, paralegal, period, "Calendared hearing dates from scheduling order")
    theirs = _log(firm, attorney, period, "Drafted responses to rogs and RFAs")
    assert (mine.performer_role, mine.hourly_cost) == (Role.PARALEGAL, Decimal("40"))
    assert (theirs.performer_role, theirs.hourly_cost) == (Role.ATTORNEY, Decimal("325"))


def test_a_rate_change_keeps_logged_costs_until_a_partner_reprices_the_period(firm, members, partner, period):
    attorney = members[Role.ATTORNEY]
    entry = _log(firm, attorney, period, "Summarized Dr. Patel deposition transcript")
    with firm_scope(firm):
        membership = Membership.objects.get(user=attorney)
    audit_member_rate_set(firm=firm, actor=partner, membership=membership, hourly_rate=Decimal("450"))
    with firm_scope(firm):
        entry.refresh_from_db()
    assert entry.hourly_cost == Decimal("400")
    assert audit_period_recost(firm=firm, actor=partner, period=period) == 1
    with firm_scope(firm):
        entry.refresh_from_db()
    assert entry.hourly_cost == Decimal("450")
    assert audit_period_recost(firm=firm, actor=partner, period=period) == 0


@pytest.mark.parametrize(
    "role, may",
    [(Role.PARTNER, True), (Role.OPS, True), (Role.ATTORNEY, False), (Role.PARALEGAL, False)],
)
def test_a_person_logs_for_themselves_only_unless_partner_or_ops(firm, members, period, role, may):
    actor, paralegal = members[role], members[Role.ATTORNEY if role == Role.PARALEGAL else Role.PARALEGAL]
    if not may:
        with pytest.raises(PermissionDenied):
            _log(firm, actor, period, "Scanned and indexed client medical records", performer=paralegal)
        return
    entry = _log(firm, actor, period, "Scanned and indexed client medical records", performer=paralegal)
    assert entry.performer == paralegal and entry.logged_by == actor
    assert entry.hourly_cost == firm.rate_for(entry.performer_role)


def test_an_outsourced_professional_cannot_log_audit_tasks(firm, members, period):
    with pytest.raises(PermissionDenied):
        _log(firm, members[Role.EXTERNAL], period, "Drafted RFPs")


def test_bad_entry_fields_are_refused_with_the_field_named(firm, paralegal, period):
    with pytest.raises(ValidationError) as outside:
        _log(firm, paralegal, period, "Drafted RFPs", performed_on=period.ends_on + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as too_long:
        _log(firm, paralegal, period, "Drafted RFPs", minutes=24 * 60 + 1)
    with pytest.raises(ValidationError) as blank:
        _log(firm, paralegal, period, "   ")
    assert "audit period" in outside.value.message_dict["performed_on"][0]
    assert "more than a day" in too_long.value.message_dict["minutes"][0]
    assert "description" in blank.value.message_dict
    with firm_scope(firm):
        assert TaskEntry.objects.count() == 0


def test_people_change_and_delete_only_their_own_entries(firm, members, period):
    paralegal, attorney, ops = members[Role.PARALEGAL], members[Role.ATTORNEY], members[Role.OPS]
    entry = _log(firm, attorney, period, "Drafted responses to rogs and RFAs")
    with pytest.raises(PermissionDenied):
        audit_entry_update(firm=firm, actor=paralegal, entry=entry, minutes=5)
    with pytest.raises(PermissionDenied):
        audit_entry_delete(firm=firm, actor=paralegal, entry=entry)
    audit_entry_update(firm=firm, actor=ops, entry=entry, minutes=45)
    audit_entry_delete(firm=firm, actor=attorney, entry=entry)
    with firm_scope(firm):
        assert not TaskEntry.objects.exists()


def test_a_changed_description_is_sorted_again(firm, paralegal, period):
    entry = _log(firm, paralegal, period, "E-filed notice of appearance")
    assert entry.category == "e_filing"
    audit_entry_update(
        firm=firm, actor=paralegal, entry=entry, description="Summarized deposition of Officer Grant"
    )
    with firm_scope(firm):
        entry.refresh_from_db()
    assert (entry.category, entry.bucket) == ("deposition_summaries", "outsourceable")


def test_a_partner_override_reaches_existing_matching_entries_and_keeps_who_and_when(
    firm, members, partner, period
):
    attorney, paralegal = members[Role.ATTORNEY], members[Role.PARALEGAL]
    first = _log(firm, attorney, period, "Reviewed pre-bills and approved invoices")
    same = _log(firm, paralegal, period, "reviewed the pre-bills, approved invoices for Hartley")
    other = _log(firm, paralegal, period, "E-filed notice of appearance")
    assert first.bucket == "core"
    result = audit_override_set(
        firm=firm, actor=partner, entry=first, bucket="outsourceable", category="billing_time_entry"
    )
    with firm_scope(firm):
        rows = {e.pk: e for e in TaskEntry.objects.all()}
    assert result.applied == 2
    assert {
        (rows[first.pk].bucket, rows[first.pk].category),
        (rows[same.pk].bucket, rows[same.pk].category),
    } == {("outsourceable", "billing_time_entry")}
    assert rows[other.pk].category == "e_filing" and rows[other.pk].override_id is None
    override = result.override
    assert override.created_by == partner and override.created_at is not None
    assert "override" in rows[same.pk].reason and partner.display_name in rows[same.pk].reason


def test_the_firms_later_entries_with_the_same_pattern_follow_an_override(
    firm, members, partner, period, other_firm
):
    attorney = members[Role.ATTORNEY]
    entry = _log(firm, attorney, period, "Reviewed pre-bills and approved invoices")
    audit_override_set(
        firm=firm, actor=partner, entry=entry, bucket="outsourceable", category="billing_time_entry"
    )
    later = _log(
        firm, members[Role.PARALEGAL], period, "Approved invoices after reviewing prebills", minutes=20
    )
    assert (later.bucket, later.category) == ("outsourceable", "billing_time_entry")
    assert later.override is not None
    # another firm's classifier is untouched by Avery's partner
    with firm_scope(other_firm):
        assert classify_for_firm("Reviewed pre-bills and approved invoices", firm=other_firm).bucket == "core"


def test_only_partners_override_a_classification(firm, members, period):
    entry = _log(firm, members[Role.ATTORNEY], period, "Reviewed pre-bills and approved invoices")
    for role in (Role.OPS, Role.ATTORNEY, Role.PARALEGAL):
        with pytest.raises(PermissionDenied):
            audit_override_set(
                firm=firm,
                actor=members[role],
                entry=entry,
                bucket="outsourceable",
                category="billing_time_entry",
            )


def test_a_second_partner_changing_an_override_is_recorded_beside_the_first(firm, members, partner, period):
    second = members[Role.ATTORNEY]
    with firm_scope(firm):
        Membership.objects.filter(user=second).update(role=Role.PARTNER)
    entry = _log(firm, members[Role.PARALEGAL], period, "Reviewed pre-bills and approved invoices")
    audit_override_set(
        firm=firm, actor=partner, entry=entry, bucket="outsourceable", category="billing_time_entry"
    )
    result = audit_override_set(
        firm=firm, actor=second, entry=entry, bucket="outsourceable", category="data_entry"
    )
    with firm_scope(firm):
        assert ClassificationOverride.objects.count() == 1
        entry.refresh_from_db()
    assert (result.override.created_by, result.override.updated_by) == (partner, second)
    assert entry.category == "data_entry"


def test_withdrawing_an_override_gives_its_entries_back_to_the_classifier(firm, partner, paralegal, period):
    entry = _log(firm, paralegal, period, "Reviewed pre-bills and approved invoices")
    result = audit_override_set(
        firm=firm, actor=partner, entry=entry, bucket="outsourceable", category="billing_time_entry"
    )
    assert audit_override_delete(firm=firm, actor=partner, override=result.override) == 1
    with firm_scope(firm):
        entry.refresh_from_db()
    assert (entry.bucket, entry.category, entry.override_id) == ("core", "attorney_signoff", None)


def test_an_override_of_wording_the_classifier_does_not_know_follows_that_exact_wording(
    firm, partner, paralegal, period
):
    entry = _log(firm, paralegal, period, "Zorbled the quibbets")
    assert entry.category == "other"
    audit_override_set(
        firm=firm, actor=partner, entry=entry, bucket="outsourceable", category="file_management"
    )
    again = _log(firm, paralegal, period, "zorbled   the QUIBBETS")
    different = _log(firm, paralegal, period, "Frobnicated the widgets")
    assert again.category == "file_management" and again.override is not None
    assert different.category == "other"


def test_the_firms_overrides_are_loaded_once_per_batch(
    firm, partner, paralegal, period, django_assert_num_queries
):
    entry = _log(firm, paralegal, period, "Reviewed pre-bills and approved invoices")
    audit_override_set(
        firm=firm, actor=partner, entry=entry, bucket="outsourceable", category="billing_time_entry"
    )
    with firm_scope(firm):
        with django_assert_num_queries(1):
            rules = firm_rules(firm=firm, fresh=True)
            verdicts = [
                classify_for_firm(d, firm=firm, rules=rules)
                for d in ["reviewed prebills, approved invoices"] * 50
            ]
    assert {v.category for v in verdicts} == {"billing_time_entry"}
