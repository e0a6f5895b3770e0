"""The pages behind a survey link (/s/): no account, no firm URL, nothing shown unless the link is good."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from firmops.forms import add_service_errors
from firmops.secure_links import EXPIRED, INVALID, USED, private_response
from firmops.tenancy import firm_scope
from performance.surveys.answering import SurveyClosed, survey_answer, survey_opt_out
from performance.surveys.forms import SurveyAnswerForm
from performance.surveys.links import survey_check
from performance.surveys.sending import survey_settings

_PROBLEMS = {
    INVALID: (
        "This survey link is not valid",
        "The link is incomplete or has been changed. Open it again from the email you received.",
        400,
    ),
    EXPIRED: (
        "This survey link has expired",
        "Survey links are open for a limited time; nothing was recorded. Thank you for your time anyway.",
        410,
    ),
    USED: (
        "This survey has already been answered",
        "Answers can be sent once, and yours were received. Thank you.",
        410,
    ),
}


def _problem(request, problem: str):
    title, advice, status = _PROBLEMS[problem]
    page = render(request, "firmops/link_problem.html", {"title": title, "advice": advice}, status=status)
    return private_response(page)


@require_http_methods(["GET", "POST"])
def survey_public(request, token: str):
    """Answer a client survey, once."""
    check = survey_check(token)
    if check.problem:
        return _problem(request, check.problem)
    survey = check.survey
    conf = survey_settings(firm=survey.firm)
    form = SurveyAnswerForm(request.POST or None, conf=conf)
    if request.method == "POST" and form.is_valid():
        try:
            survey_answer(survey=survey, **form.cleaned_data)
        except SurveyClosed as exc:
            return _problem(request, exc.problem)
        except ValidationError as exc:
            add_service_errors(form, exc)  # nothing was saved: the page keeps what was chosen
        else:
            return private_response(render(request, "performance/surveys/thanks.html", {"survey": survey}))
    context = {"survey": survey, "form": form, "token": token}
    page = render(request, "performance/surveys/answer.html", context)
    return private_response(page)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def survey_opt_out_public(request, token: str):
    """No more surveys to this address: one click on the button, or on the mail client's own Unsubscribe
    (an RFC 8058 POST, which carries no CSRF token: the secret token in the URL is the credential, and
    a forged POST could only stop surveys to the address that holds it). A GET only shows the button, as
    mail scanners open links; any genuine link works, answered or expired."""
    check = survey_check(token)
    if check.problem == INVALID:
        return _problem(request, INVALID)
    survey = check.survey
    if request.method == "POST":
        survey_opt_out(survey=survey)
        return private_response(render(request, "performance/surveys/opted_out.html", {"survey": survey}))
    with firm_scope(survey.firm_id):
        page = render(request, "performance/surveys/opt_out.html", {"survey": survey, "token": token})
    return private_response(page)
