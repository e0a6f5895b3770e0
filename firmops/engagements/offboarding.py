"""A professional's way out: the core takes back what it grants (membership, sessions, the engagement)
and tells the phase apps, which add their own part (onboarding's exit checklist) on the signal."""

from __future__ import annotations

from firmops.models import Engagement, Firm, Membership, Role, Stage, User
from firmops.services import user_sessions_end
from firmops.signals import professional_offboarded
from firmops.tenancy import firm_scope, firm_transaction

REPLACED, TRIAL_ENDED, CLOSED = "replaced", "trial_ended", "closed"
CAUSES = {
    REPLACED: "replaced",
    TRIAL_ENDED: "trial ended without confirming",
    CLOSED: "engagement closed",
}


@firm_transaction
def professional_offboard(
    *,
    firm: Firm,
    actor: User | None,
    engagement: Engagement,
    name: str,
    user: User | None,
    cause: str,
    reason: str = "",
    key: str,
) -> bool:
    """End a professional's access to an engagement, at once, in the caller's transaction; True when
    their membership was deactivated (and so every session of theirs ended).

    Only an outsourced professional's membership is touched (never a member of staff who happens to
    be linked), and it stays while they still work on another open engagement of the firm: this one
    is then closed to them by `external_user` alone. Calling it again for the same person writes
    nothing: the membership is already inactive and the exit checklist's `key` already used.
    """
    if cause not in CAUSES:
        raise ValueError(f"{cause!r} is not a cause of offboarding; use one of {', '.join(CAUSES)}")
    if engagement.firm_id != firm.pk:
        raise ValueError("That engagement belongs to another firm.")
    deactivated = False
    with firm_scope(firm):
        if user is not None and engagement.external_user_id == user.pk:
            engagement.external_user = None
            engagement.save(update_fields=["external_user"])
        membership = Membership.objects.filter(user=user).first() if user is not None else None
        if membership is not None and membership.role == Role.EXTERNAL and membership.is_active:
            still_working = (
                Engagement.objects.filter(external_user=user)
                .exclude(pk=engagement.pk)
                .exclude(stage=Stage.CLOSED)
                .exists()
            )
            if not still_working:
                membership.is_active = False
                membership.save(update_fields=["is_active"])
                deactivated = True
        if deactivated:
            user_sessions_end(user_id=user.pk)
        professional_offboarded.send(
            sender=Engagement,
            firm=firm,
            actor=actor,
            engagement=engagement,
            name=name,
            user=user,
            cause=cause,
            reason=reason,
            key=key,
            deactivated=deactivated,
        )
    return deactivated
