"""The one SSO fact every firm page needs, as a subquery of the membership query (no query of its own)."""

from django.db.models import Exists, OuterRef

from firmops.sso.models import SsoConnection


def sso_required_flag() -> Exists:
    """Annotates a membership: its firm makes its staff sign in through the firm's IdP.

    On PostgreSQL row-level security shows only the firm in scope, so other firms read False here;
    FirmMiddleware asks only about the firm in scope.
    """
    return Exists(SsoConnection.objects.all_firms().filter(firm_id=OuterRef("firm_id"), require_sso=True))
