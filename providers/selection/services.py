"""Writes of vetting: providers, their professionals, questionnaire templates, and the selection.

Questionnaire links and answers live in providers.questionnaires.services.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from firmops.engagements.offboarding import CLOSED, REPLACED, TRIAL_ENDED, professional_offboard
from firmops.engagements.services import engagement_move_stage
from firmops.messaging.emails import send_on_commit
from firmops.messaging.reminders import reminder_plan, reminders_cancel
from firmops.models import Engagement, Firm, Stage, User
from firmops.tenancy import firm_scope, firm_transaction
from providers.evidence.selectors import evidence_standing
from providers.evidence.services import evidence_override_reason
from providers.models import Professional, Selection
from providers.selection.selectors import current_selection

TRIAL_DAYS = 7
TRIAL_REMINDER_BEFORE = timedelta(days=2)
TRIAL_REMINDER_KIND = "providers.trial_ending"
MIN_RATIONALE_CHARS = 10
DEFAULT_REPLACEMENT_REASON = "Not the right fit during the trial."
DEFAULT_TRIAL_END_REASON = "The trial ended without confirming."


def _engagement_url(firm: Firm, engagement: Engagement) -> str:
    path = reverse("providers:compare", args=[firm.slug, engagement.pk])
    return settings.SITE_URL.rstrip("/") + path


@firm_transaction
def selection_create(
    *,
    firm: Firm,
    actor: User,
    engagement: Engagement,
    professional: Professional,
    rationale: str,
    trial_days: int = TRIAL_DAYS,
) -> Selection:
    """Choose a provider's professional: record why, start the trial, move the engagement to onboarding."""
    if engagement.firm_id != firm.pk or professional.firm_id != firm.pk:
        raise ValidationError("That engagement or professional belongs to another firm.")
    rationale = (rationale or "").strip()
    if len(rationale) < MIN_RATIONALE_CHARS:
        raise ValidationError(
            {"rationale": "Record why this provider and professional: the rationale is kept."}
        )
    if isinstance(trial_days, bool) or not isinstance(trial_days, int) or not 1 <= trial_days <= 90:
        raise ValidationError({"trial_days": "A trial lasts from 1 to 90 days."})
    with firm_scope(firm):
        engagement = Engagement.objects.select_for_update().select_related("owner").get(pk=engagement.pk)
        if engagement.stage == Stage.CLOSED:
            raise ValidationError("This engagement is closed.")
        live = current_selection(firm=firm, engagement=engagement)
        if live is not None:
            raise ValidationError(
                f"{live.professional.name} is already selected; request a replacement before choosing "
                "someone else."
            )
        professional = Professional.objects.select_related("provider").get(pk=professional.pk)
        provider = professional.provider
        if provider.engagement_id not in (None, engagement.pk):
            raise ValidationError({"professional": f"{provider.name} is on another engagement's shortlist."})
        if professional.status in (Professional.Status.DECLINED, Professional.Status.REPLACED):
            raise ValidationError(
                {"professional": f"{professional.name} was {professional.get_status_display().lower()}."}
            )
        selection = Selection.objects.create(
            firm=firm,
            engagement=engagement,
            provider=provider,
            professional=professional,
            rationale=rationale,
            selected_by=actor,
            trial_days=trial_days,
        )
        professional.status = Professional.Status.SELECTED
        professional.save(update_fields=["status"])
        if provider.engagement_id is None:
            provider.engagement = engagement
            provider.save(update_fields=["engagement"])
        if professional.user_id:
            engagement.external_user_id = professional.user_id
            engagement.save(update_fields=["external_user"])
    engagement_move_stage(
        firm=firm,
        actor=actor,
        engagement=engagement,
        to_stage=Stage.ONBOARDING,
        reason=f"Selected {professional.name} of {provider.name}: {rationale}",
    )
    ends = selection.selected_at + timedelta(days=trial_days)
    reminder_plan(
        firm=firm,
        kind=TRIAL_REMINDER_KIND,
        key=str(selection.pk),
        to=engagement.owner,
        subject=f"{professional.name}'s trial ends on {selection.trial_ends_on:%B %-d}",
        body=(
            f"The {trial_days}-day trial of {professional.name} ({provider.name}) on {engagement.name} ends "
            "on "
            f"{selection.trial_ends_on:%B %-d, %Y}.\n\nConfirm them, or request a replacement while the "
            "trial "
            f"guarantee still applies: {_engagement_url(firm, engagement)}\n"
        ),
        due_at=max(selection.selected_at, ends - TRIAL_REMINDER_BEFORE),
        url=_engagement_url(firm, engagement),
    )
    return selection


@firm_transaction
def selection_confirm(
    *, firm: Firm, actor: User, selection: Selection, override_reason: str = ""
) -> Selection:
    """Keep the professional after the trial; while required evidence is missing or expired, only
    with an override reason, kept on the selection (and so in the audit trail)."""
    with firm_scope(firm):
        locked = (
            Selection.objects.select_for_update(of=("self",))
            .select_related("provider", "professional")
            .get(pk=selection.pk)
        )
        if locked.status != Selection.Status.TRIAL:
            raise ValidationError("Only a selection in trial can be confirmed.")
        standing = evidence_standing(firm=firm, provider=locked.provider, professional=locked.professional)
        reason = evidence_override_reason(
            standing=standing, reason=override_reason, action="confirm after the trial"
        )
        locked.status, locked.confirmed_at = Selection.Status.CONFIRMED, timezone.now()
        locked.evidence_override_reason = reason
        locked.evidence_override_gaps = [str(g) for g in standing.gaps]
        locked.save(
            update_fields=["status", "confirmed_at", "evidence_override_reason", "evidence_override_gaps"]
        )
    reminders_cancel(firm=firm, dedupe_key=f"{TRIAL_REMINDER_KIND}:{locked.pk}")
    return locked


def _selection_stop(
    *, firm: Firm, actor: User, selection: Selection, status: str, reason: str, stage_reason: str
) -> Selection:
    """Stop a live selection (replaced, or its trial ended): record who, when and why, end the
    professional's access in this transaction (engagement, membership, every session; onboarding
    opens the exit checklist), cancel the trial reminder and reopen vetting."""
    with firm_scope(firm):
        locked = (
            Selection.objects.select_for_update()
            .select_related("engagement", "provider", "professional")
            .get(pk=selection.pk)
        )
        if locked.status == Selection.Status.REPLACED:
            raise ValidationError("A replacement was already requested for this selection.")
        if locked.status == Selection.Status.ENDED:
            raise ValidationError(
                f"The trial of {locked.professional.name} already ended on {locked.replaced_at:%b %-d, %Y}."
            )
        if status == Selection.Status.ENDED and locked.status != Selection.Status.TRIAL:
            raise ValidationError(
                f"{locked.professional.name} was confirmed after the trial: request a replacement instead."
            )
        was = "during the trial" if locked.confirmed_at is None else "after confirming"
        locked.status, locked.replaced_at, locked.replaced_by = status, timezone.now(), actor
        locked.replacement_reason = reason
        locked.save(update_fields=["status", "replaced_at", "replaced_by", "replacement_reason"])
        professional, engagement = locked.professional, locked.engagement
        professional.status = (
            Professional.Status.REPLACED
            if status == Selection.Status.REPLACED
            else Professional.Status.DECLINED
        )
        professional.save(update_fields=["status"])
        replaced = status == Selection.Status.REPLACED
        professional_offboard(
            firm=firm,
            actor=actor,
            engagement=engagement,
            name=professional.name,
            user=professional.user,
            cause=REPLACED if replaced else TRIAL_ENDED,
            reason=f"Replaced {was}: {reason}" if replaced else reason,
            key=f"selection:{locked.pk}",
        )
    reminders_cancel(firm=firm, dedupe_key=f"{TRIAL_REMINDER_KIND}:{locked.pk}")
    if engagement.stage != Stage.VETTING:
        engagement_move_stage(
            firm=firm,
            actor=actor,
            engagement=engagement,
            to_stage=Stage.VETTING,
            reason=f"{stage_reason} ({locked.provider.name}): {reason}",
        )
    return locked


@firm_transaction
def selection_request_replacement(
    *, firm: Firm, actor: User, selection: Selection, reason: str = ""
) -> Selection:
    """Not the right person: mark the selection replaced, tell the provider, and reopen vetting."""
    reason = (reason or "").strip() or DEFAULT_REPLACEMENT_REASON
    name = selection.professional.name
    locked = _selection_stop(
        firm=firm,
        actor=actor,
        selection=selection,
        status=Selection.Status.REPLACED,
        reason=reason,
        stage_reason=f"Replacement requested for {name}",
    )
    professional, engagement, provider = locked.professional, locked.engagement, locked.provider
    if provider.contact_email:
        send_on_commit(
            firm=firm,
            key=f"replacement:{locked.pk}",
            to=[provider.contact_email],
            subject=f"{firm.name} requests a replacement for {professional.name}",
            body=(
                f"{firm.name} requests a replacement for {professional.name} on {engagement.name}, "
                f"under your trial guarantee.\n\nReason: {reason}\n\nPlease propose another professional.\n"
            ),
        )
    return locked


@firm_transaction
def selection_end_trial(*, firm: Firm, actor: User, selection: Selection, reason: str = "") -> Selection:
    """End the trial without confirming and without asking for someone else (the firm stops here,
    or will look elsewhere): the professional's access ends, the provider is told, vetting reopens."""
    reason = (reason or "").strip() or DEFAULT_TRIAL_END_REASON
    locked = _selection_stop(
        firm=firm,
        actor=actor,
        selection=selection,
        status=Selection.Status.ENDED,
        reason=reason,
        stage_reason=f"Trial of {selection.professional.name} ended without confirming",
    )
    professional, engagement, provider = locked.professional, locked.engagement, locked.provider
    if provider.contact_email:
        send_on_commit(
            firm=firm,
            key=f"trial-ended:{locked.pk}",
            to=[provider.contact_email],
            subject=f"{firm.name} ends the trial of {professional.name}",
            body=(
                f"{firm.name} ends the trial of {professional.name} on {engagement.name} without "
                f"confirming, and asks for no replacement.\n\nReason: {reason}\n\n"
                f"{professional.name}'s access to {firm.name}'s systems is being removed.\n"
            ),
        )
    return locked


def selection_offboard_on_close(sender, *, firm: Firm, engagement: Engagement, actor: User | None, **kwargs):
    """The engagement closed (firmops.signals.engagement_closed): its professional's access ends with it."""
    selection = current_selection(firm=firm, engagement=engagement)
    if selection is None:
        return  # nobody selected, or already replaced (and offboarded then)
    reminders_cancel(firm=firm, dedupe_key=f"{TRIAL_REMINDER_KIND}:{selection.pk}")
    professional_offboard(
        firm=firm,
        actor=actor,
        engagement=engagement,
        name=selection.professional.name,
        user=selection.professional.user,
        cause=CLOSED,
        reason=f"{engagement.name} closed.",
        key=f"selection:{selection.pk}",
    )
