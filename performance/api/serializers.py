"""API shapes of the performance phase: <Entity>In for what clients send, <Entity>Out for what they get."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from audit.selectors import category_label
from performance.checkins import AGENDA
from performance.models import (
    MAX_DAY_HOURS,
    ActionItem,
    CheckIn,
    HourEntry,
    Matter,
    ScalingSignal,
    SurveyResponse,
    WorkItem,
)
from performance.surveys.results import SurveyFigures, SurveyResults

# --- delegated work -------------------------------------------------------------------------------


class WorkItemOut(serializers.ModelSerializer):
    professional_name = serializers.CharField(source="professional.name", read_only=True)
    category_label = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = WorkItem
        fields = [
            "id",
            "engagement",
            "professional",
            "professional_name",
            "category",
            "category_label",
            "matter",
            "title",
            "assigned_at",
            "due_at",
            "delivered_at",
            "hours",
            "turnaround_hours",
            "overdue",
        ]

    def get_category_label(self, obj) -> str:
        return category_label(obj.category)

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class WorkItemIn(serializers.Serializer):
    engagement = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    category = serializers.CharField(max_length=60)
    professional = serializers.IntegerField(
        required=False, allow_null=True, help_text="Default: the selected professional."
    )
    matter = serializers.IntegerField(required=False, allow_null=True)
    assigned_at = serializers.DateTimeField(required=False)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    delivered_at = serializers.DateTimeField(required=False, allow_null=True)
    hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal("0"), required=False, default=Decimal("0")
    )


class WorkItemUpdateIn(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    category = serializers.CharField(max_length=60, required=False)
    professional = serializers.IntegerField(required=False)
    matter = serializers.IntegerField(required=False, allow_null=True)
    assigned_at = serializers.DateTimeField(required=False)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    delivered_at = serializers.DateTimeField(required=False, allow_null=True)
    hours = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=Decimal("0"), required=False)


# --- attorney hours -------------------------------------------------------------------------------


class HourEntryOut(serializers.ModelSerializer):
    attorney_email = serializers.EmailField(source="attorney.email", read_only=True)

    class Meta:
        model = HourEntry
        fields = [
            "id",
            "engagement",
            "attorney",
            "attorney_email",
            "worked_on",
            "hours",
            "description",
            "category",
            "source",
        ]


class HourEntryIn(serializers.Serializer):
    engagement = serializers.IntegerField()
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal("0"), max_value=MAX_DAY_HOURS
    )
    attorney = serializers.IntegerField(
        required=False, help_text="Default: you. Partners and ops log for others."
    )
    worked_on = serializers.DateField(required=False, help_text="Default: today in the firm's zone.")
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    category = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class HourImportIn(serializers.Serializer):
    engagement = serializers.IntegerField()
    file = serializers.FileField(required=False, help_text="A CSV upload (multipart).")
    csv = serializers.CharField(
        required=False, trim_whitespace=False, help_text="Or the CSV text itself (JSON)."
    )

    def validate(self, attrs):
        if not attrs.get("file") and not attrs.get("csv"):
            raise serializers.ValidationError({"file": "Send a CSV as `file` (multipart) or `csv` (text)."})
        return attrs


class RowProblemOut(serializers.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField()
    message = serializers.CharField()


class HourImportOut(serializers.Serializer):
    created = serializers.IntegerField()


# --- matters and surveys --------------------------------------------------------------------------


class MatterOut(serializers.ModelSerializer):
    class Meta:
        model = Matter
        fields = [
            "id",
            "engagement",
            "reference",
            "name",
            "intake_on",
            "resolved_on",
            "days_to_resolution",
            "client_name",
            "client_email",
        ]


class MatterIn(serializers.Serializer):
    engagement = serializers.IntegerField()
    reference = serializers.CharField(max_length=60)
    name = serializers.CharField(max_length=200)
    intake_on = serializers.DateField()
    resolved_on = serializers.DateField(required=False, allow_null=True)
    client_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    client_email = serializers.EmailField(required=False, allow_blank=True, default="")


class MatterUpdateIn(serializers.Serializer):
    reference = serializers.CharField(max_length=60, required=False)
    name = serializers.CharField(max_length=200, required=False)
    intake_on = serializers.DateField(required=False)
    resolved_on = serializers.DateField(required=False, allow_null=True)
    client_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    client_email = serializers.EmailField(required=False, allow_blank=True)


class SurveyOut(serializers.ModelSerializer):
    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "engagement",
            "matter",
            "score",
            "speed",
            "recommend",
            "comment",
            "received_on",
            "source",
            "survey",
        ]


class SurveyIn(serializers.Serializer):
    engagement = serializers.IntegerField()
    matter = serializers.IntegerField()
    score = serializers.IntegerField(help_text="1 (poor) to 5 (excellent).")
    source = serializers.ChoiceField(
        choices=["phone", "staff"], default="staff", help_text="phone: the client told staff by phone."
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    received_on = serializers.DateField(required=False)


# --- check-ins ------------------------------------------------------------------------------------


class ActionItemOut(serializers.ModelSerializer):
    raised_in_sequence = serializers.IntegerField(source="raised_in.sequence", read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "engagement", "raised_in", "raised_in_sequence", "text", "done_at", "done_in"]


class AgendaQuestionOut(serializers.Serializer):
    key = serializers.CharField()
    question = serializers.CharField()
    hint = serializers.CharField()


class CheckInOut(serializers.ModelSerializer):
    agenda = serializers.SerializerMethodField()
    carried_actions = serializers.SerializerMethodField()

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "engagement",
            "sequence",
            "scheduled_at",
            "duration_minutes",
            "status",
            "what_working",
            "roadblocks",
            "improvements",
            "notes",
            "completed_at",
            "agenda",
            "carried_actions",
        ]

    def get_agenda(self, obj) -> list[dict]:
        return [{"key": k, "question": q, "hint": h} for k, q, h in AGENDA]

    def get_carried_actions(self, obj) -> list[dict]:
        agendas = self.context.get("agendas", {})
        carried = agendas[obj.pk].carried if obj.pk in agendas else []
        return ActionItemOut(carried, many=True).data


class CheckInRecordIn(serializers.Serializer):
    what_working = serializers.CharField(required=False, allow_blank=True, default="")
    roadblocks = serializers.CharField(required=False, allow_blank=True, default="")
    improvements = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    new_actions = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, default=list
    )
    done_action_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class CheckInMoveIn(serializers.Serializer):
    scheduled_at = serializers.DateTimeField()


class PlanIn(serializers.Serializer):
    engagement = serializers.IntegerField()
    began_on = serializers.DateField()
    checkin_time = serializers.TimeField(
        required=False, help_text="Local time in the firm's zone; default 10:00."
    )


# --- signals and the summary ----------------------------------------------------------------------


class SignalOut(serializers.ModelSerializer):
    class Meta:
        model = ScalingSignal
        fields = [
            "id",
            "engagement",
            "kind",
            "key",
            "title",
            "evidence",
            "status",
            "raised_at",
            "acted_by",
            "acted_at",
        ]


class TurnaroundOut(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField()
    delivered = serializers.IntegerField()
    avg_hours = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    weekly_avg = serializers.ListField(
        child=serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    )
    weekly_delivered = serializers.ListField(child=serializers.IntegerField())
    backlog = serializers.ListField(child=serializers.IntegerField())
    trend = serializers.CharField()


class UtilisationOut(serializers.Serializer):
    professional_id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = serializers.IntegerField()
    weekly_hours = serializers.ListField(child=serializers.DecimalField(max_digits=9, decimal_places=2))
    weekly_utilisation = serializers.ListField(
        child=serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    )


class VelocityOut(serializers.Serializer):
    before_median_days = serializers.FloatField(allow_null=True)
    after_median_days = serializers.FloatField(allow_null=True)
    before_resolved = serializers.IntegerField()
    after_resolved = serializers.IntegerField()
    open_matters = serializers.IntegerField()


class SatisfactionOut(serializers.Serializer):
    average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    responses = serializers.IntegerField()
    weekly = serializers.ListField(
        child=serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    )
    recent_average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    earlier_average = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)


class SurveyFiguresOut(serializers.Serializer):
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    responses = serializers.IntegerField()
    response_rate = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    csat = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    nps = serializers.IntegerField(allow_null=True)
    speed = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)


class SurveyQuarterOut(serializers.Serializer):
    """Responses received in one quarter (surveys sent are counted before/since only)."""

    quarter = serializers.CharField()
    responses = serializers.IntegerField()
    csat = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    nps = serializers.IntegerField(allow_null=True)
    speed = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)


class SurveyResultsOut(serializers.Serializer):
    """Before and since outsourced work began, and by quarter (oldest first)."""

    before = SurveyFiguresOut()
    since = SurveyFiguresOut()
    quarters = SurveyQuarterOut(many=True)


def survey_results_data(results: SurveyResults) -> dict:
    """The dashboard's survey figures as SurveyResultsOut reads them."""

    def figures(f: SurveyFigures) -> dict:
        names = ("sent", "answered", "responses", "response_rate", "csat", "nps", "speed")
        return {name: getattr(f, name) for name in names}

    return {
        "before": figures(results.before),
        "since": figures(results.since),
        "quarters": [
            {"quarter": label, "responses": f.responses, "csat": f.csat, "nps": f.nps, "speed": f.speed}
            for label, f in results.quarters
        ],
    }


class RoiMonthOut(serializers.Serializer):
    month = serializers.DateField()
    recovered_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    net = serializers.DecimalField(max_digits=14, decimal_places=2)
    cumulative_net = serializers.DecimalField(max_digits=14, decimal_places=2)
    associate_cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    cumulative_associate_cost = serializers.DecimalField(max_digits=14, decimal_places=2)


class RoiOut(serializers.Serializer):
    basis = serializers.CharField()
    attorney_rate = serializers.DecimalField(max_digits=8, decimal_places=2)
    associate_monthly = serializers.DecimalField(max_digits=12, decimal_places=2)
    recovered_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    net = serializers.DecimalField(max_digits=14, decimal_places=2)
    through = serializers.DateField(allow_null=True)
    months = RoiMonthOut(many=True)


class SummaryOut(serializers.Serializer):
    engagement = serializers.IntegerField()
    client_surveys = SurveyResultsOut()
    began_on = serializers.DateField()
    weeks = serializers.ListField(child=serializers.DateField())
    baseline_hours_per_week = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    attorney_hours = serializers.ListField(
        child=serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    )
    turnaround = TurnaroundOut(many=True)
    utilisation = UtilisationOut(many=True)
    velocity = VelocityOut()
    satisfaction = SatisfactionOut()
    roi = RoiOut()
    open_signals = SignalOut(many=True)
    upcoming_checkins = CheckInOut(many=True)
    overdue_count = serializers.IntegerField()
    overdue = WorkItemOut(many=True)
