"""Writes of the core: firms, memberships, engagements and their stages."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from firmops.engagements.offboarding import CLOSED, professional_offboard
from firmops.models import Engagement, EngagementStageChange, Firm, Membership, Role, Stage, User
from firmops.models.engagements import STAGE_ORDER
from firmops.signals import engagement_closed
from firmops.tenancy import firm_scope, firm_transaction


@firm_transaction
def engagement_create(
    *, firm: Firm, actor: User, name: str, owner: User | None = None, **fields
) -> Engagement:
    """Start an engagement in the audit stage, owned by a partner of the firm."""
    owner = owner or actor
    with firm_scope(firm):
        if not Membership.objects.filter(user=owner, role=Role.PARTNER, is_active=True).exists():
            raise ValidationError({"owner": "The owner of an engagement must be a partner of the firm."})
        engagement = Engagement(firm=firm, name=name.strip(), owner=owner, **fields)
        engagement.full_clean(exclude=["firm"])
        engagement.save()
        EngagementStageChange.objects.create(
            firm=firm,
            engagement=engagement,
            from_stage="",
            to_stage=engagement.stage,
            actor=actor,
            reason="Engagement started.",
        )
    return engagement


@firm_transaction
def engagement_move_stage(
    *, firm: Firm, actor: User, engagement: Engagement, to_stage: str, reason: str = ""
) -> Engagement:
    """Move an engagement along the spine; skipping a stage or going back needs a reason, and is recorded."""
    if engagement.firm_id != firm.pk:
        raise ValidationError("That engagement belongs to another firm.")
    engagement_move_check(engagement=engagement, to_stage=to_stage, reason=reason)
    if to_stage == engagement.stage:
        return engagement
    with firm_scope(firm):
        EngagementStageChange.objects.create(
            firm=firm,
            engagement=engagement,
            from_stage=engagement.stage,
            to_stage=to_stage,
            actor=actor,
            reason=reason.strip(),
        )
        engagement.stage = to_stage
        engagement.save(update_fields=["stage"])
        if to_stage == Stage.CLOSED:
            _offboard_on_close(firm=firm, actor=actor, engagement=engagement)
    return engagement


def _offboard_on_close(*, firm: Firm, actor: User, engagement: Engagement) -> None:
    """The professional's access ends with the engagement: vetting offboards its live selection on
    the signal; an account linked without one (set by hand) is offboarded here, by its own key."""
    engagement_closed.send(sender=Engagement, firm=firm, engagement=engagement, actor=actor)
    engagement.refresh_from_db(fields=["external_user"])
    user = engagement.external_user
    if user is not None:
        professional_offboard(
            firm=firm,
            actor=actor,
            engagement=engagement,
            name=user.get_full_name() or user.email,
            user=user,
            cause=CLOSED,
            reason=f"{engagement.name} closed.",
            key=f"engagement:{engagement.pk}:user:{user.pk}",
        )


def engagement_move_check(*, engagement: Engagement, to_stage: str, reason: str = "") -> None:
    """Refuse a move the service would refuse, so a page can ask for confirmation only of a valid one."""
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": f"{to_stage!r} is not a stage."})
    current, target = STAGE_ORDER.index(engagement.stage), STAGE_ORDER.index(to_stage)
    if target not in (current, current + 1) and not reason.strip():
        raise ValidationError({"reason": "Say why this engagement skips or goes back a stage."})
