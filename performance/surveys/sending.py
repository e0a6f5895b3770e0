"""Who is asked, when, and in what words: a survey when a matter closes and, while it is open, at most
once per the firm's cadence per client address; each with one reminder, none to an address that opted out.

The survey's email and its reminder are reminder rows (firmops.messaging.reminders) planned in the
transaction that creates the survey, so neither is lost or doubled; the relay reads the opt-out at
sending time, so a client who opts out after the survey still gets no reminder.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from firmops.messaging.notifications import address_opted_out, addresses_opted_out
from firmops.messaging.outbox import enqueue_on_commit
from firmops.messaging.reminders import reminder_plan
from firmops.models import Firm, User
from firmops.tasks import deliver_reminder
from firmops.tenancy import firm_scope, firm_transaction
from performance.models import Matter
from performance.surveys.links import opt_out_url, survey_token_new, survey_url
from performance.surveys.models import ClientSurvey, SurveySettings

SURVEY_KIND = "performance.client_survey"  # the survey and its reminder: one opt-out stops both
CLOSED_WITHIN = timedelta(days=14)  # a matter closed longer ago is history, not a survey to send now


def survey_settings(*, firm: Firm) -> SurveySettings:
    """The firm's settings, or the defaults (unsaved) until a partner first changes them."""
    with firm_scope(firm):
        return SurveySettings.objects.filter().first() or SurveySettings(firm=firm)


def _locked_settings(firm: Firm) -> SurveySettings:
    """The firm's settings row, created if need be and locked: one survey planner per firm at a time."""
    try:
        with transaction.atomic():
            SurveySettings.objects.get_or_create(firm=firm)
    except IntegrityError:
        pass  # created at the same moment by another process
    return SurveySettings.objects.select_for_update().get()


def _words(text: str, *, firm: Firm, matter: Matter) -> str:
    """The firm's wording with {firm} and {matter} filled in (plain replacement: never str.format on
    text a person typed)."""
    return text.replace("{firm}", firm.name).replace("{matter}", matter.name)


def _bodies(*, firm: Firm, survey: ClientSurvey, conf: SurveySettings, token: str) -> tuple[str, str]:
    greeting = f"Hello {survey.contact_name}," if survey.contact_name else "Hello,"
    expires = timezone.localtime(survey.expires_at, firm.zone)
    tail = (
        f"\n\n{survey_url(token)}\n\nNo account is needed; the link works once, until "
        f"{expires:%B %-d, %Y}.\n\nNo more surveys from {firm.name}? One click: {opt_out_url(token)}\n"
    )
    message = _words(conf.message, firm=firm, matter=survey.matter)
    first = f"{greeting}\n\n{message}{tail}"
    reminder = f"{greeting}\n\nA gentle reminder: {firm.name} would still value your answers.{tail}"
    return first, reminder


@firm_transaction
def survey_send(
    *,
    firm: Firm,
    matter: Matter,
    reason: str,
    actor: User | None = None,
    now: datetime | None = None,
) -> ClientSurvey | None:
    """Email the matter's client contact a survey with one reminder; None when the matter has no
    contact address, the address opted out, or (on closing) the closing survey went already."""
    now = now or timezone.now()
    email = matter.client_email.strip().lower()
    if not email or address_opted_out(email=email, kind=SURVEY_KIND):
        return None
    conf = survey_settings(firm=firm)
    survey = ClientSurvey(
        firm=firm,
        engagement_id=matter.engagement_id,
        matter=matter,
        reason=reason,
        contact_name=matter.client_name,
        contact_email=email,
        sent_at=now,
        expires_at=now + timedelta(days=conf.link_days),
        sent_by=actor,
    )
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        return None  # this matter's closing survey was sent already
    token = survey_token_new(survey)
    survey.save(update_fields=["token_hash"])
    first, second = _bodies(firm=firm, survey=survey, conf=conf, token=token)
    subject = _words(conf.subject, firm=firm, matter=matter)[:180]
    common = {"firm": firm, "kind": SURVEY_KIND, "to": email, "unsubscribe_url": opt_out_url(token)}
    sent = reminder_plan(**common, key=f"{survey.pk}:sent", subject=subject, body=first, due_at=now)
    remind_at = now + timedelta(days=conf.reminder_after_days)
    if remind_at < survey.expires_at:
        reminder_plan(
            **common,
            key=f"{survey.pk}:reminder",
            subject=f"Reminder: {subject}",
            body=second,
            due_at=remind_at,
        )
    if sent is not None:
        enqueue_on_commit(deliver_reminder, firm_id=firm.pk, reminder_id=sent.pk)
    return survey


def survey_send_by_staff(
    *, firm: Firm, actor: User, matter: Matter, now: datetime | None = None
) -> ClientSurvey:
    """A survey a partner or ops sends now; says plainly why when it cannot go."""
    if not matter.client_email:
        raise ValidationError({"matter": f"Matter {matter.reference} has no client email to survey."})
    survey = survey_send(firm=firm, matter=matter, reason=ClientSurvey.Reason.STAFF, actor=actor, now=now)
    if survey is None:
        raise ValidationError({"matter": f"{matter.client_email} asked {firm.name} for no more surveys."})
    return survey


def survey_on_close(*, firm: Firm, matter: Matter, now: datetime | None = None) -> ClientSurvey | None:
    """The closing survey, sent as the matter is resolved (the planner catches any this misses)."""
    now = now or timezone.now()
    if matter.resolved_on is None or matter.resolved_on < firm.today(now) - CLOSED_WITHIN:
        return None
    if not matter.client_email or not survey_settings(firm=firm).send_on_close:
        return None
    with firm_scope(firm):
        if ClientSurvey.objects.filter(matter=matter, reason=ClientSurvey.Reason.CLOSED).exists():
            return None  # sent when it first closed; a later correction sends nothing
    return survey_send(firm=firm, matter=matter, reason=ClientSurvey.Reason.CLOSED, now=now)


def plan_surveys_for_firm(firm: Firm, now: datetime) -> int:
    """Beat planner: the closing surveys not yet sent, and the periodic ones due; returns how many went."""
    today, sent = firm.today(now), 0
    with firm_scope(firm):
        asked = Matter.objects.exclude(client_email="")
        if not asked.exists():
            return 0
        conf = _locked_settings(firm)
        opted_out = addresses_opted_out(kind=SURVEY_KIND)
        if conf.send_on_close:
            closed = asked.filter(resolved_on__gte=today - CLOSED_WITHIN).exclude(
                client_surveys__reason=ClientSurvey.Reason.CLOSED
            )
            for matter in closed.order_by("resolved_on", "pk"):
                if matter.client_email.lower() not in opted_out:
                    survey = survey_send(firm=firm, matter=matter, reason=ClientSurvey.Reason.CLOSED, now=now)
                    sent += survey is not None
        if conf.open_every_days:
            every = timedelta(days=conf.open_every_days)
            recent = ClientSurvey.objects.filter(sent_at__gt=now - every)
            skip = opted_out | set(recent.values_list("contact_email", flat=True))
            due = asked.filter(resolved_on__isnull=True, intake_on__lte=today - every)
            for matter in due.order_by("intake_on", "pk"):
                email = matter.client_email.lower()
                if email in skip:
                    continue  # asked within the cadence already (about this matter or another)
                skip.add(email)
                survey = survey_send(firm=firm, matter=matter, reason=ClientSurvey.Reason.PERIODIC, now=now)
                sent += survey is not None
    return sent


@firm_transaction
def survey_settings_update(*, firm: Firm, actor: User, **fields) -> SurveySettings:
    """Save the firm's cadence and wording (the form checked each field); the next sends use them."""
    conf, _ = SurveySettings.objects.get_or_create(firm=firm)
    for name, value in fields.items():
        setattr(conf, name, value.strip() if isinstance(value, str) else value)
    conf.full_clean(exclude=["firm"])
    if conf.reminder_after_days >= conf.link_days:
        raise ValidationError({"reminder_after_days": "Remind before the link expires."})
    conf.save()
    return conf
