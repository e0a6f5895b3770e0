"""Onboarding: per-firm plan templates and tools, the generated 30-day plan, the How We Work guide, packs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from firmops.models import Engagement, Role
from firmops.tenancy import FirmOwned

PLAN_DAYS = 30
_day = [MinValueValidator(1), MaxValueValidator(PLAN_DAYS)]


class Track(models.TextChoices):
    SYSTEMS = "systems", "Systems & Security"
    COMMUNICATION = "communication", "Communication cadence"
    SUCCESS = "success", "Defining success"
    TECHNOLOGY = "technology", "Technology onboarding"


class Scope(models.TextChoices):
    ONCE = "once", "Once per plan"
    PER_TASK = "per_task", "Once per delegated task"
    PER_TOOL = "per_tool", "Once per firm tool"


class ToolKind(models.TextChoices):
    CASE = "case_management", "Case / practice management"
    DOCUMENTS = "documents", "Document management"
    EMAIL = "email", "Email & calendar"
    CHAT = "chat", "Chat"
    VIDEO = "video", "Video calls"
    BILLING = "billing", "Billing"
    OTHER = "other", "Other"


class FirmTool(FirmOwned):
    """A system the firm works in; the plan gives the professional an account and training for each."""

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=30, choices=ToolKind.choices, default=ToolKind.OTHER)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["firm", "name"], name="onboarding_tool_name_once")]

    def __str__(self) -> str:
        return self.name


class TaskPlaybook(FirmOwned):
    """The firm's expectations for one task category: format, tone, turnaround, walkthrough video."""

    category = models.CharField(max_length=60)
    walkthrough_title = models.CharField(max_length=200, blank=True)
    walkthrough_url = models.URLField(
        blank=True, help_text="A short screen recording (Loom, Stream…), https only."
    )
    formatting = models.TextField(blank=True)
    tone = models.TextField(blank=True)
    turnaround = models.CharField(max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category"]
        constraints = [models.UniqueConstraint(fields=["firm", "category"], name="onboarding_playbook_once")]


class PlanTemplateItem(FirmOwned):
    """One editable line of the firm's plan template; {placeholders} filled per engagement."""

    key = models.SlugField(max_length=60)
    track = models.CharField(max_length=20, choices=Track.choices)
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.ONCE)
    day = models.PositiveSmallIntegerField(validators=_day, help_text="Day of the plan, 1–30.")
    stagger_days = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(10)],
        help_text="Per task or tool: days between one and the next.",
    )
    repeat_every_days = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(PLAN_DAYS)], help_text="0: once. 7: weekly until day 30."
    )
    owner_role = models.CharField(max_length=20, choices=Role.choices)
    milestone = models.BooleanField(default=False, help_text="Milestones go into the calendar (ICS) export.")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True, help_text="Optional link, e.g. {walkthrough_url}.")
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["track", "day", "position", "key"]
        constraints = [models.UniqueConstraint(fields=["firm", "key"], name="onboarding_template_key_once")]

    def __str__(self) -> str:
        return self.title


class Plan(FirmOwned):
    """An engagement's 30-day integration plan, generated from the firm's templates and regenerated safely."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="onboarding_plans")
    starts_on = models.DateField(default=timezone.localdate)
    professional_name = models.CharField(max_length=200)
    professional_time_zone = models.CharField(max_length=64)
    professional_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    day_start = models.TimeField(
        default=datetime.time(9), help_text="The professional's working day, their time."
    )
    day_end = models.TimeField(default=datetime.time(17))
    core_hours = models.CharField(max_length=200, blank=True)
    delegated = models.JSONField(
        default=list, blank=True, help_text="[{category, label}] the plan was built for."
    )
    placeholder = models.BooleanField(
        default=False, help_text="Generated before a professional was selected."
    )
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "engagement"], name="onboarding_plan_one_per_engagement")
        ]

    def __str__(self) -> str:
        return f"30-day plan for {self.engagement}"

    @property
    def ends_on(self) -> datetime.date:
        return self.starts_on + datetime.timedelta(days=PLAN_DAYS - 1)


class PlanItem(FirmOwned):
    """A dated thing to do in the first 30 days; `key` survives regeneration with its tick and notes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=160)
    track = models.CharField(max_length=20, choices=Track.choices)
    title = models.CharField(max_length=400)
    body = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    day = models.PositiveSmallIntegerField(validators=_day)
    due_on = models.DateField()
    owner_role = models.CharField(max_length=20, choices=Role.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    milestone = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "plan", "key"], name="onboarding_item_key_once")
        ]
        indexes = [models.Index(fields=["firm", "done", "due_on"])]

    def __str__(self) -> str:
        return self.title


class AccessCheck(FirmOwned):
    """Least privilege from day one, per system: named account, NDA first, MFA on, nothing beyond the work."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="access_checks")
    system = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    named_account = models.BooleanField("named account with role-based permissions", default=False)
    mfa_enabled = models.BooleanField("MFA on", default=False)
    least_privilege = models.BooleanField(
        "least privilege (only the matters and folders needed)", default=False
    )
    notes = models.CharField(max_length=500, blank=True)
    # The NDA is read from the evidence documents, no longer ticked: granting the account records the
    # NDA that covered it, or, while required evidence was missing or expired, the override and why.
    nda_document = models.ForeignKey(
        "providers.EvidenceDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_reason = models.TextField(blank=True)
    override_gaps = models.JSONField(default=list, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    # The account is granted only past the NDA (or its override), so these three ticks are the whole check.
    CHECKS = ("named_account", "mfa_enabled", "least_privilege")

    class Meta:
        ordering = ["position", "system"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "plan", "system"], name="onboarding_access_system_once")
        ]

    def __str__(self) -> str:
        return f"Access to {self.system}"

    @property
    def complete(self) -> bool:
        return all(getattr(self, name) for name in self.CHECKS)


class Guide(FirmOwned):
    """The engagement's How We Work guide; its text lives in versions, every save kept."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="onboarding_guides")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "engagement"], name="onboarding_guide_one_per_engagement")
        ]

    def __str__(self) -> str:
        return f"How We Work — {self.engagement}"


class GuideVersion(FirmOwned):
    """One saved state of a guide's Markdown sections; never edited, so the history is the audit trail."""

    SECTIONS = (
        ("key_contacts", "Key contacts"),
        ("style_guide", "Style guide"),
        ("unwritten_rules", "Unwritten rules"),
        ("feedback_loop", "Feedback loop"),
    )

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    key_contacts = models.TextField(blank=True)
    style_guide = models.TextField(blank=True)
    unwritten_rules = models.TextField(blank=True)
    feedback_loop = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "guide", "number"], name="onboarding_guide_version_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"

    def sections(self) -> dict[str, str]:
        return {name: getattr(self, name) for name, _ in self.SECTIONS}


def _pack_path(instance: PackExport, filename: str) -> str:
    return f"onboarding/packs/{instance.firm_id}/{instance.engagement_id}/{filename}"


class PackExport(FirmOwned):
    """A PDF onboarding pack build: a job the page polls; its file is reused while its inputs match."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        BUILDING = "building", "Building"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="onboarding_packs")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    inputs_digest = models.CharField(max_length=64)
    html = models.TextField(help_text="The exact document the PDF is rendered from.")
    file = models.FileField(upload_to=_pack_path, blank=True, max_length=300)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "engagement", "inputs_digest"], name="onboarding_pack_once_per_inputs"
            )
        ]

    def __str__(self) -> str:
        return f"Onboarding pack {self.inputs_digest[:10]} ({self.status})"


class ExitChecklist(FirmOwned):
    """The way out, mirroring the access checklist: opened when a professional is replaced, their trial
    ends or the engagement closes; ops ticks each item off (who and when kept, and in the trail)."""

    class Cause(models.TextChoices):
        REPLACED = "replaced", "Replaced"
        TRIAL_ENDED = "trial_ended", "Trial ended without confirming"
        CLOSED = "closed", "Engagement closed"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="exit_checklists")
    key = models.CharField(max_length=80, help_text="One offboarding, one checklist (e.g. selection:12).")
    professional_name = models.CharField(max_length=200)
    professional_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cause = models.CharField(max_length=20, choices=Cause.choices)
    reason = models.TextField(blank=True)
    membership_deactivated = models.BooleanField(default=False)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["firm", "key"], name="onboarding_exit_once_per_key")]

    def __str__(self) -> str:
        return f"Exit checklist for {self.professional_name}"


class ExitCheck(FirmOwned):
    """One thing to take back: a system's access removed, the firm's files returned, the NDA reminded."""

    class Kind(models.TextChoices):
        ACCESS = "access", "Access removed"
        FILES = "files", "Files returned"
        NDA = "nda", "NDA obligations reminded"

    checklist = models.ForeignKey(ExitChecklist, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    system = models.CharField(max_length=80, blank=True, help_text="The firm tool, for access items.")
    title = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "checklist", "kind", "system"], name="onboarding_exit_check_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_at is not None
