"""API shapes of onboarding. `firm` never comes from the client; statuses are plain strings."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from onboarding.models import ExitCheck, GuideVersion, PackExport, Plan, PlanItem
from onboarding.rendering import render_markdown
from onboarding.selectors import can_edit_item, plan_progress


class DelegatedTaskIO(serializers.Serializer):
    category = serializers.CharField(max_length=60)
    label = serializers.CharField(max_length=200)


class ProgressOut(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    overdue = serializers.IntegerField()
    percent = serializers.IntegerField()


class PlanItemOut(serializers.ModelSerializer):
    engagement = serializers.IntegerField(source="plan.engagement_id", read_only=True)
    track = serializers.CharField(read_only=True)
    track_label = serializers.CharField(source="get_track_display", read_only=True)
    owner_role = serializers.CharField(read_only=True)
    owner = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "plan",
            "engagement",
            "key",
            "track",
            "track_label",
            "title",
            "body",
            "link",
            "day",
            "due_on",
            "owner_role",
            "owner",
            "milestone",
            "done",
            "done_at",
            "notes",
            "can_edit",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_owner(self, item: PlanItem) -> str | None:
        return item.owner.display_name if item.owner else None

    def get_can_edit(self, item: PlanItem) -> bool:
        membership = self.context.get("membership")
        return bool(membership) and can_edit_item(membership=membership, item=item)


class PlanItemIn(serializers.Serializer):
    done = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class PlanOut(serializers.ModelSerializer):
    engagement_name = serializers.CharField(source="engagement.name", read_only=True)
    ends_on = serializers.DateField(read_only=True)
    delegated = DelegatedTaskIO(many=True, read_only=True)
    progress = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "engagement",
            "engagement_name",
            "starts_on",
            "ends_on",
            "professional_name",
            "professional_time_zone",
            "day_start",
            "day_end",
            "core_hours",
            "placeholder",
            "delegated",
            "generated_at",
            "progress",
            "items",
        ]
        read_only_fields = fields

    @extend_schema_field(ProgressOut)
    def get_progress(self, plan: Plan) -> dict:
        return plan_progress(firm=self.context["firm"], plan=plan)

    @extend_schema_field(PlanItemOut(many=True))
    def get_items(self, plan: Plan) -> list:
        items = plan.items.select_related("owner", "plan").order_by("due_on", "position", "pk")
        return PlanItemOut(items, many=True, context=self.context).data


class PlanGenerateIn(serializers.Serializer):
    engagement = serializers.IntegerField()
    starts_on = serializers.DateField(required=False)
    day_start = serializers.TimeField(required=False)
    day_end = serializers.TimeField(required=False)
    delegated = DelegatedTaskIO(many=True, required=False, help_text="Blank: the top of the audit hit list.")


class GuideOut(serializers.Serializer):
    id = serializers.IntegerField()
    engagement = serializers.IntegerField(source="engagement_id")
    version = serializers.IntegerField(source="current.number", allow_null=True)
    saved_at = serializers.DateTimeField(source="current.created_at", allow_null=True)
    key_contacts = serializers.CharField(source="current.key_contacts", allow_blank=True)
    style_guide = serializers.CharField(source="current.style_guide", allow_blank=True)
    unwritten_rules = serializers.CharField(source="current.unwritten_rules", allow_blank=True)
    feedback_loop = serializers.CharField(source="current.feedback_loop", allow_blank=True)
    html = serializers.SerializerMethodField(
        help_text="Each section rendered and sanitised (no scripts, no remote resources)."
    )
    core_hours = serializers.CharField(allow_blank=True)

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_html(self, guide) -> dict:
        version = guide.current
        return {
            name: str(render_markdown(getattr(version, name) if version else ""))
            for name, _ in GuideVersion.SECTIONS
        }


class GuideIn(serializers.Serializer):
    key_contacts = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    style_guide = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    unwritten_rules = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    feedback_loop = serializers.CharField(required=False, allow_blank=True, max_length=20_000)


class GuideVersionOut(serializers.ModelSerializer):
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = GuideVersion
        fields = [
            "id",
            "number",
            "key_contacts",
            "style_guide",
            "unwritten_rules",
            "feedback_loop",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_created_by(self, version: GuideVersion) -> str | None:
        return version.created_by.email if version.created_by else None


class PackExportOut(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    requested_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = PackExport
        fields = [
            "id",
            "engagement",
            "status",
            "progress",
            "inputs_digest",
            "size",
            "error",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_requested_by(self, export: PackExport) -> str | None:
        return export.requested_by.email if export.requested_by else None

    def get_download_url(self, export: PackExport) -> str:
        if export.status != PackExport.Status.READY:
            return ""
        slug = self.context["firm_slug"]
        return reverse("onboarding:export_download", kwargs={"firm_slug": slug, "pack_export_id": export.pk})


class PackExportIn(serializers.Serializer):
    engagement = serializers.IntegerField()


class ExitCheckOut(serializers.ModelSerializer):
    """One item of an exit checklist, with the offboarding it belongs to and who ticked it when."""

    engagement = serializers.IntegerField(source="checklist.engagement_id", read_only=True)
    professional = serializers.CharField(source="checklist.professional_name", read_only=True)
    cause = serializers.CharField(source="checklist.cause", read_only=True)
    opened_at = serializers.DateTimeField(source="checklist.opened_at", read_only=True)
    done = serializers.BooleanField(read_only=True)
    done_by = serializers.EmailField(source="done_by.email", default=None, allow_null=True, read_only=True)

    class Meta:
        model = ExitCheck
        fields = [
            "id",
            "engagement",
            "professional",
            "cause",
            "opened_at",
            "kind",
            "system",
            "title",
            "done",
            "done_at",
            "done_by",
        ]
        read_only_fields = fields
