"""Client secrets at rest: Fernet (cryptography) with SSO_SECRET_KEY, or a key derived from SECRET_KEY."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _fernet() -> Fernet:
    if settings.SSO_SECRET_KEY:
        try:
            return Fernet(settings.SSO_SECRET_KEY)
        except ValueError as exc:
            raise ImproperlyConfigured(
                "SSO_SECRET_KEY must be 32 url-safe base64-encoded bytes (Fernet.generate_key())."
            ) from exc
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"firmops.sso.client-secret")
    return Fernet(base64.urlsafe_b64encode(derived.derive(settings.SECRET_KEY.encode())))


def secret_encrypt(*, plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def secret_decrypt(*, ciphertext: str) -> str:
    """The secret, or "" when the key changed since it was stored (the partner enters it again)."""
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        return ""
