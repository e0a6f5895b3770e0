"""Reads of the core: memberships, engagements, reminders."""

from __future__ import annotations

from firmops.models import Engagement, Firm, Membership, Role


def engagements_visible_to(*, firm: Firm, membership: Membership):
    """Engagements a member may see: all of them for firm staff; outsourced professionals see only theirs."""
    qs = Engagement.objects.for_firm(firm).select_related("owner")
    if membership.role == Role.EXTERNAL:
        qs = qs.filter(external_user=membership.user)
    return qs
