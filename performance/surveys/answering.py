"""The client's side: an answer recorded once, and an opt-out kept per address."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from firmops.messaging.notifications import address_opt_out
from firmops.messaging.reminders import reminders_cancel
from firmops.secure_links import link_problem
from firmops.tenancy import firm_scope
from performance.models import SurveyResponse
from performance.surveys.models import ClientSurvey
from performance.surveys.sending import SURVEY_KIND

RANGES = {"satisfaction": (1, 5), "speed": (1, 5), "recommend": (0, 10)}
MAX_COMMENT = 4000


class SurveyClosed(Exception):
    """The survey was answered (or its link expired) between opening the page and sending it."""

    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


def _score(field: str, value) -> int:
    low, high = RANGES[field]
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError({field: f"Choose a whole number from {low} to {high}; got {value!r}."})
    return number


def survey_answer(
    *, survey: ClientSurvey, satisfaction, speed, recommend, comment: str = "", now: datetime | None = None
) -> SurveyResponse:
    """Record the client's answers once: checked whole before anything is written, the survey locked so a
    second submit (another tab, a double click) finds it answered; its reminder is dropped."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    scores = {}
    for field, value in (("satisfaction", satisfaction), ("speed", speed), ("recommend", recommend)):
        try:
            scores[field] = _score(field, value)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = f"Keep it under {MAX_COMMENT} characters (it has {len(comment)})."
    if errors:
        raise ValidationError(errors)
    with firm_scope(survey.firm_id):
        locked = ClientSurvey.objects.select_for_update().select_related("firm").get(pk=survey.pk)
        problem = link_problem(used=locked.answered_at is not None, expires_at=locked.expires_at, now=now)
        if problem:
            raise SurveyClosed(problem)
        response = SurveyResponse.objects.create(
            firm_id=locked.firm_id,
            engagement_id=locked.engagement_id,
            matter_id=locked.matter_id,
            score=scores["satisfaction"],
            speed=scores["speed"],
            recommend=scores["recommend"],
            comment=comment,
            source=SurveyResponse.Source.LINK,
            survey=locked,
            received_on=locked.firm.today(now),
        )
        locked.answered_at = now
        locked.save(update_fields=["answered_at"])
        reminders_cancel(firm=locked.firm, dedupe_key=f"{SURVEY_KIND}:{locked.pk}:reminder")
    return response


def survey_opt_out(*, survey: ClientSurvey) -> bool:
    """No more surveys to this survey's address from its firm, reminders already planned included."""
    firm = survey.firm
    created = address_opt_out(firm=firm, email=survey.contact_email, kind=SURVEY_KIND)
    with firm_scope(firm):
        pending = ClientSurvey.objects.filter(contact_email=survey.contact_email, answered_at__isnull=True)
        for pk in pending.values_list("pk", flat=True):
            reminders_cancel(firm=firm, dedupe_key=f"{SURVEY_KIND}:{pk}:reminder")
    return created
