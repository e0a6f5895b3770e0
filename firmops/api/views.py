from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from firmops.api.base import FirmModelViewSet, FirmViewMixin
from firmops.api.serializers import (
    EngagementIn,
    EngagementOut,
    FirmOut,
    MemberOut,
    StageChangeOut,
    StageMoveIn,
)
from firmops.engagements.selectors import engagements_visible_to
from firmops.engagements.services import engagement_create, engagement_move_stage
from firmops.models import Engagement, Membership, Role
from firmops.permissions import MANAGERS
from firmops.selectors import firm_members, memberships_of


def as_api_error(exc: ValidationError) -> APIValidationError:
    """Service validation errors → DRF 400 with the same field names."""
    return APIValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class MyFirmsView(generics.ListAPIView):
    """The firms the signed-in user belongs to, with their role in each."""

    permission_classes = [IsAuthenticated]
    serializer_class = FirmOut
    pagination_class = None

    def get_queryset(self):
        return memberships_of(user=self.request.user)


class MemberViewSet(FirmViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = MemberOut
    allowed_roles = MANAGERS
    pagination_class = None

    model = Membership

    def firm_queryset(self):
        return firm_members(firm=self.firm)


class EngagementViewSet(FirmModelViewSet):
    model = Engagement
    allowed_roles = tuple(Role.values)
    write_roles = (Role.PARTNER,)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def firm_queryset(self):
        return engagements_visible_to(firm=self.firm, membership=self.membership)

    def get_serializer_class(self):
        return EngagementIn if self.action in ("create", "partial_update") else EngagementOut

    @extend_schema(request=EngagementIn, responses={201: EngagementOut})
    def create(self, request, *args, **kwargs):
        data = EngagementIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            engagement = engagement_create(firm=self.firm, actor=request.user, **data.validated_data)
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(EngagementOut(engagement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EngagementIn, responses={200: EngagementOut})
    def partial_update(self, request, *args, **kwargs):
        engagement = self.get_object()
        data = EngagementIn(engagement, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        data.save()
        return Response(EngagementOut(engagement).data)

    @extend_schema(request=StageMoveIn, responses={200: EngagementOut})
    @action(detail=True, methods=["post"])
    def stage(self, request, *args, **kwargs):
        """Move the engagement to another stage; skipping or going back needs a reason."""
        engagement = self.get_object()
        data = StageMoveIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            engagement_move_stage(
                firm=self.firm, actor=request.user, engagement=engagement, **data.validated_data
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(EngagementOut(engagement).data)

    @extend_schema(responses={200: StageChangeOut(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, *args, **kwargs):
        """Every stage change with who, when and why."""
        engagement = self.get_object()
        return Response(StageChangeOut(engagement.stage_changes.select_related("actor"), many=True).data)
