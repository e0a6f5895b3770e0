import secrets

from django.conf import settings
from django.db import models

from firmops.models.firms import Role
from firmops.tenancy import FirmOwned


def _nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(FirmOwned):
    """An emailed invitation to join a firm with a role. Single use; expires."""

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    nonce = models.CharField(max_length=40, default=_nonce, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} as {self.get_role_display()}"
