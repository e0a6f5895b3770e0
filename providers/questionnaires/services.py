"""Questionnaire links and answers: sending, the provider's draft and submission, scoring, adjustments.

A link carries a signed token naming the firm, the questionnaire and a random secret. Only a hash
of the secret is stored, so neither a forged signature nor a copy of the database opens one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from firmops.messaging.emails import send_on_commit
from firmops.messaging.reminders import reminder_plan, reminders_cancel
from firmops.models import Firm, Reminder, User
from firmops.tenancy import firm_scope, firm_transaction
from providers.models import (
    Answer,
    Provider,
    Questionnaire,
    QuestionnaireTemplate,
    ScoreAdjustment,
)
from providers.questionnaires.answering import ANSWERED_KIND as ANSWERED_KIND  # the face re-exports
from providers.questionnaires.answering import MAX_ANSWER_CHARS as MAX_ANSWER_CHARS
from providers.questionnaires.answering import REMINDER_KIND, effective_total
from providers.questionnaires.answering import questionnaire_answer as questionnaire_answer
from providers.questionnaires.links import link_renew, questionnaire_link
from providers.questionnaires.questions import BUILTIN_NAME, builtin_questions, validate_questions
from providers.roles.selectors import role_definition_for, role_rows

LINK_DAYS = 14
MAX_LINK_DAYS = 90
REMINDER_AFTER = timedelta(days=3)


def _check_days(days: int) -> int:
    if not isinstance(days, int) or not 1 <= days <= MAX_LINK_DAYS:
        raise ValidationError({"days": f"A link can stay open from 1 to {MAX_LINK_DAYS} days."})
    return days


def _role_line(questionnaire: Questionnaire) -> str:
    """One paragraph naming the role the link shows, when the engagement has one."""
    with firm_scope(questionnaire.firm_id):  # also called after the sending scope has closed
        role = role_definition_for(firm=questionnaire.firm, engagement=questionnaire.engagement)
    if role is None:
        return ""
    hours = sum((r.hours_per_week for r in role_rows(role)), Decimal("0"))
    return (
        f"The link also shows the role you are answering for: {role.title}, about "
        f"{hours.quantize(Decimal('0.1')).normalize():f} hours a week "
        f"({', '.join(r.label for r in role_rows(role))}).\n\n"
    )


def _invite_email(*, questionnaire: Questionnaire, link: str, actor: User | None) -> None:
    provider, firm = questionnaire.provider, questionnaire.firm
    sender = actor.display_name if actor else firm.name
    greeting = f"Hello {provider.contact_name}," if provider.contact_name else "Hello,"
    send_on_commit(
        firm=firm,
        key=f"questionnaire:{questionnaire.pk}:{questionnaire.link_version}",
        to=[questionnaire.sent_to],
        subject=f"{firm.name}: vetting questionnaire for {provider.name}",
        body=(
            f"{greeting}\n\n{sender} at {firm.name} is considering {provider.name} and asks you to answer "
            f"{len(questionnaire.questions)} questions through this private link (no account "
            f"needed):\n\n{link}\n\n{_role_line(questionnaire)}"
            "You can save a draft and come back to it; you can submit once. "
            "The link expires on "
            f"{timezone.localtime(questionnaire.expires_at, firm.zone):%B %-d, %Y at %H:%M} "
            f"({firm.time_zone}).\n\nConcrete steps, numbers, time limits and named controls help us more "
            "than "
            "general assurances.\n\nPlease do not forward this link: anyone who has it can answer for you.\n"
        ),
    )


@firm_transaction
def questionnaire_send(
    *,
    firm: Firm,
    actor: User | None,
    provider: Provider,
    template: QuestionnaireTemplate | None = None,
    days: int = LINK_DAYS,
    to_email: str = "",
    notify: bool = True,
) -> tuple[Questionnaire, str]:
    """Email a provider contact a link to the firm's template or the built-in one; returns it and the link."""
    if provider.firm_id != firm.pk or (template is not None and template.firm_id != firm.pk):
        raise ValidationError("That provider or template belongs to another firm.")
    to_email = (to_email or provider.contact_email).strip().lower()
    if not to_email:
        raise ValidationError(
            {"to_email": f"{provider.name} has no contact email: add one, or give an address to send to."}
        )
    days = _check_days(days)
    with firm_scope(firm):
        questionnaire = Questionnaire(
            firm=firm,
            provider=provider,
            engagement=provider.engagement,
            template=template,
            template_name=template.name if template else BUILTIN_NAME,
            questions=template.questions if template else builtin_questions(),
            sent_to=to_email,
            sent_by=actor,
            expires_at=timezone.now() + timedelta(days=days),
            token_hash="-",
        )
        questionnaire.full_clean(exclude=["firm", "token_hash"])
        questionnaire.save()
        token = link_renew(questionnaire)
        questionnaire.save(update_fields=["token_hash"])
    link = questionnaire_link(token)
    if notify:
        _invite_email(questionnaire=questionnaire, link=link, actor=actor)
    return questionnaire, link


@firm_transaction
def questionnaire_resend(
    *,
    firm: Firm,
    actor: User | None,
    questionnaire: Questionnaire,
    days: int = LINK_DAYS,
    notify: bool = True,
) -> str:
    """A new link for an unanswered questionnaire (the old one stops working); drafts are kept."""
    if questionnaire.firm_id != firm.pk:
        raise ValidationError("That questionnaire belongs to another firm.")
    days = _check_days(days)
    with firm_scope(firm):
        locked = (
            Questionnaire.objects.select_for_update()
            .select_related("provider", "firm")
            .get(pk=questionnaire.pk)
        )
        if locked.submitted_at:
            raise ValidationError("This questionnaire was submitted already; its answers cannot change.")
        reminders_cancel(firm=firm, key_prefix=f"{REMINDER_KIND}:{locked.pk}:")
        token = link_renew(locked)
        locked.link_version += 1
        locked.sent_at, locked.expires_at, locked.sent_by = (
            timezone.now(),
            timezone.now() + timedelta(days=days),
            actor,
        )
        locked.save(update_fields=["token_hash", "link_version", "sent_at", "expires_at", "sent_by"])
    link = questionnaire_link(token)
    if notify:
        _invite_email(questionnaire=locked, link=link, actor=actor)
    return link


@firm_transaction
def answer_adjust(*, firm: Firm, actor: User, answer: Answer, score: int, comment: str) -> Answer:
    """A reviewer overrides a rubric score; the comment, who and when are kept, and the total follows."""
    if answer.firm_id != firm.pk:
        raise ValidationError("That answer belongs to another firm.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Say why the score changes: the next reviewer will read it."})
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
        raise ValidationError({"score": "A score is a whole number from 0 to 100."})
    with firm_scope(firm):
        locked = Answer.objects.select_for_update().select_related("questionnaire").get(pk=answer.pk)
        if locked.score is None:
            raise ValidationError("Only submitted, scored answers can be adjusted.")
        now = timezone.now()
        ScoreAdjustment.objects.create(
            firm=firm,
            answer=locked,
            from_score=locked.effective_score,
            to_score=score,
            comment=comment,
            adjusted_by=actor,
            adjusted_at=now,
        )
        locked.adjusted_score, locked.adjustment_comment, locked.adjusted_by, locked.adjusted_at = (
            score,
            comment,
            actor,
            now,
        )
        locked.save(update_fields=["adjusted_score", "adjustment_comment", "adjusted_by", "adjusted_at"])
        questionnaire = locked.questionnaire
        questionnaire.total_score = effective_total(questionnaire)
        questionnaire.save(update_fields=["total_score"])
    return locked


def plan_questionnaire_reminders(firm: Firm, now: datetime) -> int:
    """Beat planner: remind each provider contact once, three days after sending, if still unanswered."""
    planned = 0
    with firm_scope(firm):
        due = Questionnaire.objects.filter(
            submitted_at__isnull=True, sent_at__lte=now - REMINDER_AFTER, expires_at__gt=now
        ).select_related("provider")
        existing = set(Reminder.objects.filter(kind=REMINDER_KIND).values_list("dedupe_key", flat=True))
        for questionnaire in due:
            key = f"{questionnaire.pk}:{questionnaire.link_version}"
            if f"{REMINDER_KIND}:{key}" in existing:
                continue
            expires = timezone.localtime(questionnaire.expires_at, firm.zone)
            # The link is not repeated: reminders are stored, and a stored link would open the questionnaire.
            created = reminder_plan(
                firm=firm,
                kind=REMINDER_KIND,
                key=key,
                to=questionnaire.sent_to,
                subject=f"Reminder: {firm.name}'s vetting questionnaire for {questionnaire.provider.name}",
                body=(
                    f"{firm.name} sent you a vetting questionnaire for {questionnaire.provider.name} on "
                    f"{timezone.localtime(questionnaire.sent_at, firm.zone):%B %-d}, and it is not answered "
                    "yet.\n\n"
                    f'Open the private link in that email (subject "{firm.name}: vetting questionnaire for '
                    f'{questionnaire.provider.name}"); it works until '
                    f"{expires:%B %-d, %Y at %H:%M} ({firm.time_zone}). "
                    "If you cannot find it, reply to the person who sent it and ask for a new link.\n"
                ),
                due_at=questionnaire.sent_at + REMINDER_AFTER,
            )
            planned += created is not None
    return planned


@firm_transaction
def template_create(
    *, firm: Firm, actor: User | None, name: str, questions: list | None = None, description: str = ""
) -> QuestionnaireTemplate:
    """A firm template: the given questions, or a copy of the built-in ones to edit."""
    questions = validate_questions(questions if questions is not None else builtin_questions())
    name = (name or "").strip()
    with firm_scope(firm):
        if not name:
            raise ValidationError({"name": "Give the template a name."})
        if name == BUILTIN_NAME or QuestionnaireTemplate.objects.filter(name=name).exists():
            raise ValidationError({"name": f"A template called {name!r} exists already."})
        return QuestionnaireTemplate.objects.create(
            firm=firm, name=name, description=description.strip(), questions=questions, created_by=actor
        )


@firm_transaction
def template_update(
    *,
    firm: Firm,
    template: QuestionnaireTemplate,
    name: str | None = None,
    questions: list | None = None,
    description: str | None = None,
) -> QuestionnaireTemplate:
    """Edit a template; questionnaires already sent keep the questions they were sent with."""
    if template.firm_id != firm.pk:
        raise ValidationError("That template belongs to another firm.")
    with firm_scope(firm):
        if name is not None:
            name = name.strip()
            if not name:
                raise ValidationError({"name": "Give the template a name."})
            if (
                name == BUILTIN_NAME
                or QuestionnaireTemplate.objects.filter(name=name).exclude(pk=template.pk).exists()
            ):
                raise ValidationError({"name": f"A template called {name!r} exists already."})
            template.name = name
        if questions is not None:
            template.questions = validate_questions(questions)
        if description is not None:
            template.description = description.strip()
        template.save()
    return template


@firm_transaction
def template_delete(*, firm: Firm, template: QuestionnaireTemplate) -> None:
    """Delete a template; questionnaires sent with it keep their own copy of the questions."""
    with firm_scope(firm):
        template.delete()
