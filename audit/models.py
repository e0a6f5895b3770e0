from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from firmops.models import Engagement, Role
from firmops.tenancy import FirmOwned

MAX_MINUTES = 24 * 60  # one entry cannot be longer than a day
LIVE_DAYS_MAX = 31  # an audit week people log into by hand: at most a month
HISTORICAL_DAYS_MAX = 366  # an imported history: up to a year
CODE_MAX = 8  # a UTBMS task or activity code: "L320", "A103", "B110"


class Bucket(models.TextChoices):
    CORE = "core", "Core genius"
    OUTSOURCEABLE = "outsourceable", "Outsourceable"
    # The classifier could not place the task: out of the recoverable dollars until a partner sorts it.
    REVIEW = "review", "Needs review"


class AuditPeriod(FirmOwned):
    """The week (by default) in which an engagement's people log what eats their time.

    A historical period covers past dates (up to a year) and is filled by importing the firm's
    time records: nobody is asked to log into it, so it sends no reminders and no nags.
    """

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="audit_periods")
    starts_on = models.DateField(default=timezone.localdate)
    days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(HISTORICAL_DAYS_MAX)]
    )
    historical = models.BooleanField(
        default=False, help_text="Past dates filled from an import: no one logs into it, no reminders."
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


class Timekeeper(FirmOwned):
    """Someone the firm's time records name, who may never sign in (a departed associate, a contract
    paralegal): their entries count in the audit like a member's, without an invented account.

    One per firm and normalised name (`key`, see audit.timekeepers.timekeeper_key). `member` is set
    when the name or email matches a member of the firm; that member is then also the performer of
    the timekeeper's entries, so their own pages and figures include them.
    """

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    hourly_rate = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Blank: the firm's rate for the role.",
    )
    email = models.EmailField(blank=True)
    external_id = models.CharField(
        max_length=60, blank=True, help_text="Their id in the records imported (LEDES TIMEKEEPER_ID)."
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["firm", "key"], name="audit_timekeeper_one_per_name")]
        indexes = [models.Index(fields=["firm", "external_id"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name

    def effective_rate(self, firm) -> Decimal:
        return self.hourly_rate if self.hourly_rate is not None else firm.rate_for(self.role)


class TaskEntry(FirmOwned):
    """One logged task: who did it, for how long, what it cost, and how it was classified.

    Who did it: a member (`performer`), a timekeeper of the firm's records (`timekeeper`), or both
    when an imported timekeeper is matched to a member. Tasks logged in firmops name only the member.
    """

    period = models.ForeignKey(AuditPeriod, on_delete=models.CASCADE, related_name="entries")
    performer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    timekeeper = models.ForeignKey(
        Timekeeper, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    # Role and cost are copied at logging time so later rate changes don't rewrite the audit.
    performer_role = models.CharField(max_length=20, choices=Role.choices)
    hourly_cost = models.DecimalField(max_digits=8, decimal_places=2)
    description = models.CharField(max_length=500)
    minutes = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)])
    performed_on = models.DateField(default=timezone.localdate)
    matter = models.CharField(max_length=200, blank=True)
    billable = models.BooleanField(default=False)
    # UTBMS codes from the firm's records ("L320" task, "A103" activity): evidence for the classifier.
    task_code = models.CharField(max_length=CODE_MAX, blank=True)
    activity_code = models.CharField(max_length=CODE_MAX, blank=True)
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
            models.Index(fields=["firm", "timekeeper", "performed_on"]),
            # A period's entries newest first (the API list, the log pages), read backwards: the
            # first page is an index scan of 50 rows, not a sort of the whole period (issue 9).
            models.Index(
                fields=["firm", "period", "performed_on", "created_at", "id"], name="audit_entry_list_order"
            ),
            # The hit list's "not yet sorted" panel: the few entries awaiting review, most minutes
            # first, read from the top instead of filtering and sorting a 100,000-entry period.
            models.Index(
                fields=["period", "-minutes", "-performed_on", "-id"],
                condition=models.Q(bucket=Bucket.REVIEW),
                name="audit_entry_review_queue",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_MINUTES), name="entry_minutes_in_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(performer__isnull=False) | models.Q(timekeeper__isnull=False),
                name="entry_names_who_did_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.minutes} min)"

    @property
    def who(self) -> str:
        """The name to show: the member's, else the timekeeper's (load them with select_related)."""
        if self.performer_id is not None:
            return self.performer.display_name
        return self.timekeeper.name if self.timekeeper_id is not None else ""

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


# The imports feature keeps its tables beside its code (audit/imports/models.py).
from audit.imports.models import ColumnMapping, ImportJob  # noqa: E402, F401
