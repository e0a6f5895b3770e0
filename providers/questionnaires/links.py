"""The provider's secure link: firmops.secure_links' signed token naming the questionnaire and a secret
whose hash the row keeps.

A new link replaces the secret, so every older link stops working; checking a link says plainly why it
cannot be used, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from firmops.secure_links import INVALID, link_problem, row_for_token, secret_new, token_sign
from providers.models import Questionnaire

_SALT = "providers.questionnaire"


def questionnaire_link(token: str) -> str:
    """The full URL a provider opens; outside the firm's URLs and needing no account."""
    return settings.SITE_URL.rstrip("/") + reverse("providers-public:questionnaire", args=[token])


def link_renew(questionnaire: Questionnaire) -> str:
    """Give the questionnaire a fresh secret (any older link stops working) and return the new token."""
    secret, questionnaire.token_hash = secret_new()
    return token_sign(salt=_SALT, firm_id=questionnaire.firm_id, pk=questionnaire.pk, secret=secret)


@dataclass(frozen=True)
class LinkCheck:
    questionnaire: Questionnaire | None
    problem: str  # "" when the link is good, else "invalid", "expired" or "used"


def questionnaire_check(token: str) -> LinkCheck:
    """Resolve a link to its questionnaire, or say plainly why it cannot be used (and nothing else)."""
    questionnaire = row_for_token(
        token, salt=_SALT, rows=lambda: Questionnaire.objects.select_related("firm", "provider")
    )
    if questionnaire is None:
        return LinkCheck(None, INVALID)  # a replaced link, or a questionnaire since deleted
    problem = link_problem(used=questionnaire.submitted_at is not None, expires_at=questionnaire.expires_at)
    return LinkCheck(questionnaire, problem)
