"""The evidence API: list and read a firm's documents, upload one (multipart), download its file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from firmops.api.base import FirmViewMixin
from firmops.api.params import safe_id
from firmops.api.views import as_api_error
from providers.access import READ, WRITE
from providers.api.serializers import FirmPK
from providers.evidence.models import EvidenceDocument, EvidenceKind
from providers.evidence.services import evidence_add
from providers.evidence.views import attachment
from providers.models import Professional, Provider


class EvidenceIn(serializers.Serializer):
    provider = FirmPK(Provider, required=False, allow_null=True, help_text="Whose document: a provider…")
    professional = FirmPK(
        Professional, required=False, allow_null=True, help_text="…or one of its professionals."
    )
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Required for insurance certificates, SOC 2 reports and ISO 27001 certificates.",
    )
    file = serializers.FileField(help_text="PDF, PNG, JPEG or Word (.docx), judged by its bytes.")
    replaces = FirmPK(
        EvidenceDocument,
        required=False,
        allow_null=True,
        help_text="The current version this upload replaces (otherwise: the current one of the same kind).",
    )


class EvidenceOut(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    added_by_label = serializers.CharField(read_only=True)
    state = serializers.SerializerMethodField(help_text="valid, expiring (30 days or fewer) or expired")

    class Meta:
        model = EvidenceDocument
        fields = [
            "id",
            "provider",
            "professional",
            "kind",
            "kind_label",
            "title",
            "issued_on",
            "expires_on",
            "state",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "version",
            "replaces",
            "is_current",
            "superseded_at",
            "added_by_label",
            "added_at",
        ]
        read_only_fields = fields

    def get_state(self, document: EvidenceDocument) -> str:
        return document.state(self.context["request"].firm.today())


def _int_param(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, description=f"Only those of this {what}.")


@extend_schema(
    parameters=[
        _int_param("provider", "provider"),
        _int_param("professional", "professional"),
        OpenApiParameter("current", OpenApiTypes.BOOL, description="true: only current versions."),
    ]
)
class EvidenceViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    FirmViewMixin,
    viewsets.GenericViewSet,
):
    """Evidence documents (NDA, SOC 2, insurance…) on providers and professionals, every version kept."""

    model = EvidenceDocument
    allowed_roles, write_roles = READ, WRITE
    serializer_class = EvidenceOut
    parser_classes = [MultiPartParser, FormParser]

    def firm_queryset(self):
        rows = super().firm_queryset().select_related("added_by")
        params = self.request.query_params
        for param in ("provider", "professional"):
            value = params.get(param)
            if value is not None:
                rows = rows.filter(**{f"{param}_id": safe_id(value)}) if value.isdecimal() else rows.none()
        if params.get("current") in ("true", "1"):
            rows = rows.filter(superseded_at__isnull=True)
        return rows

    @extend_schema(request={"multipart/form-data": EvidenceIn}, responses={201: EvidenceOut})
    def create(self, request, *args, **kwargs):
        serializer = EvidenceIn(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            document = evidence_add(firm=self.firm, actor=request.user, **serializer.validated_data)
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(
            EvidenceOut(document, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        responses={
            (200, mime): OpenApiResponse(OpenApiTypes.BINARY, description="The file, as an attachment.")
            for mime in EvidenceDocument.EXTENSIONS
        }
    )
    @action(detail=True, methods=["get"])
    def file(self, request, *args, **kwargs):
        """The stored file, as an attachment (never a public URL)."""
        return attachment(self.get_object())
