from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from firmops.models import Engagement
from firmops.models.firms import validate_time_zone
from firmops.tenancy import FirmOwned

_rate = dict(max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))])


class ProviderModel(models.TextChoices):
    TALENT_PLATFORM = "talent_platform", "Specialised talent platform"
    TRADITIONAL_LPO = "traditional_lpo", "Traditional LPO"
    FREELANCER = "freelancer", "Independent freelancer"


class Provider(FirmOwned):
    """An outsourcing provider a firm is vetting: a platform, an LPO or a freelancer."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="providers", null=True, blank=True)
    name = models.CharField(max_length=200)
    model = models.CharField(max_length=30, choices=ProviderModel.choices)
    website = models.URLField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    jurisdictions = models.CharField(max_length=300, blank=True, help_text="e.g. Illinois, federal courts")
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    rate_min = models.DecimalField("lowest hourly rate", **_rate)
    rate_max = models.DecimalField("highest hourly rate", **_rate)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate_min__isnull=True) | models.Q(rate_max__isnull=True) | models.Q(rate_max__gte=models.F("rate_min")),
                name="provider_rate_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Professional(FirmOwned):
    """A candidate a provider proposes; once selected and onboarded, `user` is their external account."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        INTERVIEWING = "interviewing", "Interviewing"
        SELECTED = "selected", "Selected"
        DECLINED = "declined", "Declined"
        REPLACED = "replaced", "Replaced"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="professionals")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=100, default="Paralegal")
    email = models.EmailField(blank=True)
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    hourly_rate = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    skills = models.TextField(blank=True, help_text="One per line or comma-separated.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    weekly_capacity_hours = models.PositiveSmallIntegerField(default=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.replace("\n", ",").split(",") if s.strip()]


class Selection(FirmOwned):
    """The provider and professional chosen for an engagement, why, and their trial period."""

    class Status(models.TextChoices):
        TRIAL = "trial", "In trial"
        CONFIRMED = "confirmed", "Confirmed"
        REPLACED = "replaced", "Replacement requested"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="selections")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField()
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    selected_at = models.DateTimeField(default=timezone.now)
    trial_days = models.PositiveSmallIntegerField(default=7)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TRIAL)

    class Meta:
        ordering = ["-selected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.professional} for {self.engagement}"

    @property
    def trial_ends_on(self):
        return timezone.localdate(self.selected_at) + timezone.timedelta(days=self.trial_days)
