from django.conf import settings
from django.db import models
from django.utils import timezone

from firmops.tenancy import FirmOwned


class Stage(models.TextChoices):
    AUDIT = "audit", "Audit"
    VETTING = "vetting", "Vetting"
    ONBOARDING = "onboarding", "Onboarding"
    PERFORMING = "performing", "Performing"
    CLOSED = "closed", "Closed"


STAGE_ORDER = [Stage.AUDIT, Stage.VETTING, Stage.ONBOARDING, Stage.PERFORMING, Stage.CLOSED]


class Engagement(FirmOwned):
    """One outsourcing engagement of a firm; the phase apps hang their data off it."""

    name = models.CharField(max_length=200)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.AUDIT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_engagements",
        help_text="The partner who owns this engagement.",
    )
    external_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="external_engagements",
        help_text="The outsourced professional's account: the only engagement they can see.",
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["firm", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="engagement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class EngagementStageChange(FirmOwned):
    """Who moved an engagement to which stage, when and why: stages are never skipped silently."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
