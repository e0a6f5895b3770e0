from django.conf import settings
from django.db import models

from firmops.tenancy import FirmOwned


class Notification(FirmOwned):
    """The in-app twin of an email to a member: written in the transaction that decides to send it.

    A reminder's notification exists from the moment the reminder is planned but shows only from its
    `shown_at` (the reminder's due time); cancelling the unsent reminder deletes it with it.
    """

    audit_trail = False  # a mirror of mail, not a firm decision
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)  # a path inside firmops, never another site
    shown_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    reminder = models.OneToOneField(
        "firmops.Reminder", on_delete=models.CASCADE, null=True, blank=True, related_name="notification"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-shown_at", "-pk"]
        indexes = [models.Index(fields=["firm", "recipient", "read_at", "shown_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}: {self.title}"


class EmailOptOut(models.Model):
    """A person turned email off for one kind of notification; the in-app notification still appears.

    Per person, not per firm: the choice follows them into every firm they belong to.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.user_id} no email for {self.kind}"


class AddressOptOut(FirmOwned):
    """Someone with no account (a client) told this firm to stop one kind of email to their address.

    Per firm and address, kept lower-case: the relay reads it when sending, so mail planned before
    the opt-out (a reminder) stops too, and every later send honours it.
    """

    email = models.EmailField()
    kind = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm", "email", "kind"], name="address_opt_out_once")]

    def __str__(self) -> str:
        return f"{self.email} no email for {self.kind}"
