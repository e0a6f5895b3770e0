"""Imports in the API: an upload in, a job out (its progress and report), mappings as the firm saved them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.imports.mapping import DEFAULT_ROLES, FIELDS
from audit.imports.models import ColumnMapping, ImportJob
from audit.imports.rows import Report
from audit.imports.services import NAME_MAX
from audit.imports.values import DURATION_UNITS


class ImportIn(serializers.Serializer):
    file = serializers.FileField(
        help_text="LEDES 1998B, a CSV or .xlsx export (its columns mapped by `mapping` or a saved mapping "
        "of the same header row), or firmops' own CSV. Multipart, at most 20 MB."
    )
    period = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Audit period id (default: the period each row's day is in).",
    )
    mapping = serializers.IntegerField(
        required=False, allow_null=True, help_text="A saved column mapping's id (see import-mappings)."
    )


class ReportOut(serializers.Serializer):
    summary = serializers.CharField()
    rows = serializers.IntegerField()
    valid = serializers.IntegerField()
    imported = serializers.IntegerField()
    problems = serializers.ListField(child=serializers.CharField(), help_text="Each bad line, by its number.")
    skipped = serializers.DictField(
        child=serializers.IntegerField(), help_text="Rows that are not time, by why."
    )
    notes = serializers.ListField(child=serializers.CharField(), help_text="How the file was read.")
    periods = serializers.ListField(child=serializers.IntegerField(), help_text="Audit periods it went into.")


class ImportOut(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    mapping = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    period = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    report = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "status",
            "status_label",
            "original_name",
            "size",
            "period",
            "mapping",
            "header",
            "rows_total",
            "rows_read",
            "rows_valid",
            "imported",
            "report",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ReportOut(allow_null=True))
    def get_report(self, job: ImportJob) -> dict | None:
        if not job.report:
            return None
        return ReportOut({**Report().as_dict(), **job.report}).data  # a report of an older shape: blanks


class MapIn(serializers.Serializer):
    columns = serializers.DictField(
        child=serializers.CharField(max_length=200),
        help_text="firmops field → the file's column header. Fields: " + ", ".join(FIELDS) + "; "
        "date, person, description and duration are required.",
    )
    duration_unit = serializers.ChoiceField(choices=list(DURATION_UNITS), default="hours")
    billable_inverted = serializers.BooleanField(default=False)
    default_role = serializers.ChoiceField(choices=["", *DEFAULT_ROLES], default="", allow_blank=True)
    save_as = serializers.CharField(max_length=NAME_MAX, required=False, allow_blank=True, default="")

    def validate_columns(self, columns: dict) -> dict:
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise serializers.ValidationError(
                f"Unknown field(s) {', '.join(unknown)}; fields: {', '.join(FIELDS)}."
            )
        return columns


class ColumnMappingOut(serializers.ModelSerializer):
    class Meta:
        model = ColumnMapping
        fields = ["id", "name", "header", "spec", "created_at", "updated_at"]
        read_only_fields = fields
