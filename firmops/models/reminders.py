from django.conf import settings
from django.db import models

from firmops.tenancy import FirmOwned


class Reminder(FirmOwned):
    """An email that must go out once: written with the change that causes it, sent by the beat relay.

    `dedupe_key` is unique per firm, so planning the same reminder twice (a retried job, two beat
    processes) cannot create a second row; sending marks `sent_at` in the sending transaction.
    """

    audit_trail = False  # system bookkeeping, not a firm decision
    kind = models.CharField(max_length=60)
    dedupe_key = models.CharField(max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    due_at = models.DateTimeField()
    # Where someone without an account stops this kind of mail in one click (RFC 8058 headers).
    unsubscribe_url = models.CharField(max_length=800, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The recipient turned this kind of email off: the relay handled it (in-app only) without mailing.
    email_skipped = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["firm", "dedupe_key"], name="reminder_once_per_key")]
        indexes = [models.Index(fields=["firm", "sent_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email}"
