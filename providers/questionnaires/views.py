"""Sending questionnaires, reviewing scored answers, and the firm's questionnaire templates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from firmops.forms import add_service_errors
from firmops.permissions import has_role, role_required
from firmops.tenancy import get_for_firm
from providers.access import READ, WRITE
from providers.models import Answer, Provider, Questionnaire, QuestionnaireTemplate
from providers.questionnaires.forms import (
    AdjustForm,
    ResendForm,
    SendForm,
    TemplateCopyForm,
    template_from_choice,
)
from providers.questionnaires.questions import BUILTIN_NAME, builtin_questions
from providers.questionnaires.selectors import firm_templates, questionnaire_answers, questionnaire_shown
from providers.questionnaires.services import (
    answer_adjust,
    questionnaire_resend,
    questionnaire_send,
    template_create,
    template_delete,
)


@require_POST
@role_required(*WRITE)
def send(request, firm_slug: str, provider_id: int):
    """Email a provider contact a private link to the questionnaire."""
    provider = get_for_firm(Provider, firm=request.firm, pk=provider_id)
    form = SendForm(request.POST, firm=request.firm)
    if form.is_valid():
        try:
            template = template_from_choice(request.firm, form.cleaned_data["template"])
            questionnaire, _link = questionnaire_send(
                firm=request.firm,
                actor=request.user,
                provider=provider,
                template=template,
                days=form.cleaned_data["days"],
                to_email=form.cleaned_data["to_email"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Questionnaire sent to {questionnaire.sent_to}. The link expires on "
                f"{timezone.localtime(questionnaire.expires_at, request.firm.zone):%b %-d}; "
                "a reminder goes out after 3 days if it is not answered.",
            )
    else:
        messages.error(
            request, "Check the sending form: " + "; ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect("providers:provider", firm_slug=firm_slug, provider_id=provider.pk)


@role_required(*READ)
def questionnaire_detail(request, firm_slug: str, questionnaire_id: int):
    """A provider's answers with their scores, the elements found and missing, and reviewer adjustments."""
    questionnaire = get_for_firm(Questionnaire, firm=request.firm, pk=questionnaire_id)
    can_write = has_role(request, WRITE)
    rows = questionnaire_answers(firm=request.firm, questionnaire=questionnaire)
    shown = questionnaire_shown(questionnaire, rows)
    return render(
        request,
        "providers/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "provider": questionnaire.provider,
            "rows": [
                (
                    q,
                    a,
                    AdjustForm(prefix=f"a{a.pk}", initial={"score": a.effective_score})
                    if can_write and a and a.score is not None
                    else None,
                    q["key"] in shown,
                )
                for q, a in rows
            ],
            "resend_form": ResendForm() if can_write and not questionnaire.submitted_at else None,
            "can_write": can_write,
        },
    )


@require_POST
@role_required(*WRITE)
def resend(request, firm_slug: str, questionnaire_id: int):
    """A fresh link (the old one stops working), for an expired link or a lost email."""
    questionnaire = get_for_firm(Questionnaire, firm=request.firm, pk=questionnaire_id)
    form = ResendForm(request.POST)
    if form.is_valid():
        try:
            questionnaire_resend(
                firm=request.firm,
                actor=request.user,
                questionnaire=questionnaire,
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"A new link went to {questionnaire.sent_to}; the previous link no longer works."
            )
    else:
        messages.error(request, "Give the number of days the new link stays open (1–90).")
    return redirect("providers:questionnaire", firm_slug=firm_slug, questionnaire_id=questionnaire.pk)


@require_POST
@role_required(*WRITE)
def adjust(request, firm_slug: str, answer_id: int):
    """A reviewer changes an answer's score, saying why."""
    answer = get_for_firm(Answer, firm=request.firm, pk=answer_id)
    form = AdjustForm(request.POST, prefix=f"a{answer.pk}")
    if form.is_valid():
        try:
            answer_adjust(firm=request.firm, actor=request.user, answer=answer, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"Score of “{answer.question_key}” set to {form.cleaned_data['score']}."
            )
    else:
        messages.error(request, "An adjustment needs a score from 0 to 100 and a comment saying why.")
    return redirect("providers:questionnaire", firm_slug=firm_slug, questionnaire_id=answer.questionnaire_id)


@role_required(*READ)
def templates(request, firm_slug: str):
    can_write = has_role(request, WRITE)
    return render(
        request,
        "providers/templates.html",
        {
            "templates": firm_templates(firm=request.firm),
            "builtin_name": BUILTIN_NAME,
            "builtin_count": len(builtin_questions()),
            "copy_form": TemplateCopyForm(firm=request.firm) if can_write else None,
            "can_write": can_write,
        },
    )


@role_required(*READ)
def template_builtin(request, firm_slug: str):
    """The built-in questions and rubrics, read-only: copy them to edit."""
    return render(
        request, "providers/template_view.html", {"name": BUILTIN_NAME, "questions": builtin_questions()}
    )


@role_required(*WRITE)
def template_new(request, firm_slug: str):
    """Copy the built-in questionnaire or one of the firm's templates, then edit the copy."""
    form = TemplateCopyForm(request.POST or None, firm=request.firm)
    if request.method == "POST" and form.is_valid():
        try:
            source = template_from_choice(request.firm, form.cleaned_data["source"])
            template = template_create(
                firm=request.firm,
                actor=request.user,
                name=form.cleaned_data["name"],
                questions=source.questions if source else None,
                description=f"Copied from {source.name if source else BUILTIN_NAME}.",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"“{template.name}” created. Edit its questions, weights and rubrics below."
            )
            return redirect("providers:template", firm_slug=firm_slug, template_id=template.pk)
    return render(request, "providers/template_new.html", {"form": form})


@require_POST
@role_required(*WRITE)
def template_remove(request, firm_slug: str, template_id: int):
    template = get_for_firm(QuestionnaireTemplate, firm=request.firm, pk=template_id)
    template_delete(firm=request.firm, template=template)
    messages.success(
        request, f"“{template.name}” deleted. Questionnaires already sent with it are unchanged."
    )
    return redirect("providers:templates", firm_slug=firm_slug)
