"""The questionnaire editor's pages: a template's questions in order, one question's form, the preview.

Thin: the forms translate, providers.questionnaires.editor_services decides and saves.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from firmops.forms import add_service_errors
from firmops.permissions import has_role, role_required
from firmops.tenancy import get_for_firm
from providers.access import READ, WRITE
from providers.models import QuestionnaireTemplate
from providers.questionnaires.answer_forms import AnswersForm
from providers.questionnaires.conditions import condition_text
from providers.questionnaires.editor_forms import (
    QuestionForm,
    forms_valid,
    formsets,
    initial_for,
    question_from_forms,
)
from providers.questionnaires.editor_services import (
    template_question_delete,
    template_question_move,
    template_question_save,
)
from providers.questionnaires.evidence import document_kinds
from providers.questionnaires.forms import TemplateDetailsForm
from providers.questionnaires.questions import BUILTIN_NAME, builtin_questions
from providers.questionnaires.scoring import InvalidAnswerError
from providers.questionnaires.services import template_update
from providers.questionnaires.trial import answers_try
from providers.questionnaires.types import TEXT, TYPE_LABELS, question_type


def _summaries(questions: list[dict]) -> list[dict]:
    """Each question as the editor lists it: its type, weight, condition and what scores."""
    kinds = document_kinds()
    rows = []
    for q in questions:
        kind = question_type(q)
        if kind == TEXT:
            scores = ", ".join(e["label"] for e in q.get("elements") or ()) or "concrete detail only"
        elif kind == "file":
            scores = f"{kinds.get(q.get('document_kind'), q.get('document_kind'))} provided"
        elif kind == "number":
            scores = f"{len(q.get('bands') or ())} scoring range(s)"
        elif kind == "date":
            scores = f"within {q['max_age_days']} days" if q.get("max_age_days") else "any date"
        else:
            scores = ", ".join(f"{c['label']} {c['score']}" for c in q.get("choices") or ())
        rows.append(
            {"q": q, "kind": TYPE_LABELS[kind], "scores": scores, "condition": condition_text(questions, q)}
        )
    return rows


@role_required(*READ)
def template_edit(request, firm_slug: str, template_id: int):
    """A firm template: its name, then its questions in order with edit, move and remove buttons."""
    template = get_for_firm(QuestionnaireTemplate, firm=request.firm, pk=template_id)
    can_write = has_role(request, WRITE)
    if request.method == "POST" and not can_write:
        return render(request, "403.html", status=403)
    form = TemplateDetailsForm(
        request.POST or None, initial={"name": template.name, "description": template.description}
    )
    if can_write and request.method == "POST" and form.is_valid():
        try:
            template_update(firm=request.firm, template=template, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{template.name}” saved.")
            return redirect("providers:template", firm_slug=firm_slug, template_id=template.pk)
    return render(
        request,
        "providers/template_edit.html",
        {
            "template": template,
            "form": form if can_write else None,
            "rows": _summaries(template.questions),
            "types": list(TYPE_LABELS.items()),
            "can_write": can_write,
        },
    )


def _question_page(request, template: QuestionnaireTemplate, key: str | None, kind: str):
    """The form of one question (key None: a new one of `kind`), saved through the service."""
    questions = template.questions
    position = next((i for i, q in enumerate(questions) if q["key"] == key), None) if key else len(questions)
    if position is None:
        raise Http404("No such question")
    existing = questions[position] if key else {"type": kind}
    initial = initial_for(existing) if key else {**initial_for(existing), "type": kind}
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, initial=initial, questions=questions, position=position, question=existing)
    sets = formsets(data, existing)
    if data is not None and forms_valid(form, sets):
        try:
            _template, saved_key = template_question_save(
                firm=request.firm, template=template, question=question_from_forms(form, sets), key=key
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Question saved: “{form.cleaned_data['text']}”.")
            url = reverse("providers:template", args=[request.firm.slug, template.pk])
            return redirect(f"{url}#q-{saved_key}")
    return render(
        request,
        "providers/template_question.html",
        {
            "template": template,
            "form": form,
            "sets": sets,
            "key": key,
            "number": position + 1,
            "kind": (form.data.get("type") if data else initial["type"]) or TEXT,
        },
    )


@role_required(*WRITE)
def question_new(request, firm_slug: str, template_id: int):
    template = get_for_firm(QuestionnaireTemplate, firm=request.firm, pk=template_id)
    kind = request.GET.get("type", TEXT)
    return _question_page(request, template, None, kind if kind in TYPE_LABELS else TEXT)


@role_required(*WRITE)
def question_edit(request, firm_slug: str, template_id: int, question_key: str):
    template = get_for_firm(QuestionnaireTemplate, firm=request.firm, pk=template_id)
    return _question_page(request, template, question_key, TEXT)


@require_POST
@role_required(*WRITE)
def question_move(request, firm_slug: str, template_id: int, question_key: str):
    template = get_for_firm(QuestionnaireTemplate, firm=request.firm, pk=template_id)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        template_question_move(firm=request.firm, template=template, key=question_key, offset=offset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    url = reverse("providers:template", args=[firm_slug, template.pk])
    return redirect(f"{url}#q-{question_key}")


@require_POST
@role_required(*WRITE)
def question_delete(request, firm_slug: str, template_id: int, question_key: str):
    template = get_for_firm(QuestionnaireTemplate, firm=request.firm, pk=template_id)
    try:
        template_question_delete(firm=request.firm, template=template, key=question_key)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Question removed.")
    return redirect("providers:template", firm_slug=firm_slug, template_id=template.pk)


def _preview(request, *, name: str, questions: list[dict], back: str):
    """The questionnaire as the provider sees it; "Try these answers" scores them and saves nothing."""
    data = request.POST if request.method == "POST" else None
    form = AnswersForm(data, request.FILES or None, questions=questions)
    trial = None
    if data is not None and form.is_valid():
        answers = form.answers() | {k: f.upload.name for k, f in form.files_given().items()}
        try:
            trial = answers_try(questions=questions, answers=answers, today=request.firm.today())
        except InvalidAnswerError as exc:
            form.add_error(exc.key, exc.problem)
    return render(
        request, "providers/template_preview.html", {"name": name, "form": form, "trial": trial, "back": back}
    )


@role_required(*READ)
def template_preview(request, firm_slug: str, template_id: int):
    template = get_for_firm(QuestionnaireTemplate, firm=request.firm, pk=template_id)
    back = reverse("providers:template", args=[firm_slug, template.pk])
    return _preview(request, name=template.name, questions=template.questions, back=back)


@role_required(*READ)
def builtin_preview(request, firm_slug: str):
    back = reverse("providers:template_builtin", args=[firm_slug])
    return _preview(request, name=BUILTIN_NAME, questions=builtin_questions(), back=back)
