"""Reads of vetting: providers, the side-by-side comparison, and the selection later phases use."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from firmops.models import Engagement, Firm
from providers.models import Provider


def providers_list(*, firm: Firm, engagement: Engagement | None = None) -> QuerySet[Provider]:
    """The firm's providers with their counts, optionally one engagement's shortlist."""
    qs = (
        Provider.objects.for_firm(firm)
        .select_related("engagement")
        .annotate(
            professional_count=Count("professionals", distinct=True),
            submitted_count=Count(
                "questionnaires", filter=Q(questionnaires__submitted_at__isnull=False), distinct=True
            ),
        )
    )
    return qs.filter(engagement=engagement) if engagement is not None else qs
