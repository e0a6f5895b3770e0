import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from firmops.models import Engagement
from firmops.models.firms import validate_time_zone
from firmops.tenancy import FirmOwned

_rate = dict(
    max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal("0"))]
)
_score = dict(validators=[MinValueValidator(0), MaxValueValidator(100)])


def _work_start() -> models.TimeField:
    return models.TimeField(
        default=datetime.time(9), help_text="Start of their working day, in their time zone."
    )


def _work_end() -> models.TimeField:
    return models.TimeField(
        default=datetime.time(17), help_text="End of their working day, in their time zone."
    )


class ProviderModel(models.TextChoices):
    TALENT_PLATFORM = "talent_platform", "Specialised talent platform"
    TRADITIONAL_LPO = "traditional_lpo", "Traditional LPO"
    FREELANCER = "freelancer", "Independent freelancer"


class Provider(FirmOwned):
    """An outsourcing provider a firm is vetting: a platform, an LPO or a freelancer."""

    # What a firm may set on a provider, in the order forms and the API show it; the service refuses
    # anything else.
    EDITABLE_FIELDS = (
        "name",
        "model",
        "engagement",
        "website",
        "contact_name",
        "contact_email",
        "jurisdictions",
        "time_zone",
        "rate_min",
        "rate_max",
        "work_start",
        "work_end",
        "notes",
    )

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="providers", null=True, blank=True
    )
    name = models.CharField(max_length=200)
    model = models.CharField(max_length=30, choices=ProviderModel.choices)
    website = models.URLField(blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    jurisdictions = models.CharField(max_length=300, blank=True, help_text="e.g. Illinois, federal courts")
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    rate_min = models.DecimalField("lowest hourly rate", **_rate)
    rate_max = models.DecimalField("highest hourly rate", **_rate)
    # Offshore teams often work a night shift to cover US hours: the time zone alone can't tell.
    work_start = _work_start()
    work_end = _work_end()
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate_min__isnull=True)
                | models.Q(rate_max__isnull=True)
                | models.Q(rate_max__gte=models.F("rate_min")),
                name="provider_rate_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Professional(FirmOwned):
    """A candidate a provider proposes; once selected and onboarded, `user` is their external account."""

    EDITABLE_FIELDS = (  # as on Provider: forms, the API and the service share this list
        "name",
        "role",
        "email",
        "time_zone",
        "hourly_rate",
        "skills",
        "status",
        "weekly_capacity_hours",
        "work_start",
        "work_end",
    )

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
    hourly_rate = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    skills = models.TextField(blank=True, help_text="One per line or comma-separated.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    weekly_capacity_hours = models.PositiveSmallIntegerField(default=40)
    work_start = _work_start()
    work_end = _work_end()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

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
        ENDED = "ended", "Trial ended without confirming"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="selections")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField()
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    selected_at = models.DateTimeField(default=timezone.now)
    trial_days = models.PositiveSmallIntegerField(default=7)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TRIAL)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replacement_reason = models.TextField(blank=True)
    # Confirmed while required evidence was missing or expired: what was owed, and the partner's reason.
    evidence_override_reason = models.TextField(blank=True)
    evidence_override_gaps = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-selected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.professional} for {self.engagement}"

    @property
    def trial_ends_on(self):
        return timezone.localdate(self.selected_at) + timezone.timedelta(days=self.trial_days)


# A selection no longer live: replaced, or its trial ended without confirming. replaced_at, replaced_by
# and replacement_reason then say when it stopped, who stopped it and why, whichever way it did.
SELECTION_STOPPED = (Selection.Status.REPLACED, Selection.Status.ENDED)


class QuestionnaireTemplate(FirmOwned):
    """A firm's own copy of the vetting questions, rubrics and weights (the built-in one is not a row)."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    questions = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "name"], name="questionnaire_template_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Questionnaire(FirmOwned):
    """One questionnaire sent to a provider through a secret link; the questions are frozen at sending."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="questionnaires")
    engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    template_name = models.CharField(max_length=200)
    questions = models.JSONField(default=list)
    sent_to = models.EmailField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Only a hash of the link's secret is kept: a copy of the database cannot open a questionnaire.
    token_hash = models.CharField(max_length=64, editable=False)
    link_version = models.PositiveSmallIntegerField(default=1)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    total_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["firm", "submitted_at", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.template_name} for {self.provider}"

    @property
    def is_expired(self) -> bool:
        return self.submitted_at is None and self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.submitted_at:
            return "submitted"
        if self.is_expired:
            return "expired"
        return "draft" if self.draft_saved_at else "sent"

    @property
    def status_label(self) -> str:
        return {
            "submitted": "Submitted",
            "expired": "Link expired",
            "draft": "Draft saved",
            "sent": "Awaiting answers",
        }[self.status]


class Answer(FirmOwned):
    """A provider's answer to one question, its rubric score, and a reviewer's adjustment if any."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(blank=True)  # free text as written, or a typed answer as it reads ("Yes")
    # A typed answer's value (providers.questionnaires.types); None for free text.
    value = models.JSONField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True, **_score)
    vague = models.BooleanField(default=False)
    found = models.JSONField(default=list)
    missing = models.JSONField(default=list)
    specifics = models.JSONField(default=list)
    breakdown = models.JSONField(default=dict, blank=True)  # what built the score (…questionnaires.breakdown)
    adjusted_score = models.PositiveSmallIntegerField(null=True, blank=True, **_score)
    adjustment_comment = models.TextField(blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adjusted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "questionnaire", "question_key"], name="answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_key}: {self.text[:40]}"

    @property
    def effective_score(self) -> int | None:
        """A reviewer's adjusted score wins over the rubric's."""
        return self.adjusted_score if self.adjusted_score is not None else self.score


class ScoreAdjustment(FirmOwned):
    """Every change a reviewer made to an answer's score, with who, when and why."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="adjustments")
    from_score = models.PositiveSmallIntegerField(null=True, blank=True)
    to_score = models.PositiveSmallIntegerField(**_score)
    comment = models.TextField()
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    adjusted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["adjusted_at", "pk"]


class RoleDefinition(FirmOwned):
    """The job an engagement hands over, drafted from the audit's hit list and edited by the firm.

    `edited_fields` names the fields a person changed: redrafting never touches those.
    """

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    tools = models.TextField(blank=True, help_text="The systems they will work in, one per line.")
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    core_hours_start = models.TimeField(
        help_text="Start of the hours they must overlap, in the time zone above."
    )
    core_hours_end = models.TimeField(help_text="End of the hours they must overlap.")
    security = models.TextField(blank=True, help_text="One requirement per line.")
    assigns_work = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answers_questions = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reporting_notes = models.TextField(blank=True)
    budget_rate = models.DecimalField(
        "budget hourly rate", max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    drafted_from = models.CharField(max_length=200, blank=True)
    edited_fields = models.JSONField(default=list, blank=True)
    drafted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "engagement"], name="role_definition_once_per_engagement")
        ]

    def __str__(self) -> str:
        return self.title


class RoleCategory(FirmOwned):
    """One task category the role takes over: hours a week, the skills it needs, the turnaround expected."""

    role = models.ForeignKey(RoleDefinition, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(max_length=60)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    hours_per_week = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    attorney_hours_per_week = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))]
    )
    skills = models.TextField(blank=True)
    turnaround = models.CharField(max_length=200, blank=True)
    edited_fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "role", "category"], name="role_category_once")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.replace("\n", ",").split(",") if s.strip()]


# Feature packages keep their own models; importing them here files them under the providers app.
from providers.evidence.models import EvidenceDocument, EvidenceKind, EvidenceRequirement  # noqa: E402, F401
