"""Reads of vetting that later phases use."""

from __future__ import annotations

from firmops.models import Engagement, Firm
from providers.models import Selection


def current_selection(*, firm: Firm, engagement: Engagement) -> Selection | None:
    """The engagement's live selection (in trial or confirmed), with provider and professional loaded."""
    return (
        Selection.objects.for_firm(firm)
        .filter(engagement=engagement)
        .exclude(status=Selection.Status.REPLACED)
        .select_related("provider", "professional", "professional__user")
        .first()
    )
