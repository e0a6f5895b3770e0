"""The vetting API: the same roles and firm scope as the pages; writes go through the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from firmops.api.base import FirmModelViewSet, FirmViewMixin
from firmops.api.params import safe_id
from firmops.api.views import as_api_error
from firmops.models import Engagement
from firmops.tenancy import get_for_firm
from providers.access import READ, SELECT, WRITE
from providers.api import serializers as s
from providers.candidates.services import (
    professional_create,
    professional_delete,
    professional_update,
    provider_create,
    provider_delete,
    provider_update,
)
from providers.models import Answer, Professional, Provider, Questionnaire, QuestionnaireTemplate, Selection
from providers.questionnaires.breakdown import empty as breakdown_empty
from providers.questionnaires.questions import BUILTIN_NAME, builtin_questions
from providers.questionnaires.selectors import questionnaire_answers, questionnaire_shown
from providers.questionnaires.services import (
    answer_adjust,
    questionnaire_resend,
    questionnaire_send,
    template_create,
    template_delete,
    template_update,
)
from providers.selection.guidance import fit_hint
from providers.selection.selectors import comparison
from providers.selection.services import (
    selection_confirm,
    selection_create,
    selection_end_trial,
    selection_request_replacement,
)


def _id_param(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, description=f"Only those of this {what}.")


def _filter_int(queryset, request, param: str, field: str):
    value = request.query_params.get(param)
    if value is None:
        return queryset
    return queryset.filter(**{field: safe_id(value)}) if value.isdecimal() else queryset.none()


class _Writes:
    """Validate with an In serializer, run a service, answer with the Out serializer."""

    def _valid(self, serializer_class, data, instance=None, partial=False):
        serializer = serializer_class(
            instance, data=data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @staticmethod
    def _call(service, **kwargs):
        try:
            return service(**kwargs)
        except ValidationError as exc:
            raise as_api_error(exc) from exc


@extend_schema(parameters=[_id_param("engagement", "engagement's shortlist")])
class ProviderViewSet(_Writes, FirmModelViewSet):
    """Providers the firm is vetting."""

    model = Provider
    allowed_roles, write_roles = READ, WRITE
    serializer_class = s.ProviderOut

    def firm_queryset(self):
        return _filter_int(
            super().firm_queryset().select_related("engagement"), self.request, "engagement", "engagement_id"
        )

    @extend_schema(request=s.ProviderIn, responses={201: s.ProviderOut})
    def create(self, request, *args, **kwargs):
        data = self._valid(s.ProviderIn, request.data)
        provider = self._call(provider_create, firm=self.firm, actor=request.user, **data)
        return Response(s.ProviderOut(provider).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProviderIn, responses={200: s.ProviderOut})
    def update(self, request, *args, partial=False, **kwargs):
        provider = self.get_object()
        data = self._valid(s.ProviderIn, request.data, provider, partial)
        self._call(provider_update, firm=self.firm, provider=provider, **data)
        return Response(s.ProviderOut(provider).data)

    def destroy(self, request, *args, **kwargs):
        self._call(provider_delete, firm=self.firm, provider=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[_id_param("provider", "provider")])
class ProfessionalViewSet(_Writes, FirmModelViewSet):
    """The candidates providers propose."""

    model = Professional
    allowed_roles, write_roles = READ, WRITE
    serializer_class = s.ProfessionalOut

    def firm_queryset(self):
        return _filter_int(super().firm_queryset(), self.request, "provider", "provider_id")

    @extend_schema(request=s.ProfessionalCreateIn, responses={201: s.ProfessionalOut})
    def create(self, request, *args, **kwargs):
        data = dict(self._valid(s.ProfessionalCreateIn, request.data))
        provider = data.pop("provider")
        professional = self._call(professional_create, firm=self.firm, provider=provider, **data)
        return Response(s.ProfessionalOut(professional).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ProfessionalIn, responses={200: s.ProfessionalOut})
    def update(self, request, *args, partial=False, **kwargs):
        professional = self.get_object()
        data = self._valid(s.ProfessionalIn, request.data, professional, partial)
        self._call(professional_update, firm=self.firm, professional=professional, **data)
        return Response(s.ProfessionalOut(professional).data)

    def destroy(self, request, *args, **kwargs):
        self._call(professional_delete, firm=self.firm, professional=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class TemplateViewSet(_Writes, FirmModelViewSet):
    """The firm's questionnaire templates; `builtin` is the default every firm starts from."""

    model = QuestionnaireTemplate
    allowed_roles, write_roles = READ, WRITE
    serializer_class = s.TemplateOut

    @extend_schema(request=s.TemplateIn, responses={201: s.TemplateOut})
    def create(self, request, *args, **kwargs):
        data = self._valid(s.TemplateIn, request.data)
        template = self._call(template_create, firm=self.firm, actor=request.user, **data)
        return Response(s.TemplateOut(template).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TemplateIn, responses={200: s.TemplateOut})
    def update(self, request, *args, partial=False, **kwargs):
        template = self.get_object()
        data = self._valid(s.TemplateIn, request.data, partial=partial)
        fields = {
            k: data[k]
            for k in ("name", "description", "questions")
            if k in data and (k in request.data or not partial)
        }
        self._call(template_update, firm=self.firm, template=template, **fields)
        return Response(s.TemplateOut(template).data)

    def destroy(self, request, *args, **kwargs):
        self._call(template_delete, firm=self.firm, template=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={200: s.BuiltinTemplateOut})
    @action(detail=False, methods=["get"])
    def builtin(self, request, *args, **kwargs):
        """The built-in questions, weights and rubrics (copy them to make a firm template)."""
        return Response(s.BuiltinTemplateOut({"name": BUILTIN_NAME, "questions": builtin_questions()}).data)


@extend_schema(parameters=[_id_param("provider", "provider")])
class QuestionnaireViewSet(
    _Writes,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    FirmViewMixin,
    viewsets.GenericViewSet,
):
    """Questionnaires sent to providers; creating one emails the provider contact its private link."""

    model = Questionnaire
    allowed_roles, write_roles = READ, WRITE
    serializer_class = s.QuestionnaireOut

    def firm_queryset(self):
        return _filter_int(super().firm_queryset(), self.request, "provider", "provider_id")

    @extend_schema(request=s.QuestionnaireIn, responses={201: s.QuestionnaireSentOut})
    def create(self, request, *args, **kwargs):
        data = self._valid(s.QuestionnaireIn, request.data)
        questionnaire, link = self._call(questionnaire_send, firm=self.firm, actor=request.user, **data)
        questionnaire.link = link
        return Response(s.QuestionnaireSentOut(questionnaire).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ResendIn, responses={200: s.LinkOut})
    @action(detail=True, methods=["post"])
    def resend(self, request, *args, **kwargs):
        """Email a new link (the previous one stops working) with a new expiry."""
        questionnaire = self.get_object()
        data = self._valid(s.ResendIn, request.data)
        link = self._call(
            questionnaire_resend, firm=self.firm, actor=request.user, questionnaire=questionnaire, **data
        )
        questionnaire.refresh_from_db(fields=["expires_at"])
        return Response(s.LinkOut({"link": link, "expires_at": questionnaire.expires_at}).data)

    @extend_schema(responses={200: s.ScoresOut})
    @action(detail=True, methods=["get"])
    def scores(self, request, *args, **kwargs):
        """Each question's rubric and effective score, and the weighted total."""
        questionnaire = self.get_object()
        rows = questionnaire_answers(firm=self.firm, questionnaire=questionnaire)
        shown = questionnaire_shown(questionnaire, rows)
        answers = [
            {
                "question_key": q["key"],
                "weight": float(q.get("weight", 1)),
                "score": a.score if a else None,
                "effective_score": a.effective_score if a else None,
                "vague": bool(a and a.vague),
                "found": a.found if a else [],
                "missing": a.missing if a else [],
                "shown": q["key"] in shown,
                "breakdown": a.breakdown if a else breakdown_empty(),
            }
            for q, a in rows
        ]
        return Response(
            s.ScoresOut(
                {
                    "questionnaire": questionnaire.pk,
                    "provider": questionnaire.provider_id,
                    "total_score": questionnaire.total_score,
                    "answers": answers,
                }
            ).data
        )


@extend_schema(parameters=[_id_param("questionnaire", "questionnaire")])
class AnswerViewSet(_Writes, FirmViewMixin, viewsets.ReadOnlyModelViewSet):
    """Answers with their rubric scores; reviewers adjust a score with a comment."""

    model = Answer
    allowed_roles, write_roles = READ, WRITE
    serializer_class = s.AnswerOut

    def firm_queryset(self):
        qs = (
            super()
            .firm_queryset()
            .select_related("adjusted_by", "questionnaire")
            .prefetch_related("adjustments__adjusted_by")
        )
        return _filter_int(qs, self.request, "questionnaire", "questionnaire_id")

    @extend_schema(request=s.AdjustIn, responses={200: s.AnswerOut})
    @action(detail=True, methods=["post"])
    def adjust(self, request, *args, **kwargs):
        """Override the rubric's score; the comment, who and when are kept and the total is recomputed."""
        answer = self.get_object()
        data = self._valid(s.AdjustIn, request.data)
        self._call(answer_adjust, firm=self.firm, actor=request.user, answer=answer, **data)
        return Response(s.AnswerOut(self.get_queryset().get(pk=answer.pk)).data)


@extend_schema(parameters=[_id_param("engagement", "engagement")])
class SelectionViewSet(
    _Writes,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    FirmViewMixin,
    viewsets.GenericViewSet,
):
    """The provider and professional chosen for an engagement, and their trial. Partners decide."""

    model = Selection
    allowed_roles, write_roles = READ, SELECT
    serializer_class = s.SelectionOut

    def firm_queryset(self):
        qs = super().firm_queryset().select_related("selected_by", "replaced_by")
        return _filter_int(qs, self.request, "engagement", "engagement_id")

    @extend_schema(request=s.SelectionIn, responses={201: s.SelectionOut})
    def create(self, request, *args, **kwargs):
        data = self._valid(s.SelectionIn, request.data)
        selection = self._call(selection_create, firm=self.firm, actor=request.user, **data)
        return Response(s.SelectionOut(selection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReplacementIn, responses={200: s.SelectionOut})
    @action(detail=True, methods=["post"])
    def replace(self, request, *args, **kwargs):
        """Request a replacement: the selection is marked replaced and the engagement goes back to vetting."""
        selection = self.get_object()
        data = self._valid(s.ReplacementIn, request.data)
        selection = self._call(
            selection_request_replacement, firm=self.firm, actor=request.user, selection=selection, **data
        )
        return Response(s.SelectionOut(selection).data)

    @extend_schema(request=s.ReplacementIn, responses={200: s.SelectionOut})
    @action(detail=True, methods=["post"], url_path="end-trial")
    def end_trial(self, request, *args, **kwargs):
        """End the trial without confirming and without a replacement: the professional's access ends."""
        selection = self.get_object()
        data = self._valid(s.ReplacementIn, request.data)
        selection = self._call(
            selection_end_trial, firm=self.firm, actor=request.user, selection=selection, **data
        )
        return Response(s.SelectionOut(selection).data)

    @extend_schema(request=s.ConfirmIn, responses={200: s.SelectionOut})
    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        """Keep the professional after the trial (with `override_reason` while evidence is owed)."""
        selection = self.get_object()
        data = self._valid(s.ConfirmIn, request.data)
        selection = self._call(
            selection_confirm, firm=self.firm, actor=request.user, selection=selection, **data
        )
        return Response(s.SelectionOut(selection).data)


class ComparisonView(FirmViewMixin, generics.GenericAPIView):
    """An engagement's providers side by side: scores, vague flags, rates, overlap; best first."""

    allowed_roles = READ
    serializer_class = s.ComparisonOut

    def get(self, request, firm_slug: str, engagement_id: int):
        engagement = get_for_firm(Engagement, firm=self.firm, pk=engagement_id)
        return Response(s.ComparisonOut(comparison(firm=self.firm, engagement=engagement)).data)


class FitHintView(FirmViewMixin, generics.GenericAPIView):
    """Which provider model fits the engagement's hit list: talent platform or traditional LPO."""

    allowed_roles = READ
    serializer_class = s.FitHintOut

    def get(self, request, firm_slug: str, engagement_id: int):
        engagement = get_for_firm(Engagement, firm=self.firm, pk=engagement_id)
        return Response(s.FitHintOut(fit_hint(firm=self.firm, engagement=engagement)).data)
