"""Reads of vetting that the rest of firmops uses: the live selection and what the role hands over.

The face of the app for later phases (onboarding, performance) and the core; vetting's own pages read
the feature packages directly (`candidates`, `questionnaires`, `roles`, `selection`).
"""

from providers.evidence.selectors import Standing, access_standing
from providers.models import Professional, Selection
from providers.roles.selectors import DelegatedCategory, role_delegated_categories, role_turnaround_targets
from providers.selection.selectors import current_selection, selected_engagement_ids

__all__ = [
    "DelegatedCategory",
    "Professional",
    "Selection",
    "Standing",
    "access_standing",
    "current_selection",
    "role_delegated_categories",
    "role_turnaround_targets",
    "selected_engagement_ids",
]
