"""Audit API shapes: <Entity>In for what a client sends, <Entity>Out for what it gets back."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.classifier import category_label
from audit.models import HISTORICAL_DAYS_MAX, LIVE_DAYS_MAX, MAX_MINUTES, AuditPeriod, Bucket, TaskEntry
from audit.services import DESCRIPTION_MAX, MATTER_MAX
from firmops.models import Role

MAX_PREVIEW = 1000


class PeriodOut(serializers.ModelSerializer):
    engagement_name = serializers.CharField(source="engagement.name", read_only=True)
    ends_on = serializers.DateField(read_only=True)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = AuditPeriod
        fields = [
            "id",
            "engagement",
            "engagement_name",
            "starts_on",
            "ends_on",
            "days",
            "historical",
            "participants",
            "created_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.EmailField()))
    def get_participants(self, period: AuditPeriod) -> list[str]:
        return sorted(p.user.email for p in period.participants.all())


class PeriodIn(serializers.Serializer):
    engagement = serializers.IntegerField(help_text="Id of one of the firm's engagements.")
    starts_on = serializers.DateField(required=False, help_text="Default: today (required when historical).")
    days = serializers.IntegerField(
        min_value=1,
        max_value=HISTORICAL_DAYS_MAX,
        default=7,
        help_text=f"At most {LIVE_DAYS_MAX} for a period people log into, {HISTORICAL_DAYS_MAX} "
        "for a historical one.",
    )
    historical = serializers.BooleanField(
        default=False,
        help_text="Past dates (ending today at the latest) filled by an import: no participants, "
        "no reminders.",
    )
    participants = serializers.ListField(
        child=serializers.EmailField(),
        required=False,
        help_text="Emails of staff members. Default: the firm's partners, attorneys and paralegals.",
    )


class EntryOut(serializers.ModelSerializer):
    performer = serializers.EmailField(source="performer.email", read_only=True)
    performer_role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    bucket = serializers.ChoiceField(choices=Bucket.choices, read_only=True)
    category_label = serializers.SerializerMethodField()
    overridden = serializers.SerializerMethodField()
    logged_by = serializers.EmailField(
        source="logged_by.email", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = TaskEntry
        fields = [
            "id", "period", "performer", "performer_role", "hourly_cost", "description", "minutes",
            "performed_on", "matter", "billable", "bucket", "category", "category_label", "reason",
            "confidence", "overridden",
            "logged_by", "created_at", "updated_at",
        ]  # fmt: skip

    def get_category_label(self, entry: TaskEntry) -> str:
        return category_label(entry.category)

    def get_overridden(self, entry: TaskEntry) -> bool:
        return entry.override_id is not None


class EntryUpdateIn(serializers.Serializer):
    description = serializers.CharField(max_length=DESCRIPTION_MAX, required=False)
    minutes = serializers.IntegerField(min_value=1, max_value=MAX_MINUTES, required=False)
    performed_on = serializers.DateField(required=False)
    matter = serializers.CharField(max_length=MATTER_MAX, required=False, allow_blank=True)
    billable = serializers.BooleanField(required=False)
    performer = serializers.EmailField(
        required=False, help_text="Who did the task (partners and ops only); default: you."
    )


class EntryIn(EntryUpdateIn):
    period = serializers.IntegerField(help_text="Id of the audit period.")
    description = serializers.CharField(max_length=DESCRIPTION_MAX)
    minutes = serializers.IntegerField(min_value=1, max_value=MAX_MINUTES)


class OverrideIn(serializers.Serializer):
    bucket = serializers.ChoiceField(choices=Bucket.choices)
    category = serializers.CharField(max_length=60, help_text="A category slug (GET categories/).")


class OverrideOut(serializers.Serializer):
    id = serializers.IntegerField()
    pattern = serializers.CharField()
    bucket = serializers.ChoiceField(choices=Bucket.choices)
    category = serializers.CharField()
    example = serializers.CharField()
    created_by = serializers.EmailField(source="created_by.email", default=None, allow_null=True)
    created_at = serializers.DateTimeField()
    updated_by = serializers.EmailField(source="updated_by.email", default=None, allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class OverrideResultOut(serializers.Serializer):
    override = OverrideOut()
    applied = serializers.IntegerField(help_text="Entries of the firm whose classification changed.")


class ClassifyIn(serializers.Serializer):
    descriptions = serializers.ListField(
        child=serializers.CharField(max_length=DESCRIPTION_MAX), min_length=1, max_length=MAX_PREVIEW
    )


class ClassificationOut(serializers.Serializer):
    description = serializers.CharField()
    bucket = serializers.ChoiceField(choices=Bucket.choices)
    category = serializers.CharField()
    category_label = serializers.CharField()
    reason = serializers.CharField()
    confidence = serializers.FloatField()
    overridden = serializers.BooleanField()


class CategoryOut(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField()
    default_bucket = serializers.CharField(help_text="core or outsourceable, unless a partner overrides it.")


class HitListRowOut(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    bucket = serializers.ChoiceField(choices=Bucket.choices)
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    attorney_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    attorney_share = serializers.DecimalField(max_digits=4, decimal_places=3)
    days = serializers.IntegerField()
    entries = serializers.IntegerField()
    recoverable_period = serializers.DecimalField(max_digits=14, decimal_places=2)
    recoverable_weekly = serializers.DecimalField(max_digits=14, decimal_places=2)
    recoverable_annual = serializers.DecimalField(max_digits=14, decimal_places=2)


class HitListTotalsOut(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    attorney_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    recoverable_period = serializers.DecimalField(max_digits=14, decimal_places=2)
    recoverable_weekly = serializers.DecimalField(max_digits=14, decimal_places=2)
    recoverable_annual = serializers.DecimalField(max_digits=14, decimal_places=2)


class HitListOut(serializers.Serializer):
    period = serializers.IntegerField()
    outsourced_rate = serializers.DecimalField(max_digits=8, decimal_places=2)
    weeks = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        help_text="How many weeks the period stands for: each per-week figure is its average week.",
    )
    totals = HitListTotalsOut()
    rows = HitListRowOut(many=True)
