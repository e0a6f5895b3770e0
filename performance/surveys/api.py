"""Client surveys in the API, beside the performance resources: read them per engagement, send one now."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from firmops.api.base import FirmModelViewSet
from performance.api.views import ENGAGEMENT_FILTER, _call, _engagement, _EngagementScoped, _resolve
from performance.models import ClientSurvey, Matter
from performance.surveys.sending import survey_send_by_staff
from performance.surveys.views import SURVEY_MANAGERS


class ClientSurveyOut(serializers.ModelSerializer):
    answered = serializers.SerializerMethodField()

    class Meta:
        model = ClientSurvey
        fields = [
            "id",
            "engagement",
            "matter",
            "reason",
            "contact_name",
            "contact_email",
            "sent_at",
            "expires_at",
            "answered_at",
            "answered",
        ]

    def get_answered(self, survey: ClientSurvey) -> bool:
        return survey.answered_at is not None


class ClientSurveyIn(serializers.Serializer):
    matter = serializers.IntegerField(help_text="The matter whose client contact is asked now.")


@extend_schema(parameters=[ENGAGEMENT_FILTER])
class ClientSurveyViewSet(_EngagementScoped, FirmModelViewSet):
    """Client surveys emailed per matter (when it closes, each cadence while open, or by staff now);
    POST sends the matter's client contact a survey now (partners and ops)."""

    model = ClientSurvey
    write_roles = SURVEY_MANAGERS
    http_method_names = ["get", "post", "head", "options"]

    def firm_queryset(self):
        return super().firm_queryset()

    def get_serializer_class(self):
        return ClientSurveyIn if self.action == "create" else ClientSurveyOut

    @extend_schema(request=ClientSurveyIn, responses={201: ClientSurveyOut})
    def create(self, request, *args, **kwargs):
        data = ClientSurveyIn(data=request.data)
        data.is_valid(raise_exception=True)
        matter = _resolve(Matter, self, data.validated_data["matter"], "matter")
        _engagement(self, matter.engagement_id)  # a matter of an engagement this member cannot see: 400
        survey = _call(survey_send_by_staff, firm=self.firm, actor=request.user, matter=matter)
        return Response(ClientSurveyOut(survey).data, status=status.HTTP_201_CREATED)
