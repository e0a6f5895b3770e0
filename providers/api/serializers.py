"""API shapes of vetting: <Entity>In for writes, <Entity>Out for reads. The firm comes from the URL."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from firmops.models import Engagement
from providers.models import (
    Answer,
    Professional,
    Provider,
    Questionnaire,
    QuestionnaireTemplate,
    ScoreAdjustment,
    Selection,
)
from providers.questionnaires.selectors import answer_breakdown
from providers.questionnaires.services import LINK_DAYS, MAX_LINK_DAYS
from providers.selection.services import TRIAL_DAYS


@extend_schema_field(OpenApiTypes.INT)
class FirmPK(serializers.PrimaryKeyRelatedField):
    """A primary key that only resolves to the active firm's rows: another firm's id is simply invalid."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        firm = getattr(self.context.get("request"), "firm", None)
        return self.model.objects.all_firms().none() if firm is None else self.model.objects.for_firm(firm)


class ProviderIn(serializers.ModelSerializer):
    engagement = FirmPK(Engagement, required=False, allow_null=True)

    class Meta:
        model = Provider
        fields = Provider.EDITABLE_FIELDS


class ProviderOut(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", *Provider.EDITABLE_FIELDS, "created_at"]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.STR)
class _StatusChoice(serializers.ChoiceField):
    """Checked against the choices; typed as text in the schema so the enum is named once, on the Out."""


class ProfessionalIn(serializers.ModelSerializer):
    status = _StatusChoice(
        choices=Professional.Status.choices,
        required=False,
        help_text=f"One of: {', '.join(Professional.Status.values)}.",
    )

    class Meta:
        model = Professional
        fields = Professional.EDITABLE_FIELDS


class ProfessionalCreateIn(ProfessionalIn):
    provider = FirmPK(Provider)

    class Meta(ProfessionalIn.Meta):
        fields = ["provider", *Professional.EDITABLE_FIELDS]


class ProfessionalOut(serializers.ModelSerializer):
    skill_list = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Professional
        fields = ["id", "provider", *Professional.EDITABLE_FIELDS, "skill_list"]
        read_only_fields = fields


class TemplateIn(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    questions = serializers.JSONField(
        required=False,
        help_text=(
            "A list of question objects (key, type, text, help, weight, show_if and the type's own fields: "
            "choices, min/max/unit/bands, max_age_days, document_kind, or elements/vague_phrases for text); "
            "omitted on create: a copy of the built-in questions."
        ),
    )


class TemplateOut(serializers.ModelSerializer):
    class Meta:
        model = QuestionnaireTemplate
        fields = ["id", "name", "description", "questions", "created_at", "updated_at"]
        read_only_fields = fields


class BuiltinTemplateOut(serializers.Serializer):
    name = serializers.CharField()
    questions = serializers.JSONField()


class QuestionnaireIn(serializers.Serializer):
    provider = FirmPK(Provider)
    template = FirmPK(
        QuestionnaireTemplate, required=False, allow_null=True, help_text="Blank: the built-in questionnaire."
    )
    days = serializers.IntegerField(min_value=1, max_value=MAX_LINK_DAYS, default=LINK_DAYS)
    to_email = serializers.EmailField(
        required=False, allow_blank=True, default="", help_text="Blank: the provider's contact."
    )


class ResendIn(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=MAX_LINK_DAYS, default=LINK_DAYS)


class QuestionnaireOut(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "provider",
            "engagement",
            "template",
            "template_name",
            "questions",
            "sent_to",
            "sent_at",
            "expires_at",
            "link_version",
            "draft_saved_at",
            "submitted_at",
            "status",
            "total_score",
        ]
        read_only_fields = fields


class QuestionnaireSentOut(QuestionnaireOut):
    link = serializers.CharField(
        read_only=True, help_text="The provider's private link; shown once, not stored."
    )

    class Meta(QuestionnaireOut.Meta):
        fields = [*QuestionnaireOut.Meta.fields, "link"]
        read_only_fields = fields


class LinkOut(serializers.Serializer):
    link = serializers.CharField()
    expires_at = serializers.DateTimeField()


class AdjustmentOut(serializers.ModelSerializer):
    adjusted_by = serializers.EmailField(
        source="adjusted_by.email", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = ScoreAdjustment
        fields = ["from_score", "to_score", "comment", "adjusted_by", "adjusted_at"]
        read_only_fields = fields


class PartOut(serializers.Serializer):
    label = serializers.CharField(
        help_text="What earned or cost the points, e.g. “Rubric items named: 4 of 5”."
    )
    points = serializers.IntegerField(help_text="Signed: the parts add up to the score.")


class BreakdownOut(serializers.Serializer):
    """What built a score, the same for every type of question."""

    parts = PartOut(many=True)
    found = serializers.ListField(child=serializers.CharField(), help_text="Rubric items the answer names.")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Rubric items it does not name.")
    denied = serializers.ListField(
        child=serializers.CharField(), help_text="Rubric items named only to say they are not done."
    )
    details = serializers.ListField(
        child=serializers.CharField(), help_text="Concrete details found: numbers, named tools, time limits."
    )
    vague_wording = serializers.ListField(
        child=serializers.CharField(), help_text="Vague phrases that cost points, as written."
    )
    advice = serializers.ListField(child=serializers.CharField(), help_text="Why the score is not 100.")


class AnswerOut(serializers.ModelSerializer):
    effective_score = serializers.IntegerField(read_only=True, allow_null=True)
    value = serializers.JSONField(
        read_only=True,
        allow_null=True,
        help_text="A typed answer's value: a choice's key, a list of keys, a number, a date (YYYY-MM-DD) or "
        '{"document": id, "name": file name}; null for free text (see text).',
    )
    breakdown = serializers.SerializerMethodField()
    adjusted_by = serializers.EmailField(
        source="adjusted_by.email", default=None, allow_null=True, read_only=True
    )
    adjustments = AdjustmentOut(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "questionnaire",
            "question_key",
            "text",
            "value",
            "score",
            "vague",
            "found",
            "missing",
            "specifics",
            "breakdown",
            "adjusted_score",
            "adjustment_comment",
            "adjusted_by",
            "adjusted_at",
            "effective_score",
            "adjustments",
        ]
        read_only_fields = fields

    @extend_schema_field(BreakdownOut)
    def get_breakdown(self, answer: Answer) -> dict:
        question = next((q for q in answer.questionnaire.questions if q["key"] == answer.question_key), None)
        return BreakdownOut(answer_breakdown(answer, question)).data


class AdjustIn(serializers.Serializer):
    score = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(max_length=4000)


class ScoreOut(serializers.Serializer):
    question_key = serializers.CharField()
    weight = serializers.FloatField()
    score = serializers.IntegerField(allow_null=True)
    effective_score = serializers.IntegerField(allow_null=True)
    vague = serializers.BooleanField()
    found = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())
    shown = serializers.BooleanField(
        help_text="False when the provider's earlier answer hid this question: it does not count."
    )
    breakdown = BreakdownOut()


class ScoresOut(serializers.Serializer):
    questionnaire = serializers.IntegerField()
    provider = serializers.IntegerField()
    total_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    answers = ScoreOut(many=True)


class SelectionIn(serializers.Serializer):
    engagement = FirmPK(Engagement)
    professional = FirmPK(Professional)
    rationale = serializers.CharField(max_length=4000)
    trial_days = serializers.IntegerField(min_value=1, max_value=90, default=TRIAL_DAYS)


class ReplacementIn(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ConfirmIn(serializers.Serializer):
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Required while required evidence is missing or expired: why confirm anyway.",
    )


class SelectionOut(serializers.ModelSerializer):
    selected_by = serializers.EmailField(
        source="selected_by.email", default=None, allow_null=True, read_only=True
    )
    replaced_by = serializers.EmailField(
        source="replaced_by.email", default=None, allow_null=True, read_only=True
    )
    trial_ends_on = serializers.DateField(read_only=True)

    class Meta:
        model = Selection
        fields = [
            "id",
            "engagement",
            "provider",
            "professional",
            "rationale",
            "selected_by",
            "selected_at",
            "trial_days",
            "trial_ends_on",
            "evidence_override_reason",
            "evidence_override_gaps",
            "status",
            "confirmed_at",
            "replaced_at",
            "replaced_by",
            "replacement_reason",
        ]
        read_only_fields = fields


class CellOut(serializers.Serializer):
    answer_id = serializers.IntegerField()
    score = serializers.IntegerField(allow_null=True)
    rubric_score = serializers.IntegerField(allow_null=True)
    adjusted = serializers.BooleanField()
    vague = serializers.BooleanField()
    found = serializers.ListField(child=serializers.CharField())
    missing = serializers.ListField(child=serializers.CharField())


class CandidateOut(serializers.Serializer):
    professional = ProfessionalOut()
    overlap_hours = serializers.DecimalField(source="overlap", max_digits=4, decimal_places=1)


class ColumnOut(serializers.Serializer):
    provider = ProviderOut()
    questionnaire = serializers.IntegerField(source="questionnaire.pk", default=None, allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    total_score = serializers.DecimalField(source="total", max_digits=5, decimal_places=2, allow_null=True)
    vague_count = serializers.IntegerField()
    overlap_hours = serializers.DecimalField(source="overlap", max_digits=4, decimal_places=1)
    candidates = CandidateOut(many=True)


class RowOut(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    weight = serializers.FloatField()
    cells = CellOut(many=True, allow_null=True)


class ComparisonOut(serializers.Serializer):
    engagement = serializers.IntegerField(source="engagement.pk")
    reference_date = serializers.DateField(source="on")
    columns = ColumnOut(many=True)
    rows = RowOut(many=True)


class HintCategoryOut(serializers.Serializer):
    label = serializers.CharField()
    weekly_hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    percent = serializers.IntegerField()


class FitHintOut(serializers.Serializer):
    model = serializers.CharField(
        help_text="talent_platform, traditional_lpo, or blank when the audit can't tell yet."
    )
    headline = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    weekly_hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    categories = HintCategoryOut(many=True)
