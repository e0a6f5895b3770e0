"""The page behind a questionnaire link: no account, no firm URL, nothing shown unless the link is good."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from firmops.forms import add_service_errors
from firmops.secure_links import private_response as _private
from firmops.tenancy import firm_scope
from providers.questionnaires.answer_forms import AnswersForm
from providers.questionnaires.links import questionnaire_check
from providers.questionnaires.selectors import answers_by_key
from providers.questionnaires.services import questionnaire_answer
from providers.roles import selectors as roles
from providers.roles.views import job_description_context

_PROBLEMS = {
    "invalid": (
        "This questionnaire link is not valid",
        "The link is incomplete, has been changed, or was replaced by a newer one. Open the most recent "
        "email you "
        "received, or ask the person who sent it for a new link.",
        400,
    ),
    "expired": (
        "This questionnaire link has expired",
        "Links are open for a limited time. Ask the person who sent it for a new link; any draft you saved "
        "is kept.",
        410,
    ),
    "used": (
        "This questionnaire has already been submitted",
        "Answers can be submitted once. If something needs correcting, contact the person who sent you the "
        "link.",
        410,
    ),
}


def role_definition_for(questionnaire) -> dict | None:
    """The role the provider answers for, without the budget (call inside the firm's scope); None if none."""
    role = roles.role_definition_for(firm=questionnaire.firm, engagement=questionnaire.engagement)
    return None if role is None else job_description_context(questionnaire.firm, role, budget=None)


def questionnaire_public(request, token: str):
    """Answer a vetting questionnaire: save a draft any number of times, submit once."""
    check = questionnaire_check(token)
    if check.problem:
        title, advice, status = _PROBLEMS[check.problem]
        return _private(
            render(request, "firmops/link_problem.html", {"title": title, "advice": advice}, status=status)
        )
    questionnaire = check.questionnaire
    with firm_scope(questionnaire.firm_id):
        form = AnswersForm(
            request.POST or None,
            request.FILES or None,
            questions=questionnaire.questions,
            saved=answers_by_key(questionnaire),
        )
        if request.method == "POST" and form.is_valid():
            submit = request.POST.get("action") == "submit"
            if submit:
                form.require_shown()
            if form.is_valid():
                try:
                    questionnaire_answer(
                        questionnaire=questionnaire,
                        answers=form.answers(),
                        files=form.files_given(),
                        submit=submit,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)  # nothing was saved: the page keeps what was typed
                else:
                    if submit:
                        return _private(
                            render(request, "providers/public/thanks.html", {"questionnaire": questionnaire})
                        )
                    messages.success(request, "Draft saved. You can come back to this link until it expires.")
                    return redirect("providers-public:questionnaire", token=token)
        response = render(
            request,
            "providers/public/questionnaire.html",
            {
                "questionnaire": questionnaire,
                "form": form,
                "token": token,  # the provider's own uploads are downloaded through the same link
                "role_definition": role_definition_for(questionnaire),
            },
        )
    return _private(response)
