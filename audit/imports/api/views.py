"""Imports as an API resource: create one from an upload, poll its progress, read its report."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from audit.imports import services
from audit.imports.api.serializers import ColumnMappingOut, ImportIn, ImportOut, MapIn
from audit.imports.mapping import Mapping
from audit.imports.models import ColumnMapping, ImportJob
from audit.models import AuditPeriod
from firmops.api.base import FirmViewMixin
from firmops.api.views import as_api_error
from firmops.permissions import MANAGERS
from firmops.tenancy import get_for_firm


def _own(model, firm, pk, field: str):
    if pk is None:
        return None
    try:
        return get_for_firm(model, firm=firm, pk=pk)
    except Http404 as exc:
        raise APIValidationError({field: [f"No such {model._meta.verbose_name} in this firm."]}) from exc


class ImportViewSet(
    FirmViewMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Imports of time records (partners and ops): LEDES 1998B, mapped CSV or .xlsx, firmops' CSV.

    A small file is imported before the answer (status `done` or `rejected` with its report); a big
    one is `queued` and moves through `checking` (rows_read, rows_valid) and `writing` to its end:
    poll the import. A CSV or workbook whose columns firmops cannot place waits in `mapping`: POST
    its columns to `map`. All rows or none: a rejected import's report names each bad line.
    """

    model = ImportJob
    serializer_class = ImportOut
    allowed_roles = MANAGERS
    write_roles = MANAGERS
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def firm_queryset(self):
        return super().firm_queryset().select_related("mapping", "period")

    def get_serializer_class(self):
        return {"create": ImportIn, "map": MapIn}.get(self.action, ImportOut)

    @extend_schema(request={"multipart/form-data": ImportIn}, responses={201: ImportOut})
    def create(self, request, *args, **kwargs):
        data = ImportIn(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            job = services.import_job_create(
                firm=self.firm,
                actor=request.user,
                upload=upload,
                name=upload.name,
                size=upload.size,
                period=_own(AuditPeriod, self.firm, data.validated_data.get("period"), "period"),
                mapping=_own(ColumnMapping, self.firm, data.validated_data.get("mapping"), "mapping"),
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(ImportOut(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MapIn, responses={200: ImportOut})
    @action(detail=True, methods=["post"])
    def map(self, request, *args, **kwargs):
        """Say which column is what (and optionally save it by name), then import: all rows or none."""
        job = self.get_object()
        data = MapIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        save_as = values.pop("save_as")
        try:
            job = services.import_job_map(
                firm=self.firm,
                actor=request.user,
                job=job,
                mapping=Mapping.from_dict(values),
                save_as=save_as,
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(ImportOut(job).data)


class ColumnMappingViewSet(FirmViewMixin, viewsets.ReadOnlyModelViewSet):
    """The firm's saved column mappings: an upload whose header row matches one is read with it."""

    model = ColumnMapping
    serializer_class = ColumnMappingOut
    allowed_roles = MANAGERS
