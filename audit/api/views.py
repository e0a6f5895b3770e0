"""Audit API: periods, entries, a classify preview and the hit list. Decisions live in audit.services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from audit import rollup, selectors
from audit.api.serializers import (
    CategoryOut,
    ClassificationOut,
    ClassifyIn,
    EntryIn,
    EntryOut,
    EntryUpdateIn,
    HitListOut,
    OverrideIn,
    OverrideResultOut,
    PeriodIn,
    PeriodOut,
)
from audit.classifier import CATEGORIES, category_label
from audit.classifier.firm import firm_rules, verdict_for
from audit.models import AuditPeriod, TaskEntry
from audit.services import (
    audit_entry_create,
    audit_entry_delete,
    audit_entry_update,
    audit_override_set,
    audit_period_open,
)
from firmops.api.base import FirmModelViewSet, FirmViewMixin
from firmops.api.pagination import CountKnownPagination
from firmops.api.params import safe_id
from firmops.api.views import as_api_error
from firmops.models import Engagement, Membership, Role, User
from firmops.permissions import MANAGERS, STAFF
from firmops.tenancy import get_for_firm


def _staff_users(firm, emails: list[str], field: str) -> list[User]:
    """Users of the firm's staff by email; an unknown or outside address is a 400 naming it."""
    wanted = {e.lower() for e in emails}
    found = {
        m.user.email.lower(): m.user
        for m in Membership.objects.for_firm(firm)
        .filter(is_active=True, role__in=STAFF, user__email__in=wanted)
        .select_related("user")
    }
    missing = sorted(wanted - set(found))
    if missing:
        raise APIValidationError({field: [f"{e} is not a staff member of this firm." for e in missing]})
    return [found[e] for e in sorted(wanted)]


def _object(model, firm, pk, field: str):
    try:
        return get_for_firm(model, firm=firm, pk=pk)
    except Http404 as exc:
        raise APIValidationError({field: [f"No such {model._meta.verbose_name} in this firm."]}) from exc


class PeriodViewSet(FirmModelViewSet):
    """Audit periods; partners and ops open them, which puts the engagement in the audit stage."""

    model = AuditPeriod
    serializer_class = PeriodOut
    allowed_roles = STAFF
    write_roles = MANAGERS
    http_method_names = ["get", "post", "head", "options"]

    def firm_queryset(self):
        return super().firm_queryset().select_related("engagement").prefetch_related("participants__user")

    @extend_schema(request=PeriodIn, responses={201: PeriodOut})
    def create(self, request, *args, **kwargs):
        data = PeriodIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        engagement = _object(Engagement, self.firm, values.pop("engagement"), "engagement")
        emails = values.pop("participants", None)
        participants = _staff_users(self.firm, emails, "participants") if emails is not None else None
        try:
            period = audit_period_open(
                firm=self.firm, actor=request.user, engagement=engagement, participants=participants, **values
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        period = self.get_queryset().get(pk=period.pk)
        return Response(PeriodOut(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: HitListOut})
    @action(detail=True, methods=["get"], url_path="hit-list")
    def hit_list(self, request, *args, **kwargs):
        """Categories ranked by recoverable attorney cost (partners and ops); last, unranked, a row of
        bucket `review` for the tasks awaiting a partner's review, which count in no dollar figure."""
        if self.membership.role not in MANAGERS:
            raise PermissionDenied("Only partners and ops staff read the hit list.")
        period = self.get_object()
        rows = selectors.hit_list(firm=self.firm, period=period)
        payload = {
            "period": period.pk,
            "outsourced_rate": self.firm.rate_outsourced,
            "weeks": selectors.period_weeks(period),
            "totals": selectors.hit_list_totals(rows),
            "rows": rows.with_unsorted(),
        }
        return Response(HitListOut(payload).data)


@extend_schema(
    parameters=[
        OpenApiParameter("period", OpenApiTypes.INT, description="Only this audit period's entries."),
        OpenApiParameter("performer", OpenApiTypes.EMAIL, description="Only this person's entries."),
        OpenApiParameter("performed_on", OpenApiTypes.DATE, description="Only this day's entries."),
    ]
)
class EntryViewSet(FirmModelViewSet):
    """Logged tasks. Staff see and change their own; partners and ops see and change everyone's."""

    model = TaskEntry
    serializer_class = EntryOut
    pagination_class = CountKnownPagination
    allowed_roles = STAFF
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _filters(self) -> dict:
        params = self.request.query_params
        filters = {}
        if params.get("period", "").isdecimal():
            filters["period_id"] = safe_id(params["period"])
        if params.get("performer"):
            filters["performer__email__iexact"] = params["performer"]
        if params.get("performed_on"):
            filters["performed_on"] = params["performed_on"]
        return filters

    def firm_queryset(self):
        qs = selectors.entries_visible_to(firm=self.firm, membership=self.membership).select_related(
            "logged_by"
        )
        try:
            qs = qs.filter(**self._filters())
        except ValidationError as exc:  # only performed_on can be malformed
            raise APIValidationError({"performed_on": ["Use YYYY-MM-DD."]}) from exc
        return qs.order_by("-performed_on", "-created_at", "-pk")

    def paginate_queryset(self, queryset):
        # Partners and ops see every entry (selectors.entries_visible_to), so the page's count is
        # the rollup's sum for the same filters when it keeps them; others count their own entries.
        if self.membership.role in MANAGERS:
            self.paginator.count_known = rollup.entry_count(firm=self.firm, filters=self._filters())
        return super().paginate_queryset(queryset)

    def _performer(self, values: dict):
        email = values.pop("performer", None)
        return _staff_users(self.firm, [email], "performer")[0] if email else None

    @extend_schema(request=EntryIn, responses={201: EntryOut})
    def create(self, request, *args, **kwargs):
        data = EntryIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        period = _object(AuditPeriod, self.firm, values.pop("period"), "period")
        performer = self._performer(values)
        try:
            entry = audit_entry_create(
                firm=self.firm, actor=request.user, period=period, performer=performer, **values
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(EntryOut(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EntryUpdateIn, responses={200: EntryOut})
    def partial_update(self, request, *args, **kwargs):
        entry = self.get_object()
        data = EntryUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        performer = self._performer(values)
        if performer is not None:
            values["performer"] = performer
        try:
            audit_entry_update(firm=self.firm, actor=request.user, entry=entry, **values)
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(EntryOut(entry).data)

    def destroy(self, request, *args, **kwargs):
        audit_entry_delete(firm=self.firm, actor=request.user, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=OverrideIn, responses={200: OverrideResultOut})
    @action(detail=True, methods=["post"])
    def override(self, request, *args, **kwargs):
        """A partner corrects the entry's bucket or category; same-pattern entries follow."""
        if self.membership.role != Role.PARTNER:
            raise PermissionDenied("Only partners override a classification.")
        entry = self.get_object()
        data = OverrideIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = audit_override_set(
                firm=self.firm, actor=request.user, entry=entry, **data.validated_data
            )
        except ValidationError as exc:
            raise as_api_error(exc) from exc
        return Response(OverrideResultOut({"override": result.override, "applied": result.applied}).data)


class ClassifyView(FirmViewMixin, GenericAPIView):
    """Preview how descriptions would be sorted (with the firm's overrides); nothing is saved."""

    serializer_class = ClassifyIn
    pagination_class = None

    @extend_schema(request=ClassifyIn, responses={200: ClassificationOut(many=True)})
    def post(self, request, *args, **kwargs):
        data = ClassifyIn(data=request.data)
        data.is_valid(raise_exception=True)
        rules = firm_rules(firm=self.firm)
        out = []
        for description in data.validated_data["descriptions"]:
            result = verdict_for(description, rules=rules).classification
            out.append(
                {
                    "description": description,
                    "bucket": result.bucket,
                    "category": result.category,
                    "category_label": category_label(result.category),
                    "reason": result.reason,
                    "confidence": result.confidence,
                    "overridden": result.overridden,
                }
            )
        return Response(ClassificationOut(out, many=True).data)


class CategoryListView(FirmViewMixin, GenericAPIView):
    """The task taxonomy: every category with the bucket it falls in unless a partner overrides it."""

    serializer_class = CategoryOut
    pagination_class = None

    @extend_schema(responses={200: CategoryOut(many=True)})
    def get(self, request, *args, **kwargs):
        return Response(CategoryOut(list(CATEGORIES.values()), many=True).data)
