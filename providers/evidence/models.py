"""Evidence documents (NDA, SOC 2 report, insurance certificates...) on a provider or a professional.

Imported by providers.models, so Django files them under the providers app. Every upload is a row of
its own: replacing a document adds a version and marks the earlier one superseded, never overwrites it.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from firmops.tenancy import FirmOwned

EXPIRY_WARNING_DAYS = (30, 7)  # the reminders, and "expires soon" on the pages from the first of them


class EvidenceKind(models.TextChoices):
    NDA = "nda", "NDA"
    SOC2_TYPE2 = "soc2_type2", "SOC 2 Type II report"
    ISO27001 = "iso27001", "ISO 27001 certificate"
    LIABILITY_INSURANCE = "liability_insurance", "Professional liability (E&O) insurance certificate"
    CYBER_INSURANCE = "cyber_insurance", "Cyber insurance certificate"
    BACKGROUND_CHECK = "background_check", "Background-check attestation"
    ENGAGEMENT_TERMS = "engagement_terms", "Signed engagement terms"
    OTHER = "other", "Other"


# Certificates and audit reports lapse: without an expiry date nobody could be reminded in time.
KINDS_THAT_EXPIRE = frozenset(
    {
        EvidenceKind.SOC2_TYPE2,
        EvidenceKind.ISO27001,
        EvidenceKind.LIABILITY_INSURANCE,
        EvidenceKind.CYBER_INSURANCE,
    }
)
# Until a firm chooses, every provider owes an NDA (the guide: signed before a firm's name is seen).
DEFAULT_REQUIRED = (EvidenceKind.NDA.value,)
# What an outsourced professional signs themselves, and so may download from their own record.
SIGNED_BY_PROFESSIONAL = frozenset({EvidenceKind.NDA, EvidenceKind.ENGAGEMENT_TERMS})


def evidence_path(instance: EvidenceDocument, filename: str) -> str:
    """An unguessable stored name: the firm, then random bytes, then the extension the bytes proved.

    The uploader's file name is kept only in `original_name` (for the download), never in a path.
    """
    return f"evidence/{instance.firm_id}/{secrets.token_urlsafe(24)}{instance.extension}"


class EvidenceDocument(FirmOwned):
    """One uploaded version of a document; the current one of its line is the one not superseded."""

    EXTENSIONS = {
        "application/pdf": ".pdf",
        "image/png": ".png",
        "image/jpeg": ".jpg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    }

    provider = models.ForeignKey("providers.Provider", on_delete=models.CASCADE, related_name="evidence")
    # Set for a professional's own document (their NDA, background check); the provider is theirs.
    professional = models.ForeignKey(
        "providers.Professional", on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    title = models.CharField(max_length=200, blank=True, help_text="What the document is (for “Other”).")
    issued_on = models.DateField("issue date", null=True, blank=True)
    expires_on = models.DateField("expiry date", null=True, blank=True)
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when the provider uploaded it through the questionnaire's secure link (no account).
    via_link = models.ForeignKey(
        "providers.Questionnaire", on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "-version", "-pk"]
        indexes = [
            models.Index(fields=["firm", "provider", "superseded_at"]),
            models.Index(fields=["firm", "expires_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(issued_on__isnull=True)
                | models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="evidence_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} v{self.version} ({self.subject_name})"

    @property
    def label(self) -> str:
        if self.kind == EvidenceKind.OTHER and self.title:
            return self.title
        return self.get_kind_display()

    @property
    def subject_name(self) -> str:
        return self.professional.name if self.professional_id else self.provider.name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "")

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def added_by_label(self) -> str:
        """Who added it, as the pages say it."""
        if self.via_link_id:
            return "the provider, through the questionnaire link"
        return self.added_by.display_name if self.added_by else "someone no longer a member"

    def is_expired(self, on: datetime.date) -> bool:
        return self.expires_on is not None and self.expires_on < on

    def days_left(self, on: datetime.date) -> int | None:
        return None if self.expires_on is None else (self.expires_on - on).days

    def state(self, on: datetime.date) -> str:
        """ "expired", "expiring" (within the first reminder's window) or "valid", on a firm's date."""
        left = self.days_left(on)
        if left is None:
            return "valid"
        if left < 0:
            return "expired"
        return "expiring" if left <= EXPIRY_WARNING_DAYS[0] else "valid"


class EvidenceRequirement(FirmOwned):
    """Which kinds a firm requires of one provider model (talent platform, traditional LPO, freelancer)."""

    provider_model = models.CharField(max_length=30)
    kinds = models.JSONField(default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider_model"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "provider_model"], name="evidence_requirement_once_per_model"
            )
        ]

    def __str__(self) -> str:
        return f"Evidence required of {self.provider_model}: {', '.join(self.kinds) or 'none'}"
