"""Reads of the core: memberships, engagements, reminders."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from firmops.messaging.notifications import unread_count_per_membership
from firmops.models import Firm, Membership, User
from firmops.precompiled import STAND_IN_ID, STAND_IN_TIME, PrecompiledQuery
from firmops.sso.flags import sso_required_flag
from firmops.tenancy import USER_SETTING, set_db_setting


def _memberships_query(*, with_unread: bool, with_sso: bool) -> PrecompiledQuery:
    """The switcher's query, compiled once per connection: every firm request sends it (FirmMiddleware)."""

    def build(user_id: int, now=None):
        user = User(pk=user_id)
        memberships = Membership.objects.all_firms().select_related("firm").filter(user=user, is_active=True)
        if with_unread:
            memberships = memberships.annotate(
                unread_notifications=unread_count_per_membership(user=user, now=now)
            )
        if with_sso:
            memberships = memberships.annotate(sso_required=sso_required_flag())
        return memberships.order_by("firm__name")

    stand_ins = {"user_id": STAND_IN_ID, **({"now": STAND_IN_TIME} if with_unread else {})}
    return PrecompiledQuery(f"memberships_of:{with_unread}:{with_sso}", build, **stand_ins)


_MEMBERSHIP_QUERIES = {
    (unread, sso): _memberships_query(with_unread=unread, with_sso=sso)
    for unread in (False, True)
    for sso in (False, True)
}


def memberships_of(
    *, user: User, user_setting_in_place: bool = False, with_unread: bool = False, with_sso: bool = False
) -> list[Membership]:
    """Every firm the user belongs to, for the firm switcher.

    user_setting_in_place: the caller's transaction already set this user for row-level
    security (FirmMiddleware's acting_as), so no statement is spent setting it again.
    with_unread: each membership carries `unread_notifications`, the bell's count in its firm
    (on PostgreSQL only the firm in scope shows its notifications; the others count 0).
    with_sso: each carries `sso_required`, whether its firm signs its staff in through its IdP
    (firmops.sso.flags; on PostgreSQL, again, only the firm in scope can say yes).
    Read afresh on every call (a deactivated membership stops access on the very next request);
    only the SQL is compiled once (firmops.precompiled).
    """
    if not user.is_authenticated:
        return []
    # No savepoint of its own inside a transaction: a read, and the setting is the caller's user.
    with transaction.atomic(savepoint=False):
        if not user_setting_in_place:
            set_db_setting(USER_SETTING, user.pk)
        query = _MEMBERSHIP_QUERIES[with_unread, with_sso]
        memberships = query.run(user_id=user.pk, now=timezone.now())
    for membership in memberships:
        membership.user = user  # already loaded: no query when a view reads membership.user
    return memberships


def firm_members(*, firm: Firm, roles: tuple[str, ...] | None = None) -> list[Membership]:
    """Active members of a firm, optionally of some roles."""
    qs = (
        Membership.objects.for_firm(firm)
        .filter(is_active=True)
        .select_related("user")
        .order_by("role", "user__email")
    )
    if roles:
        qs = qs.filter(role__in=roles)
    return list(qs)
