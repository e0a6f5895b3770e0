"""Onboarding API: plans, their items, guides and PDF export jobs — same roles and tenancy as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from firmops.api.base import FirmViewMixin
from firmops.api.params import safe_id
from firmops.api.views import as_api_error
from firmops.models import Role
from firmops.permissions import MANAGERS, STAFF
from onboarding import selectors, services
from onboarding.api.serializers import (
    ExitCheckOut,
    GuideIn,
    GuideOut,
    GuideVersionOut,
    PackExportIn,
    PackExportOut,
    PlanGenerateIn,
    PlanItemIn,
    PlanItemOut,
    PlanOut,
)
from onboarding.exits import exit_check_tick
from onboarding.models import ExitCheck, Guide, PackExport, Plan, PlanItem
from onboarding.plans import DelegatedTask

ALL_ROLES = tuple(Role.values)
GUIDE_EDITORS = (Role.PARTNER, Role.ATTORNEY, Role.OPS)


class _OnboardingViewSet(FirmViewMixin, viewsets.GenericViewSet):
    """The professional sees only the engagements they work on; staff see the firm's."""

    pagination_class = None

    def visible_engagement_ids(self) -> list[int]:
        return [e.pk for e in selectors.engagements_for_member(firm=self.firm, membership=self.membership)]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.generating_schema:
            context.update(firm=self.firm, membership=self.membership, firm_slug=self.firm.slug)
        return context

    def engagement(self, engagement_id):
        """The engagement named in a request body, with the pages' 404 for missing, foreign or not theirs."""
        try:
            return selectors.onboarding_engagement(
                firm=self.firm, membership=self.membership, engagement_id=engagement_id
            )
        except Http404 as exc:
            raise NotFound("No engagement here.") from exc


class PlanViewSet(_OnboardingViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """30-day plans with their items; managers generate or regenerate them."""

    model = Plan
    serializer_class = PlanOut
    allowed_roles = ALL_ROLES
    write_roles = MANAGERS

    def firm_queryset(self):
        qs = super().firm_queryset().select_related("engagement")
        return (
            qs.filter(engagement_id__in=self.visible_engagement_ids())
            if self.membership.role == Role.EXTERNAL
            else qs
        )

    @extend_schema(request=PlanGenerateIn, responses={200: PlanOut})
    @action(detail=False, methods=["post"])
    def generate(self, request, *args, **kwargs):
        """Build or rebuild an engagement's plan; ticks and notes of items that remain are kept."""
        data = PlanGenerateIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        engagement = self.engagement(values.pop("engagement"))
        if "delegated" in values:
            values["delegated"] = [DelegatedTask(d["category"], d["label"]) for d in values["delegated"]]
        try:
            result = services.plan_generate(
                firm=self.firm, actor=request.user, engagement=engagement, **values
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(PlanOut(result.plan, context=self.get_serializer_context()).data)


class PlanItemViewSet(
    _OnboardingViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin
):
    """Plan items; their owner (or a partner or ops) ticks them done and keeps notes."""

    model = PlanItem
    serializer_class = PlanItemOut
    allowed_roles = ALL_ROLES
    write_roles = ALL_ROLES  # who may change which item is decided per item by the service
    http_method_names = ["get", "patch", "head", "options"]

    def firm_queryset(self):
        qs = super().firm_queryset().select_related("owner", "plan").order_by("due_on", "position", "pk")
        if self.membership.role == Role.EXTERNAL:
            qs = qs.filter(plan__engagement_id__in=self.visible_engagement_ids())
        params = self.request.query_params
        if params.get("engagement", "").isdecimal():
            qs = qs.filter(plan__engagement_id=safe_id(params["engagement"]))
        if params.get("mine") == "1":
            qs = qs.filter(owner=self.request.user)
        if params.get("overdue") == "1":
            qs = qs.filter(done=False, due_on__lt=self.firm.today())
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("engagement", int, description="Only this engagement's items"),
            OpenApiParameter("mine", bool, description="1: only items I own"),
            OpenApiParameter("overdue", bool, description="1: only undone items past their due date"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PlanItemIn, responses={200: PlanItemOut})
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        if not selectors.can_edit_item(membership=self.membership, item=item):
            # refused before the body is read: a role that may not edit gets 403, never field errors
            raise PermissionDenied("Only the item's owner, a partner or ops staff can change it.")
        data = PlanItemIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.plan_item_update(
                firm=self.firm,
                actor=request.user,
                membership=self.membership,
                item=item,
                **data.validated_data,
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(PlanItemOut(item, context=self.get_serializer_context()).data)


class _GuideView:
    """A guide with its current version and the computed core hours, as GuideOut reads it."""

    def __init__(self, guide: Guide, firm) -> None:
        self.id, self.engagement_id = guide.pk, guide.engagement_id
        self.current = selectors.guide_current(firm=firm, guide=guide)
        plan = selectors.plan_for(firm=firm, engagement=guide.engagement)
        self.core_hours = str(selectors.plan_shared_hours(firm=firm, plan=plan)) if plan else ""


class GuideViewSet(
    _OnboardingViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin
):
    """How We Work guides; a PATCH saves a new version and keeps the old ones."""

    model = Guide
    serializer_class = GuideOut
    allowed_roles = ALL_ROLES
    write_roles = GUIDE_EDITORS
    http_method_names = ["get", "patch", "head", "options"]

    def firm_queryset(self):
        qs = super().firm_queryset().select_related("engagement")
        return (
            qs.filter(engagement_id__in=self.visible_engagement_ids())
            if self.membership.role == Role.EXTERNAL
            else qs
        )

    def list(self, request, *args, **kwargs):
        guides = [_GuideView(g, self.firm) for g in self.get_queryset()]
        return Response(GuideOut(guides, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(GuideOut(_GuideView(self.get_object(), self.firm)).data)

    @extend_schema(request=GuideIn, responses={200: GuideOut})
    def partial_update(self, request, *args, **kwargs):
        guide = self.get_object()
        data = GuideIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.guide_save(firm=self.firm, actor=request.user, guide=guide, **data.validated_data)
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(GuideOut(_GuideView(guide, self.firm)).data)

    @extend_schema(responses={200: GuideVersionOut(many=True)})
    @action(detail=True, methods=["get"])
    def versions(self, request, *args, **kwargs):
        """Every saved version, newest first (firm staff only)."""
        if self.membership.role not in STAFF:
            raise PermissionDenied("The version history is for firm staff.")
        guide = self.get_object()
        return Response(
            GuideVersionOut(selectors.guide_versions(firm=self.firm, guide=guide), many=True).data
        )


class PackExportViewSet(
    _OnboardingViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin
):
    """PDF onboarding pack jobs: create one (or get the stored pack back), poll it, download it."""

    model = PackExport
    serializer_class = PackExportOut
    allowed_roles = MANAGERS
    write_roles = MANAGERS

    def firm_queryset(self):
        qs = super().firm_queryset().select_related("requested_by")
        if self.request.query_params.get("engagement", "").isdecimal():
            qs = qs.filter(engagement_id=safe_id(self.request.query_params["engagement"]))
        return qs

    @extend_schema(
        parameters=[OpenApiParameter("engagement", int, description="Only this engagement's exports")]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PackExportIn, responses={201: PackExportOut, 200: PackExportOut})
    def create(self, request, *args, **kwargs):
        """Queue a build; 200 with the stored job when nothing in the pack changed, 201 for a new build."""
        data = PackExportIn(data=request.data)
        data.is_valid(raise_exception=True)
        engagement = self.engagement(data.validated_data["engagement"])
        try:
            export, reused = services.pack_export_request(
                firm=self.firm, actor=request.user, engagement=engagement
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        code = status.HTTP_200_OK if reused else status.HTTP_201_CREATED
        return Response(PackExportOut(export, context=self.get_serializer_context()).data, status=code)


class ExitCheckViewSet(_OnboardingViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Exit checklist items (a professional replaced, a trial ended, an engagement closed); ops tick them."""

    model = ExitCheck
    serializer_class = ExitCheckOut
    allowed_roles = STAFF
    write_roles = MANAGERS

    def firm_queryset(self):
        qs = super().firm_queryset().select_related("checklist", "done_by")
        if self.request.query_params.get("engagement", "").isdecimal():
            qs = qs.filter(checklist__engagement_id=safe_id(self.request.query_params["engagement"]))
        if self.request.query_params.get("open") == "1":
            qs = qs.filter(done_at__isnull=True)
        return qs.order_by("-checklist__opened_at", "checklist_id", "position", "pk")

    @extend_schema(
        parameters=[
            OpenApiParameter("engagement", int, description="Only this engagement's items"),
            OpenApiParameter("open", str, enum=["1"], description="1: only the items still to tick"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: ExitCheckOut})
    @action(detail=True, methods=["post"])
    def tick(self, request, *args, **kwargs):
        """Tick the item off, once; a second tick is refused (400) naming who ticked it and when."""
        check = self.get_object()
        try:
            done = exit_check_tick(
                firm=self.firm, actor=request.user, membership=self.membership, check=check
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(ExitCheckOut(done, context=self.get_serializer_context()).data)
