"""The firm's data over the API (partners only): export jobs to start, poll and download; the firm's
deletion to read, schedule (name typed, session freshly authenticated) and cancel."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from firmops.api.base import FirmViewMixin
from firmops.api.views import as_api_error
from firmops.models import FirmExport, Role
from firmops.ownership import reauth, selectors, services
from firmops.ownership.exports import export_percent
from firmops.ownership.views import export_file_response, ready_export_or_404

PARTNERS = (Role.PARTNER,)


class DataExportOut(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(help_text="0–100, for a progress bar.")
    requested_by = serializers.EmailField(source="requested_by.email", default=None, read_only=True)
    download_url = serializers.SerializerMethodField(help_text="Where the zip is, once ready; blank before.")

    class Meta:
        model = FirmExport
        fields = [
            "id",
            "status",
            "progress",
            "error",
            "size",
            "rows",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
            "downloads",
            "download_url",
        ]

    def get_progress(self, export: FirmExport) -> int:
        return export_percent(export)

    def get_download_url(self, export: FirmExport) -> str:
        if export.status != FirmExport.Status.READY:
            return ""
        kwargs = {"firm_slug": self.context["request"].firm.slug, "pk": export.pk}
        return reverse("api:data-export-download", kwargs=kwargs)


class DataExportViewSet(
    FirmViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Exports of everything the firm owns: a zip of CSV and JSON per table plus every stored document,
    built in the background (poll it) and kept for a week. Partners only."""

    model = FirmExport
    serializer_class = DataExportOut
    allowed_roles = write_roles = PARTNERS

    def firm_queryset(self):
        return (
            super()
            .firm_queryset()
            .select_related("requested_by")
            .prefetch_related("progress_rows")
            .order_by("-created_at", "-pk")
        )

    @extend_schema(request=None, responses={201: DataExportOut, 200: DataExportOut})
    def create(self, request, *args, **kwargs):
        """Start an export: 201 with the new job, or 200 with the job already queued or building (one
        job at a time, however often it is asked)."""
        export, created = services.firm_export_request(firm=self.firm, actor=request.user)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(DataExportOut(export, context=self.get_serializer_context()).data, status=code)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        """The zip of a ready export (404 before it is ready and after it expired)."""
        return export_file_response(request, ready_export_or_404(self.firm, self.get_object().pk))


class DeletionIn(serializers.Serializer):
    confirm_name = serializers.CharField(
        max_length=200, help_text="The firm's name exactly as it is written, to confirm."
    )


class DeletionOut(serializers.Serializer):
    scheduled = serializers.BooleanField()
    due_at = serializers.DateTimeField(allow_null=True, help_text="When the deletion runs, if scheduled.")
    requested_at = serializers.DateTimeField(allow_null=True)
    requested_by = serializers.EmailField(allow_null=True)


def _deletion_out(deletion) -> dict:
    if deletion is None:
        return {"scheduled": False, "due_at": None, "requested_at": None, "requested_by": None}
    who = deletion.requested_by
    return {
        "scheduled": True,
        "due_at": deletion.due_at,
        "requested_at": deletion.requested_at,
        "requested_by": who.email if who else None,
    }


class DeletionView(FirmViewMixin, generics.GenericAPIView):
    """The firm's deletion: read whether one is scheduled, schedule one (runs after 30 days of grace;
    the session must have signed in or re-authenticated in the last minutes, with its authenticator
    app where it has one), or cancel it. Partners only."""

    allowed_roles = write_roles = PARTNERS
    serializer_class = DeletionOut
    pagination_class = None

    @extend_schema(responses={200: DeletionOut})
    def get(self, request, firm_slug: str):
        return Response(DeletionOut(_deletion_out(selectors.scheduled_deletion(firm=self.firm))).data)

    @extend_schema(request=DeletionIn, responses={201: DeletionOut})
    def post(self, request, firm_slug: str):
        """Schedule the deletion: 400 names a wrong name or the deletion already scheduled; 403 asks
        for a fresh authentication first."""
        data = DeletionIn(data=request.data)
        data.is_valid(raise_exception=True)
        name = data.validated_data["confirm_name"]
        try:
            services.firm_deletion_name_check(firm=self.firm, confirm_name=name)
            if not reauth.recently_authenticated(request):
                raise PermissionDenied(reauth.reauthentication_needed_message(request))
            deletion = services.firm_deletion_schedule(firm=self.firm, actor=request.user, confirm_name=name)
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(DeletionOut(_deletion_out(deletion)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DeletionOut})
    def delete(self, request, firm_slug: str):
        """Cancel the scheduled deletion (400 when none is scheduled)."""
        try:
            services.firm_deletion_cancel(firm=self.firm, actor=request.user)
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(DeletionOut(_deletion_out(None)).data)
