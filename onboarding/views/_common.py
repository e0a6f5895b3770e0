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


def form_errors(form, exc) -> None:
    """Put a service's ValidationError on the form's fields (or the form) so the page names them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
