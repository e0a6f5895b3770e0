"""A client survey's link: firmops.secure_links' signed token naming the survey, its secret's hash on the row.

The same token opens the survey (once, until it expires) and the opt-out (any time: a client who no longer
wants surveys must be able to say so from an old email).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from firmops.secure_links import INVALID, link_problem, row_for_token, secret_new, token_sign
from performance.surveys.models import ClientSurvey

_SALT = "performance.client_survey"


def survey_token_new(survey: ClientSurvey) -> str:
    """Give the survey its secret (kept as a hash on the row; save it) and return the link's token."""
    secret, survey.token_hash = secret_new()
    return token_sign(salt=_SALT, firm_id=survey.firm_id, pk=survey.pk, secret=secret)


def survey_url(token: str) -> str:
    """The full URL the client opens; outside the firm's URLs and needing no account."""
    return settings.SITE_URL.rstrip("/") + reverse("surveys-public:survey", args=[token])


def opt_out_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("surveys-public:opt_out", args=[token])


@dataclass(frozen=True)
class SurveyCheck:
    survey: ClientSurvey | None
    problem: str  # "" when the survey can be answered, else "invalid", "expired" or "used"


def survey_check(token: str) -> SurveyCheck:
    """Resolve a link to its survey, or say plainly why it cannot be answered (and nothing else)."""
    survey = row_for_token(
        token, salt=_SALT, rows=lambda: ClientSurvey.objects.select_related("firm", "matter")
    )
    if survey is None:
        return SurveyCheck(None, INVALID)
    used = survey.answered_at is not None
    return SurveyCheck(survey, link_problem(used=used, expires_at=survey.expires_at))
