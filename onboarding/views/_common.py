"""What the onboarding pages share: the engagement a member may open, and its plan."""

from __future__ import annotations

from django.http import HttpRequest

from firmops.models import Engagement
from onboarding import selectors


def engagement_or_404(request: HttpRequest, engagement_id: int) -> Engagement:
    """Staff open any of the firm's engagements; the professional only their own (404 otherwise)."""
    return selectors.onboarding_engagement(
        firm=request.firm, membership=request.membership, engagement_id=engagement_id
    )
