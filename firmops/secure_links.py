"""Links for people with no account (a provider's questionnaire, a client's survey): a signed token naming
the firm, the row and a secret whose hash the row keeps.

A new secret on the row makes every older link stop working; reading a token says only whether it is
genuine, and the caller's row says whether it is used or expired. The pages behind such links share
`private_response`, as the token sits in the URL.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import Model, QuerySet
from django.utils import timezone

from firmops.tenancy import firm_scope

MAX_TOKEN_CHARS = 600  # a longer "token" is refused before any work is done on it
INVALID, EXPIRED, USED = "invalid", "expired", "used"


@dataclass(frozen=True)
class LinkToken:
    firm_id: int
    pk: int
    secret: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_new() -> tuple[str, str]:
    """A fresh secret and the hash the row keeps in place of it."""
    secret = secrets.token_urlsafe(32)
    return secret, secret_hash(secret)


def token_sign(*, salt: str, firm_id: int, pk: int, secret: str) -> str:
    return signing.dumps({"f": firm_id, "q": pk, "s": secret}, salt=salt, compress=True)


def token_read(token: str, *, salt: str) -> LinkToken | None:
    """The token's firm, row and secret if it was signed by us for this salt; None if not."""
    if len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        data = signing.loads(token, salt=salt)
        return LinkToken(int(data["f"]), int(data["q"]), str(data["s"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def secret_matches(secret: str, stored_hash: str) -> bool:
    return bool(stored_hash) and secrets.compare_digest(secret_hash(secret), stored_hash)


def row_for_token(token: str, *, salt: str, rows: Callable[[], QuerySet]) -> Model | None:
    """The row a genuine token names, read in the token's firm scope (`rows()`: the queryset to read it
    from); None for a forged, tampered or replaced token or a row since deleted."""
    read = token_read(token, salt=salt)
    if read is None:
        return None
    with firm_scope(read.firm_id):
        row = rows().filter(pk=read.pk).first()
    if row is None or not secret_matches(read.secret, row.token_hash):
        return None
    return row


def link_problem(*, used: bool, expires_at: datetime, now: datetime | None = None) -> str:
    """Why a genuine link cannot be used any more: "used", "expired", or "" when it can."""
    if used:
        return USED
    return EXPIRED if expires_at <= (now or timezone.now()) else ""


def private_response(response):
    """The token is in the URL: keep it out of other sites' Referer headers, caches and search engines.

    Not "no-referrer": under it browsers send `Origin: null` with the form's POST, which Django's CSRF
    check refuses, so no one could save or submit (found by the questionnaire's browser journey).
    """
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
