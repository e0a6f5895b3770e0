"""The provider's secure link: a signed token naming the questionnaire and a secret whose hash the row keeps.

A new link replaces the secret, so every older link stops working; checking a link says plainly why it
cannot be used, and nothing else.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from firmops.tenancy import firm_scope
from providers.models import Questionnaire

_SALT = "providers.questionnaire"


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token(questionnaire: Questionnaire, secret: str) -> str:
    return signing.dumps(
        {"f": questionnaire.firm_id, "q": questionnaire.pk, "s": secret}, salt=_SALT, compress=True
    )


def questionnaire_link(token: str) -> str:
    """The full URL a provider opens; outside the firm's URLs and needing no account."""
    return settings.SITE_URL.rstrip("/") + reverse("providers-public:questionnaire", args=[token])


def link_renew(questionnaire: Questionnaire) -> str:
    """Give the questionnaire a fresh secret (any older link stops working) and return the new token."""
    secret = secrets.token_urlsafe(32)
    questionnaire.token_hash = _secret_hash(secret)
    return _token(questionnaire, secret)


@dataclass(frozen=True)
class LinkCheck:
    questionnaire: Questionnaire | None
    problem: str  # "" when the link is good, else "invalid", "expired" or "used"


def questionnaire_check(token: str) -> LinkCheck:
    """Resolve a link to its questionnaire, or say plainly why it cannot be used (and nothing else)."""
    try:
        data = signing.loads(token, salt=_SALT)
        firm_id, pk, secret = int(data["f"]), int(data["q"]), str(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return LinkCheck(None, "invalid")
    with firm_scope(firm_id):
        questionnaire = Questionnaire.objects.select_related("firm", "provider").filter(pk=pk).first()
    if questionnaire is None or not secrets.compare_digest(_secret_hash(secret), questionnaire.token_hash):
        return LinkCheck(None, "invalid")  # a replaced link, or a questionnaire since deleted
    if questionnaire.submitted_at is not None:
        return LinkCheck(questionnaire, "used")
    if questionnaire.expires_at <= timezone.now():
        return LinkCheck(questionnaire, "expired")
    return LinkCheck(questionnaire, "")
