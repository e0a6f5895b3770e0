from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from firmops.models import Engagement, Role
from firmops.tenancy import FirmOwned

MAX_MINUTES = 24 * 60  # one entry cannot be longer than a day


class Bucket(models.TextChoices):
    CORE = "core", "Core genius"
    OUTSOURCEABLE = "outsourceable", "Outsourceable"
    # The classifier could not place the task: out of the recoverable dollars until a partner sorts it.
    REVIEW = "review", "Needs review"


class AuditPeriod(FirmOwned):
    """The week (by default) in which an engagement's people log what eats their time."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="audit_periods")
    starts_on = models.DateField(default=timezone.localdate)
    days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"Audit from {self.starts_on:%b %-d, %Y} ({self.days} days)"

    @property
    def ends_on(self):
        return self.starts_on + timezone.timedelta(days=self.days - 1)

    def is_open_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class AuditParticipant(FirmOwned):
    """Who is asked to log during a period (and gets the daily reminder)."""

    period = models.ForeignKey(AuditPeriod, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "period", "user"], name="audit_participant_once")
        ]


class ClassificationOverride(FirmOwned):
    """A partner's correction; later entries of the firm with the same pattern follow it."""

    pattern = models.CharField(max_length=300)
    bucket = models.CharField(max_length=20, choices=Bucket.choices)
    category = models.CharField(max_length=60)
    example = models.CharField(max_length=500, help_text="The description the partner corrected.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A second partner may change an existing rule: the latest say is kept beside the first.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["firm", "pattern"], name="override_one_per_pattern")]


class TaskEntry(FirmOwned):
    """One logged task: who did it, for how long, what it cost, and how it was classified."""

    period = models.ForeignKey(AuditPeriod, on_delete=models.CASCADE, related_name="entries")
    performer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Role and cost are copied at logging time so later rate changes don't rewrite the audit.
    performer_role = models.CharField(max_length=20, choices=Role.choices)
    hourly_cost = models.DecimalField(max_digits=8, decimal_places=2)
    description = models.CharField(max_length=500)
    minutes = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)])
    performed_on = models.DateField(default=timezone.localdate)
    matter = models.CharField(max_length=200, blank=True)
    billable = models.BooleanField(default=False)
    bucket = models.CharField(max_length=20, choices=Bucket.choices)
    category = models.CharField(max_length=60)
    reason = models.CharField(max_length=300)
    confidence = models.FloatField(default=0)
    override = models.ForeignKey(
        ClassificationOverride, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The classifier's pattern key of the description, so a new override finds its entries by query.
    pattern = models.CharField(max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-performed_on", "-created_at"]
        indexes = [
            models.Index(fields=["firm", "period", "category"]),
            models.Index(fields=["firm", "performer", "performed_on"]),
            # A period's entries newest first (the API list, the log pages), read backwards: the
            # first page is an index scan of 50 rows, not a sort of the whole period (issue 9).
            models.Index(
                fields=["firm", "period", "performed_on", "created_at", "id"], name="audit_entry_list_order"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_MINUTES), name="entry_minutes_in_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.minutes} min)"

    @property
    def is_attorney_time(self) -> bool:
        return self.performer_role in ATTORNEY_ROLES


ATTORNEY_ROLES = (Role.PARTNER, Role.ATTORNEY)


class PeriodRollup(FirmOwned):
    """A period's entries summed by everything the hit list groups or filters on.

    Kept by database triggers on the entries table (audit/rollup.py), so ORM saves, bulk updates,
    CSV imports and raw SQL all count. The hit list and the dashboards read a few thousand of these
    rows instead of every entry of the period: the page costs the same at 1,000 or 100,000 entries.
    """

    audit_trail = False  # derived from task entries, whose every change the trail already records
    kept_by_triggers = True  # never written by the app: copies of a firm's rows leave it out

    period = models.ForeignKey(AuditPeriod, on_delete=models.CASCADE, related_name="rollups")
    category = models.CharField(max_length=60)
    bucket = models.CharField(max_length=20, choices=Bucket.choices)
    performed_on = models.DateField()
    performer_role = models.CharField(max_length=20, choices=Role.choices)
    billable = models.BooleanField()
    hourly_cost = models.DecimalField(max_digits=8, decimal_places=2)
    entries = models.IntegerField()
    minutes = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "firm", "period", "category", "bucket", "performed_on", "performer_role", "billable",
                    "hourly_cost",
                ],
                name="audit_rollup_key",
            )
        ]  # fmt: skip

