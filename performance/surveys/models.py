"""The firm's survey settings and each survey sent to a client contact."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from firmops.models import Engagement
from firmops.tenancy import FirmOwned

DEFAULT_SUBJECT = "{firm}: how did we do on {matter}?"
DEFAULT_MESSAGE = (
    "We would value two minutes of your time: four short questions about how we handled {matter}. "
    "Your answers go to the partners and help us serve you better."
)
DEFAULT_LABELS = {
    "satisfaction_label": "Overall, how satisfied are you with our work on this matter?",
    "speed_label": "How quickly did we respond to you?",
    "recommend_label": "How likely are you to recommend us to a friend or colleague?",
    "comment_label": "Anything you would like us to know?",
}


class SurveySettings(FirmOwned):
    """How often a firm asks its clients, and in what words (one row per firm, made on first need)."""

    class Cadence(models.IntegerChoices):
        ON_CLOSE_ONLY = 0, "Only when a matter closes"
        QUARTERLY = 91, "Every quarter while a matter is open, and when it closes"
        HALF_YEARLY = 182, "Every six months while a matter is open, and when it closes"
        YEARLY = 365, "Every year while a matter is open, and when it closes"

    open_every_days = models.PositiveSmallIntegerField(choices=Cadence.choices, default=Cadence.QUARTERLY)
    send_on_close = models.BooleanField(default=True, help_text="Ask the client when a matter closes.")
    link_days = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(3), MaxValueValidator(90)], help_text="Days a link works."
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="One reminder this many days after the survey, if still unanswered.",
    )
    subject = models.CharField(max_length=200, default=DEFAULT_SUBJECT)
    message = models.TextField(default=DEFAULT_MESSAGE)
    satisfaction_label = models.CharField(max_length=200, default=DEFAULT_LABELS["satisfaction_label"])
    speed_label = models.CharField(max_length=200, default=DEFAULT_LABELS["speed_label"])
    recommend_label = models.CharField(max_length=200, default=DEFAULT_LABELS["recommend_label"])
    comment_label = models.CharField(max_length=200, default=DEFAULT_LABELS["comment_label"])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "survey settings"
        constraints = [models.UniqueConstraint(fields=["firm"], name="survey_settings_one_per_firm")]

    def __str__(self) -> str:
        return f"Survey settings of firm {self.firm_id}"


class ClientSurvey(FirmOwned):
    """One survey emailed to a matter's client contact: its link works once, until `expires_at`."""

    class Reason(models.TextChoices):
        CLOSED = "closed", "Matter closed"
        PERIODIC = "periodic", "While open"
        STAFF = "staff", "Sent by staff"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="client_surveys")
    matter = models.ForeignKey("performance.Matter", on_delete=models.CASCADE, related_name="client_surveys")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField()
    token_hash = models.CharField(max_length=64, editable=False)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["firm", "engagement", "sent_at"]),
            models.Index(fields=["firm", "contact_email", "sent_at"]),
        ]
        constraints = [
            # A matter closes once, so its closing survey goes once, however often the planner runs.
            models.UniqueConstraint(
                fields=["firm", "matter"], condition=Q(reason="closed"), name="client_survey_once_on_close"
            ),
        ]

    def __str__(self) -> str:
        return f"Survey of {self.contact_email} on {self.matter_id}"
