"""Performance phase data: delegated work, attorney hours, matters, surveys, check-ins, signals, reports."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from firmops.models import Engagement
from firmops.tenancy import FirmOwned
from performance.rollup.models import HourWeek, LoggedWeek, ProfessionalWeek, WorkWeek
from performance.surveys.models import ClientSurvey, SurveySettings

__all__ = [
    "ActionItem", "CheckIn", "ClientSurvey", "HourEntry", "HourWeek", "LoggedWeek", "Matter",
    "PerformancePlan", "ProfessionalWeek", "ReportDelivery", "ScalingSignal", "SurveyResponse",
    "SurveySettings", "WorkItem", "WorkWeek",
]  # fmt: skip

MAX_DAY_HOURS = Decimal("24")
CHECKIN_EVERY_DAYS = 14
CHECKIN_MINUTES = 15


class PerformancePlan(FirmOwned):
    """When outsourced work began (the before/after line) and when the biweekly check-ins happen."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="performance_plans")
    began_on = models.DateField(help_text="The day outsourced work began: by default the selection date.")
    checkin_time = models.TimeField(
        default=time(10, 0), help_text="Local wall-clock time of check-ins (firm's zone)."
    )
    checkin_every_days = models.PositiveSmallIntegerField(
        default=CHECKIN_EVERY_DAYS, validators=[MinValueValidator(7)]
    )
    checkin_minutes = models.PositiveSmallIntegerField(
        default=CHECKIN_MINUTES, validators=[MinValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "engagement"], name="performance_plan_one_per_engagement")
        ]

    def __str__(self) -> str:
        return f"Performance plan of {self.engagement}"


class Matter(FirmOwned):
    """A client matter, for case velocity (intake → resolution) and client satisfaction."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="matters")
    reference = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    intake_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    client_name = models.CharField(max_length=200, blank=True)
    client_email = models.EmailField(blank=True, help_text="Where the client survey goes; none, none sent.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-intake_on", "reference"]
        indexes = [models.Index(fields=["firm", "engagement", "intake_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "engagement", "reference"], name="matter_reference_unique"
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("intake_on")),
                name="matter_resolved_after_intake",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def days_to_resolution(self) -> int | None:
        return (self.resolved_on - self.intake_on).days if self.resolved_on else None


class WorkItem(FirmOwned):
    """One piece of work handed to the outsourced professional."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="work_items")
    professional = models.ForeignKey("providers.Professional", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=60)
    matter = models.ForeignKey(
        Matter, on_delete=models.SET_NULL, null=True, blank=True, related_name="work_items"
    )
    title = models.CharField(max_length=200)
    assigned_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    hours = models.DecimalField(
        max_digits=7, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    # delivered_at − assigned_at, kept with the row so turnaround aggregates stay one SQL SUM.
    turnaround_hours = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        indexes = [
            models.Index(fields=["firm", "engagement", "delivered_at"]),
            models.Index(fields=["firm", "engagement", "assigned_at"]),
            models.Index(fields=["firm", "engagement", "due_at"]),
            # The open items alone (the backlog, the overdue list): as many as are open, whatever
            # the engagement's history of delivered work.
            models.Index(
                fields=["firm", "engagement", "due_at"],
                condition=Q(delivered_at__isnull=True),
                name="performance_work_open_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_at__isnull=True) | Q(delivered_at__gte=F("assigned_at")),
                name="work_delivered_after_assigned",
            ),
            models.CheckConstraint(
                condition=Q(due_at__isnull=True) | Q(due_at__gte=F("assigned_at")),
                name="work_due_after_assigned",
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="work_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def compute_turnaround(self) -> None:
        """Refresh the stored turnaround from the two timestamps."""
        if self.delivered_at is None:
            self.turnaround_hours = None
        else:
            seconds = Decimal((self.delivered_at - self.assigned_at).total_seconds())
            self.turnaround_hours = (seconds / 3600).quantize(Decimal("0.01"))

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.delivered_at is None and self.due_at is not None and self.due_at < now


class HourEntry(FirmOwned):
    """Non-billable hours an attorney spent on one day, compared with the audit-week baseline."""

    class Source(models.TextChoices):
        QUICK = "quick", "Quick log"
        CSV = "csv", "CSV import"
        API = "api", "API"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="hour_entries")
    attorney = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    worked_on = models.DateField(default=timezone.localdate)
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_DAY_HOURS)],
    )
    description = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.QUICK)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-worked_on", "-pk"]
        verbose_name_plural = "hour entries"
        indexes = [
            models.Index(fields=["firm", "engagement", "worked_on"]),
            models.Index(fields=["firm", "attorney", "worked_on"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=0, hours__lte=24), name="hour_entry_within_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.attorney} {self.worked_on}: {self.hours} h"


class SurveyResponse(FirmOwned):
    """A client's satisfaction score (1–5) for a matter, with their comment: answered through a survey
    link (then also how quickly we responded and whether they would recommend us), or told to staff."""

    class Source(models.TextChoices):
        LINK = "link", "Client, through the survey link"
        PHONE = "phone", "Client, by phone (recorded by staff)"
        STAFF = "staff", "Recorded by staff"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="survey_responses")
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="survey_responses")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    speed = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    recommend = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    # The survey answered: one response per survey, so a link answered twice is counted once.
    survey = models.OneToOneField(
        ClientSurvey, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    received_on = models.DateField(default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["firm", "engagement", "received_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="survey_score_1_to_5"),
            models.CheckConstraint(
                condition=Q(speed__isnull=True) | Q(speed__gte=1, speed__lte=5), name="survey_speed_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(recommend__isnull=True) | Q(recommend__lte=10), name="survey_recommend_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter}: {self.score}/5"


class CheckIn(FirmOwned):
    """One biweekly 15-minute check-in; number n falls on began_on + n × 14 days at the plan's local time."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="checkins")
    sequence = models.PositiveIntegerField()
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=CHECKIN_MINUTES)
    revision = models.PositiveIntegerField(
        default=0, help_text="Bumped on every move, for calendar SEQUENCE."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    what_working = models.TextField("what's working well", blank=True)
    roadblocks = models.TextField("where the roadblocks are", blank=True)
    improvements = models.TextField("what we improve for next week", blank=True)
    notes = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["scheduled_at", "pk"]
        indexes = [models.Index(fields=["firm", "engagement", "scheduled_at"])]
        constraints = [
            models.UniqueConstraint(fields=["firm", "engagement", "sequence"], name="checkin_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"Check-in {self.sequence} of {self.engagement}"

    @property
    def ends_at(self):
        return self.scheduled_at + timezone.timedelta(minutes=self.duration_minutes)


class ActionItem(FirmOwned):
    """Something agreed at a check-in; it comes back on every later check-in's agenda until done."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="action_items")
    raised_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="raised_items")
    text = models.CharField(max_length=300)
    done_at = models.DateTimeField(null=True, blank=True)
    done_in = models.ForeignKey(
        CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="closed_items"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["firm", "engagement", "done_at"])]

    def __str__(self) -> str:
        return self.text


class ScalingSignal(FirmOwned):
    """An alert that it may be time to scale, raised once per `key`, with the evidence behind it."""

    class Kind(models.TextChoices):
        FULL_CAPACITY = "full_capacity", "Professional at full capacity"
        BOTTLENECK = "bottleneck", "New bottleneck"
        SLIPPING_BACK = "slipping_back", "Attorneys slipping back"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        DISMISSED = "dismissed", "Dismissed"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="scaling_signals")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    evidence = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    raised_at = models.DateTimeField(default=timezone.now)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["firm", "engagement", "status"])]
        constraints = [models.UniqueConstraint(fields=["firm", "key"], name="scaling_signal_once_per_key")]

    def __str__(self) -> str:
        return self.title


class ReportDelivery(FirmOwned):
    """The weekly report emailed for one engagement and week: the row makes the Monday send happen once."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="report_deliveries")
    week_start = models.DateField(help_text="Monday of the week the report covers.")
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "engagement", "week_start"], name="report_once_per_week")
        ]

    def __str__(self) -> str:
        return f"Report {self.week_start} for {self.engagement}"
