"""Performance API: the same reads and writes as the pages, the same roles, the same firm scope."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from firmops.api.base import FirmModelViewSet, FirmViewMixin
from firmops.api.params import safe_id
from firmops.api.views import as_api_error
from firmops.engagements.selectors import engagements_visible_to
from firmops.models import Engagement, Membership
from performance import checkins as checkin_svc
from performance import ics, report, scaling, services
from performance.api import serializers as io
from performance.dashboard import engagement_performance
from performance.models import ActionItem, CheckIn, HourEntry, Matter, ScalingSignal, SurveyResponse, WorkItem
from performance.selectors import work_items_visible_to
from performance.views._common import (
    CHECKIN_EDITORS,
    EDITORS,
    EVERYONE,
    HOUR_MANAGERS,
    SIGNAL_DECIDERS,
    VIEWERS,
)
from providers.selectors import Professional

ENGAGEMENT_FILTER = OpenApiParameter("engagement", int, description="Only this engagement's rows.")


def _field_error(field: str, message: str) -> APIValidationError:
    return APIValidationError({field: [message]})


def _resolve(model, view, pk, field: str):
    """A firm row named in the request body, or a 400 naming the field (never another firm's row)."""
    if pk is None:
        return None
    obj = model.objects.for_firm(view.firm).filter(pk=pk).first()
    if obj is None:
        raise _field_error(field, f"No {model._meta.verbose_name} {pk} in this firm.")
    return obj


def _engagement(view, pk) -> Engagement:
    engagement = engagements_visible_to(firm=view.firm, membership=view.membership).filter(pk=pk).first()
    if engagement is None:
        raise _field_error("engagement", f"No engagement {pk} in this firm.")
    return engagement


def _call(service, **kwargs):
    try:
        return service(**kwargs)
    except services.ImportRejected:
        raise  # the import action answers with the list of bad rows
    except ValidationError as exc:
        raise as_api_error(exc) from exc


class _EngagementScoped:
    """Rows of the engagements this member can see, optionally one engagement (?engagement=)."""

    def firm_queryset(self):
        visible = engagements_visible_to(firm=self.firm, membership=self.membership).values("pk")
        qs = super().firm_queryset().filter(engagement__in=visible)
        engagement = self.request.query_params.get("engagement")
        if engagement:
            if not engagement.isdecimal():
                raise _field_error("engagement", "Give an engagement id.")
            qs = qs.filter(engagement_id=safe_id(engagement))
        return qs


@extend_schema(parameters=[ENGAGEMENT_FILTER])
class WorkItemViewSet(_EngagementScoped, FirmModelViewSet):
    """Work handed to the professional; they see their own items read-only."""

    model = WorkItem
    allowed_roles = EVERYONE
    write_roles = EDITORS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def firm_queryset(self):
        qs = super().firm_queryset().select_related("professional")
        return work_items_visible_to(qs, membership=self.membership)

    def get_serializer_class(self):
        return {"create": io.WorkItemIn, "partial_update": io.WorkItemUpdateIn}.get(
            self.action, io.WorkItemOut
        )

    def _refs(self, data: dict) -> dict:
        refs = dict(data)
        if "professional" in refs:
            refs["professional"] = _resolve(Professional, self, refs["professional"], "professional")
        if "matter" in refs:
            refs["matter"] = _resolve(Matter, self, refs["matter"], "matter")
        return refs

    @extend_schema(request=io.WorkItemIn, responses={201: io.WorkItemOut})
    def create(self, request, *args, **kwargs):
        data = io.WorkItemIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        engagement = _engagement(self, fields.pop("engagement"))
        item = _call(
            services.work_item_create,
            firm=self.firm,
            actor=request.user,
            engagement=engagement,
            **self._refs(fields),
        )
        return Response(io.WorkItemOut(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=io.WorkItemUpdateIn, responses={200: io.WorkItemOut})
    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        data = io.WorkItemUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        _call(
            services.work_item_update,
            firm=self.firm,
            actor=request.user,
            item=item,
            **self._refs(data.validated_data),
        )
        return Response(io.WorkItemOut(item).data)

    def destroy(self, request, *args, **kwargs):
        _call(services.work_item_delete, firm=self.firm, actor=request.user, item=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[ENGAGEMENT_FILTER])
class HourEntryViewSet(_EngagementScoped, FirmModelViewSet):
    """Attorney non-billable hours per day: attorneys log and see their own; partners and ops everyone's."""

    model = HourEntry
    allowed_roles = VIEWERS
    http_method_names = ["get", "post", "delete", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def firm_queryset(self):
        qs = super().firm_queryset().select_related("attorney")
        if self.membership.role not in HOUR_MANAGERS:
            qs = qs.filter(attorney=self.request.user)
        return qs

    def get_serializer_class(self):
        return {"create": io.HourEntryIn, "import_csv": io.HourImportIn}.get(self.action, io.HourEntryOut)

    @extend_schema(request=io.HourEntryIn, responses={201: io.HourEntryOut})
    def create(self, request, *args, **kwargs):
        data = io.HourEntryIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        engagement = _engagement(self, fields.pop("engagement"))
        if "attorney" in fields:
            member = (
                Membership.objects.for_firm(self.firm)
                .filter(user_id=fields["attorney"], is_active=True)
                .select_related("user")
                .first()
            )
            if member is None:
                raise _field_error("attorney", f"No member {fields['attorney']} in this firm.")
            fields["attorney"] = member.user
        entry = _call(
            services.hour_entry_create,
            firm=self.firm,
            actor=request.user,
            engagement=engagement,
            source=HourEntry.Source.API,
            **fields,
        )
        return Response(io.HourEntryOut(entry).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        _call(services.hour_entry_delete, firm=self.firm, actor=request.user, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=io.HourImportIn, responses={201: io.HourImportOut})
    @action(detail=False, methods=["post"], url_path="import")
    def import_csv(self, request, *args, **kwargs):
        """CSV of hours (date, attorney, hours[, description, category]): all rows or none, bad rows named."""
        if self.membership.role not in HOUR_MANAGERS:
            raise PermissionDenied("Only partners and ops staff import hours.")
        data = io.HourImportIn(data=request.data)
        data.is_valid(raise_exception=True)
        engagement = _engagement(self, data.validated_data["engagement"])
        upload = data.validated_data.get("file")
        try:
            text = upload.read().decode("utf-8-sig") if upload else data.validated_data["csv"]
        except UnicodeDecodeError as exc:
            raise _field_error("file", "The file is not UTF-8 text.") from exc
        try:
            count = _call(
                services.hour_entries_import,
                firm=self.firm,
                actor=request.user,
                engagement=engagement,
                text=text,
            )
        except services.ImportRejected as exc:  # a 400 that lists each bad row with its number and column
            body = {**exc.message_dict, "rows": [p.as_dict() for p in exc.problems]}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response({"created": count}, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[ENGAGEMENT_FILTER])
class MatterViewSet(_EngagementScoped, FirmModelViewSet):
    """Matters with intake and resolution dates, for case velocity."""

    model = Matter
    write_roles = EDITORS
    http_method_names = ["get", "post", "patch", "head", "options"]

    def firm_queryset(self):
        return super().firm_queryset()

    def get_serializer_class(self):
        return {"create": io.MatterIn, "partial_update": io.MatterUpdateIn}.get(self.action, io.MatterOut)

    @extend_schema(request=io.MatterIn, responses={201: io.MatterOut})
    def create(self, request, *args, **kwargs):
        data = io.MatterIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        engagement = _engagement(self, fields.pop("engagement"))
        matter = _call(
            services.matter_create, firm=self.firm, actor=request.user, engagement=engagement, **fields
        )
        return Response(io.MatterOut(matter).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=io.MatterUpdateIn, responses={200: io.MatterOut})
    def partial_update(self, request, *args, **kwargs):
        matter = self.get_object()
        data = io.MatterUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        _call(
            services.matter_update, firm=self.firm, actor=request.user, matter=matter, **data.validated_data
        )
        return Response(io.MatterOut(matter).data)


@extend_schema(parameters=[ENGAGEMENT_FILTER])
class SurveyViewSet(_EngagementScoped, FirmModelViewSet):
    """Client satisfaction responses (1–5 and a comment) per matter."""

    model = SurveyResponse
    write_roles = EDITORS
    http_method_names = ["get", "post", "head", "options"]

    def firm_queryset(self):
        return super().firm_queryset()

    def get_serializer_class(self):
        return io.SurveyIn if self.action == "create" else io.SurveyOut

    @extend_schema(request=io.SurveyIn, responses={201: io.SurveyOut})
    def create(self, request, *args, **kwargs):
        data = io.SurveyIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        engagement = _engagement(self, fields.pop("engagement"))
        fields["matter"] = _resolve(Matter, self, fields["matter"], "matter")
        survey = _call(
            services.survey_create, firm=self.firm, actor=request.user, engagement=engagement, **fields
        )
        return Response(io.SurveyOut(survey).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[ENGAGEMENT_FILTER])
class CheckInViewSet(
    _EngagementScoped,
    FirmViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Biweekly check-ins with their agendas; write one up, move it, cancel it, or set the schedule."""

    model = CheckIn
    allowed_roles = EVERYONE
    write_roles = CHECKIN_EDITORS
    serializer_class = io.CheckInOut

    def firm_queryset(self):
        return super().firm_queryset().select_related("engagement").order_by("scheduled_at")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["agendas"] = {}
        return context

    def _out(self, rows: list[CheckIn]) -> list:
        agendas = {}
        for engagement_id in {c.engagement_id for c in rows}:
            group = [c for c in rows if c.engagement_id == engagement_id]
            agendas |= checkin_svc.agendas_for(firm=self.firm, engagement=group[0].engagement, checkins=group)
        return io.CheckInOut(rows, many=True, context={"agendas": agendas}).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._out(list(page)))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._out([self.get_object()])[0])

    def _act(self, service, serializer=None) -> Response:
        """One check-in action: validate the body (if any), call the service, answer the check-in."""
        checkin = self.get_object()
        fields = {}
        if serializer is not None:
            data = serializer(data=self.request.data)
            data.is_valid(raise_exception=True)
            fields = data.validated_data
        _call(service, firm=self.firm, actor=self.request.user, checkin=checkin, **fields)
        return Response(self._out([checkin])[0])

    @extend_schema(request=io.CheckInRecordIn, responses={200: io.CheckInOut})
    @action(detail=True, methods=["post"])
    def record(self, request, *args, **kwargs):
        """Write up the check-in: the three answers, notes, new action items, carried items now done."""
        return self._act(checkin_svc.checkin_record, io.CheckInRecordIn)

    @extend_schema(request=io.CheckInMoveIn, responses={200: io.CheckInOut})
    @action(detail=True, methods=["post"])
    def move(self, request, *args, **kwargs):
        """Move one check-in; never into the past."""
        return self._act(checkin_svc.checkin_reschedule, io.CheckInMoveIn)

    @extend_schema(request=None, responses={200: io.CheckInOut})
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        """Skip one check-in; its open action items wait for the next."""
        return self._act(checkin_svc.checkin_cancel)

    @extend_schema(request=io.PlanIn, responses={200: io.CheckInOut(many=True)})
    @action(detail=False, methods=["post"], pagination_class=None)  # a plain list, not a page
    def schedule(self, request, *args, **kwargs):
        """Set when outsourced work began and the check-in time; returns the check-ins added."""
        data = io.PlanIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        engagement = _engagement(self, fields.pop("engagement"))
        fields.setdefault("checkin_time", checkin_svc.PerformancePlan._meta.get_field("checkin_time").default)
        created = _call(
            checkin_svc.plan_set, firm=self.firm, actor=request.user, engagement=engagement, **fields
        )
        return Response(self._out(created))


@extend_schema(parameters=[ENGAGEMENT_FILTER])
class ActionItemViewSet(
    _EngagementScoped,
    FirmViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Action items agreed at check-ins; they carry over until done."""

    model = ActionItem
    allowed_roles = EVERYONE
    write_roles = CHECKIN_EDITORS
    serializer_class = io.ActionItemOut

    def firm_queryset(self):
        return super().firm_queryset().select_related("raised_in")

    @extend_schema(request=None, responses={200: io.ActionItemOut})
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        """Tick the action item off."""
        item = self.get_object()
        _call(checkin_svc.action_item_complete, firm=self.firm, actor=request.user, item=item)
        return Response(io.ActionItemOut(item).data)


@extend_schema(parameters=[ENGAGEMENT_FILTER])
class SignalViewSet(
    _EngagementScoped,
    FirmViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Scaling signals with their evidence; partners acknowledge or dismiss them."""

    model = ScalingSignal
    allowed_roles = VIEWERS
    write_roles = SIGNAL_DECIDERS
    serializer_class = io.SignalOut

    def firm_queryset(self):
        return super().firm_queryset()

    @extend_schema(request=None, responses={200: io.SignalOut})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, *args, **kwargs):
        signal = self.get_object()
        _call(scaling.signal_acknowledge, firm=self.firm, actor=request.user, signal=signal)
        return Response(io.SignalOut(signal).data)

    @extend_schema(request=None, responses={200: io.SignalOut})
    @action(detail=True, methods=["post"])
    def dismiss(self, request, *args, **kwargs):
        signal = self.get_object()
        _call(scaling.signal_dismiss, firm=self.firm, actor=request.user, signal=signal)
        return Response(io.SignalOut(signal).data)


class _EngagementView(FirmViewMixin, GenericAPIView):
    allowed_roles = VIEWERS

    def engagement(self, engagement_id: int) -> Engagement:
        engagement = (
            engagements_visible_to(firm=self.firm, membership=self.membership)
            .filter(pk=engagement_id)
            .first()
        )
        if engagement is None:
            raise Http404("No engagement here.")
        return engagement


def _summary(perf) -> dict:
    weeks = perf.window.weeks
    return {
        "engagement": perf.engagement.pk,
        "began_on": perf.began_on,
        "weeks": weeks,
        "baseline_hours_per_week": perf.baseline,
        "attorney_hours": perf.weekly_hours,
        "turnaround": [{**r.__dict__, "trend": r.trend} for r in perf.turnaround],
        "utilisation": [
            {
                "professional_id": p.professional_id,
                "name": p.name,
                "capacity": p.capacity,
                "weekly_hours": [p.hours.get(w, 0) for w in weeks],
                "weekly_utilisation": [p.utilisation(w) for w in weeks],
            }
            for p in perf.professionals
        ],
        "velocity": perf.velocity.__dict__,
        "satisfaction": perf.satisfaction.__dict__,
        "client_surveys": io.survey_results_data(perf.surveys),
        "roi": {**perf.roi.__dict__, "net": perf.roi.net, "months": [m.__dict__ for m in perf.roi.months]},
        # rows, not their .data: SummaryOut serializes them (serializing twice failed on related ids)
        "open_signals": perf.signals,
        "upcoming_checkins": perf.upcoming,
        "overdue_count": perf.overdue_count,
        "overdue": perf.overdue,
    }


class SummaryView(_EngagementView):
    """Every dashboard figure of one engagement as JSON (the dashboard's fixed-query reads)."""

    serializer_class = io.SummaryOut

    @extend_schema(responses={200: io.SummaryOut})
    def get(self, request, firm_slug: str, engagement_id: int):
        perf = engagement_performance(
            firm=self.firm, engagement=self.engagement(engagement_id), now=timezone.now()
        )
        return Response(io.SummaryOut(_summary(perf), context={"agendas": perf.agendas}).data)


class EvaluateView(_EngagementView):
    """Run the scaling check now for one engagement (partners); returns the signals newly raised."""

    write_roles = SIGNAL_DECIDERS
    serializer_class = io.SignalOut
    pagination_class = None  # the signals just raised: a plain list, and the schema must not say a page

    @extend_schema(request=None, responses={200: io.SignalOut(many=True)})
    def post(self, request, firm_slug: str, engagement_id: int):
        raised = scaling.signals_evaluate(firm=self.firm, engagement=self.engagement(engagement_id))
        return Response(io.SignalOut(raised, many=True).data)


class ReportView(_EngagementView):
    """The weekly performance report as a PDF, built now."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, firm_slug: str, engagement_id: int):
        engagement = self.engagement(engagement_id)
        now = timezone.now()
        response = HttpResponse(
            report.report_pdf(firm=self.firm, engagement=engagement, now=now), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{report.report_filename(engagement, now, self.firm)}"'
        )
        return response


class CalendarView(_EngagementView):
    """The engagement's check-ins as iCalendar (RFC 5545)."""

    allowed_roles = EVERYONE

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.STR})
    def get(self, request, firm_slug: str, engagement_id: int):
        engagement = self.engagement(engagement_id)
        rows = list(
            CheckIn.objects.for_firm(self.firm).filter(engagement=engagement).order_by("scheduled_at")
        )
        agendas = checkin_svc.agendas_for(firm=self.firm, engagement=engagement, checkins=rows)
        for row in rows:
            row.engagement = engagement
        text = ics.calendar(
            name=f"Check-ins: {engagement.name}",
            events=[(c, agendas[c.pk]) for c in rows],
            now=timezone.now(),
        )
        return HttpResponse(text, content_type="text/calendar; charset=utf-8")
