"""The role definition over the API: read, edit (PUT/PATCH), draft and regenerate, through roles.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from firmops.api.base import FirmViewMixin
from firmops.api.params import safe_id
from firmops.api.views import as_api_error
from firmops.models import Engagement
from providers.access import READ, WRITE
from providers.api.serializers import FirmPK
from providers.models import RoleCategory, RoleDefinition
from providers.roles.selectors import role_budget
from providers.roles.services import ROLE_FIELDS, role_draft, role_update
from providers.roles.text import role_plain_text


class RoleMemberOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")
    email = serializers.EmailField()


class BudgetOut(serializers.Serializer):
    """Money in dollars a month; a month is 52/12 weeks."""

    hours_per_week = serializers.DecimalField(max_digits=8, decimal_places=2)
    attorney_hours_per_week = serializers.DecimalField(max_digits=8, decimal_places=2)
    rate = serializers.DecimalField(max_digits=8, decimal_places=2)
    rate_source = serializers.CharField()
    budget_rate = serializers.DecimalField(max_digits=8, decimal_places=2)
    attorney_rate = serializers.DecimalField(max_digits=8, decimal_places=2)
    monthly_hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    monthly_cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    monthly_cost_at_budget_rate = serializers.DecimalField(max_digits=12, decimal_places=2)
    attorney_monthly_cost = serializers.DecimalField(max_digits=12, decimal_places=2)
    monthly_difference = serializers.DecimalField(max_digits=12, decimal_places=2)


class RoleCategoryOut(serializers.ModelSerializer):
    class Meta:
        model = RoleCategory
        fields = [
            "category",
            "label",
            "position",
            "hours_per_week",
            "attorney_hours_per_week",
            "skills",
            "turnaround",
            "edited_fields",
        ]
        read_only_fields = fields


class RoleDefinitionOut(serializers.ModelSerializer):
    assigns_work = RoleMemberOut(allow_null=True)
    answers_questions = RoleMemberOut(allow_null=True)
    categories = RoleCategoryOut(many=True)
    edited_fields = serializers.ListField(child=serializers.CharField())
    budget = serializers.SerializerMethodField()
    plain_text = serializers.SerializerMethodField(help_text="The provider version: no budget.")

    class Meta:
        model = RoleDefinition
        fields = [
            "id",
            "engagement",
            *ROLE_FIELDS,
            "categories",
            "edited_fields",
            "drafted_from",
            "drafted_at",
            "updated_at",
            "budget",
            "plain_text",
        ]
        read_only_fields = fields

    @extend_schema_field(BudgetOut)
    def get_budget(self, role: RoleDefinition) -> dict:
        return BudgetOut(role_budget(firm=self.context["request"].firm, role=role)).data

    def get_plain_text(self, role: RoleDefinition) -> str:
        return role_plain_text(firm=self.context["request"].firm, role=role)


class RoleCategoryIn(serializers.Serializer):
    category = serializers.CharField(max_length=60)
    label = serializers.CharField(max_length=200, required=False)
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)
    attorney_hours_per_week = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=0, required=False
    )
    skills = serializers.CharField(allow_blank=True, required=False)
    turnaround = serializers.CharField(max_length=200, allow_blank=True, required=False)


class RoleDefinitionIn(serializers.Serializer):
    """Every field a person edits; each changed field is kept over later redrafts."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(allow_blank=True, required=False)
    tools = serializers.CharField(allow_blank=True, required=False)
    time_zone = serializers.CharField(max_length=64)
    core_hours_start = serializers.TimeField()
    core_hours_end = serializers.TimeField()
    security = serializers.CharField(allow_blank=True, required=False)
    assigns_work = serializers.IntegerField(
        allow_null=True, required=False, help_text="A staff member's user id."
    )
    answers_questions = serializers.IntegerField(
        allow_null=True, required=False, help_text="A staff member's user id."
    )
    reporting_notes = serializers.CharField(allow_blank=True, required=False)
    budget_rate = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)
    categories = RoleCategoryIn(
        many=True,
        required=False,
        help_text="When given, these become the ticked categories (new ones drafted).",
    )


class RoleCreateIn(serializers.Serializer):
    engagement = FirmPK(Engagement)
    categories = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        help_text="Task category slugs from the hit list; omitted: the top three outsourceable ones.",
    )


class RegenerateIn(serializers.Serializer):
    categories = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        help_text="Set the ticked categories; omitted: keep them. Edited fields are never overwritten.",
    )


@extend_schema(
    parameters=[OpenApiParameter("engagement", OpenApiTypes.INT, description="Only this engagement's.")]
)
class RoleDefinitionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    FirmViewMixin,
    viewsets.GenericViewSet,
):
    """Each engagement's role definition: the job the outsourced professional is hired for."""

    model = RoleDefinition
    allowed_roles, write_roles = READ, WRITE
    serializer_class = RoleDefinitionOut

    def firm_queryset(self):
        qs = (
            super()
            .firm_queryset()
            .select_related("engagement", "assigns_work", "answers_questions", "firm")
            .prefetch_related(Prefetch("categories", queryset=RoleCategory.objects.for_firm(self.firm)))
            .order_by("pk")
        )
        value = self.request.query_params.get("engagement")
        if value is not None:
            qs = qs.filter(engagement_id=safe_id(value)) if value.isdecimal() else qs.none()
        return qs

    def _valid(self, serializer_class, partial: bool = False) -> dict:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _out(self, role: RoleDefinition, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=role.pk)
        return Response(RoleDefinitionOut(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=RoleCreateIn, responses={201: RoleDefinitionOut, 200: RoleDefinitionOut})
    def create(self, request, *args, **kwargs):
        """Draft the role of an engagement from its hit list (or redraft it, keeping every edit)."""
        data = self._valid(RoleCreateIn)
        try:
            result = role_draft(
                firm=self.firm,
                actor=request.user,
                engagement=data["engagement"],
                categories=data.get("categories"),
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return self._out(result.role, status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)

    @extend_schema(request=RoleDefinitionIn, responses={200: RoleDefinitionOut})
    def update(self, request, *args, partial=False, **kwargs):
        role = self.get_object()
        data = self._valid(RoleDefinitionIn, partial=partial)
        categories = data.pop("categories", None)
        try:
            role_update(firm=self.firm, actor=request.user, role=role, fields=data, categories=categories)
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return self._out(role)

    @extend_schema(request=RegenerateIn, responses={200: RoleDefinitionOut})
    @action(detail=True, methods=["post"])
    def regenerate(self, request, *args, **kwargs):
        """Redraft from the latest audit figures: only fields and rows nobody edited change."""
        role = self.get_object()
        data = self._valid(RegenerateIn)
        try:
            role_draft(
                firm=self.firm,
                actor=request.user,
                engagement=role.engagement,
                categories=data.get("categories"),
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return self._out(role)
