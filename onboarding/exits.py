"""The exit checklist, the access checklist's mirror: what to take back from a professional who leaves.

Opened on firmops.signals.professional_offboarded (replaced, trial ended, engagement closed) from the
same systems the entry checklist gave access to, then ticked off item by item by ops or a partner.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from firmops.messaging.emails import notification_send
from firmops.models import Engagement, Firm, Membership, Role, User
from firmops.permissions import MANAGERS
from firmops.selectors import firm_members
from firmops.tenancy import firm_scope, firm_transaction
from onboarding import selectors
from onboarding.models import AccessCheck, ExitCheck, ExitChecklist


def _systems(*, firm: Firm, engagement: Engagement) -> tuple[list[str], AccessCheck | None]:
    """The systems of the entry checklist (and any active tool it lacks), and a check granted under
    an NDA on file, to name that NDA in the reminder."""
    plan = selectors.plan_for(firm=firm, engagement=engagement)
    checks = selectors.access_checks(firm=firm, plan=plan) if plan else []
    names = [c.system for c in checks]
    names += [t.name for t in selectors.tools_for(firm=firm) if t.name not in names]
    with_nda = next((c for c in checks if c.nda_document_id), None)
    return names, with_nda


OPENED_KIND = "onboarding.exit_checklist"


@firm_transaction
def exit_checklist_open(
    *,
    firm: Firm,
    actor: User | None,
    engagement: Engagement,
    name: str,
    user: User | None,
    cause: str,
    reason: str,
    key: str,
    deactivated: bool = False,
) -> tuple[ExitChecklist, bool]:
    """The exit checklist of one offboarding, created once per key; (checklist, created)."""
    with firm_scope(firm):
        existing = ExitChecklist.objects.filter(key=key).first()
        if existing is not None:
            return existing, False
        checklist = ExitChecklist.objects.create(
            firm=firm,
            engagement=engagement,
            key=key,
            professional_name=name,
            professional_user=user,
            cause=cause,
            reason=reason[:2000],
            membership_deactivated=deactivated,
            opened_by=actor,
        )
        systems, with_nda = _systems(firm=firm, engagement=engagement)
        nda = ""
        if with_nda is not None:
            nda = (
                f" (the NDA on file: {with_nda.nda_document.label}, version {with_nda.nda_document.version})"
            )
        rows = [
            (ExitCheck.Kind.ACCESS, system, f"Remove {name}'s access to {system}: disable the named account")
            for system in systems
        ]
        rows += [
            (
                ExitCheck.Kind.FILES,
                "",
                f"Get the firm's files back from {name}: copies and downloads returned or deleted, "
                "confirmed in writing",
            ),
            (
                ExitCheck.Kind.NDA,
                "",
                f"Remind {name} in writing that the NDA's confidentiality outlives the work{nda}",
            ),
        ]
        ExitCheck.objects.bulk_create(
            ExitCheck(firm=firm, checklist=checklist, kind=kind, system=system, title=title[:300], position=i)
            for i, (kind, system, title) in enumerate(rows)
        )
        _notify_opened(firm=firm, checklist=checklist, titles=[title for _, _, title in rows])
    return checklist, True


def _notify_opened(*, firm: Firm, checklist: ExitChecklist, titles: list[str]) -> None:
    """Ops and the engagement's partner hear of it at once (bell and email), once each per checklist:
    the key holds even if the offboarding signal is handled twice."""
    engagement = checklist.engagement
    members = firm_members(firm=firm, roles=(Role.OPS, Role.PARTNER))
    recipients = {
        m.user_id: m.user for m in members if m.role == Role.OPS or m.user_id == engagement.owner_id
    }
    path = reverse("onboarding:access", args=[firm.slug, engagement.pk]) + "#exit"
    name = checklist.professional_name
    lines = "\n".join(f"- {t}" for t in titles)
    for user in recipients.values():
        notification_send(
            firm=firm,
            recipient=user,
            kind=OPENED_KIND,
            subject=f"Exit checklist for {name} on {engagement.name}: {len(titles)} items to tick off"[:200],
            body=(
                f"{name} left {engagement.name} ({checklist.get_cause_display().lower()}). Take back what "
                f"they could still use, and tick each item off as it is done:\n\n{lines}\n\n"
                f"The checklist: {settings.SITE_URL.rstrip('/')}{path}\n"
            ),
            url=path,
            key=f"{checklist.pk}:{user.pk}",
        )


def open_on_offboarding(sender, **event) -> None:
    """Receiver of firmops.signals.professional_offboarded."""
    event.pop("signal", None)
    exit_checklist_open(**event)


@firm_transaction
def exit_check_tick(*, firm: Firm, actor: User, membership: Membership, check: ExitCheck) -> ExitCheck:
    """Tick one exit item off, once: who and when are kept on the row (and in the audit trail)."""
    if membership.role not in MANAGERS:
        raise PermissionDenied("Only ops staff or a partner can tick off the exit checklist.")
    with firm_scope(firm):
        locked = ExitCheck.objects.select_for_update().get(pk=check.pk)
        if locked.done_at is not None:
            who = locked.done_by.display_name if locked.done_by else "a former member"
            raise ValidationError(
                f"“{locked.title}” was already ticked off by {who} on {locked.done_at:%b %-d, %Y at %H:%M}."
            )
        locked.done_at, locked.done_by = timezone.now(), actor
        locked.save(update_fields=["done_at", "done_by"])
    return locked


def exit_checklists(*, firm: Firm, engagement: Engagement) -> list[ExitChecklist]:
    """The engagement's exit checklists, newest first, each with its items and who ticked them."""
    checks = ExitCheck.objects.for_firm(firm).select_related("done_by")
    return list(
        ExitChecklist.objects.for_firm(firm)
        .filter(engagement=engagement)
        .select_related("opened_by")
        .prefetch_related(Prefetch("checks", queryset=checks))
    )


def open_exit_checks(*, firm: Firm, engagement: Engagement) -> list[ExitCheck]:
    """Exit items of the engagement still to tick, oldest checklist first (the next action's count)."""
    return list(
        ExitCheck.objects.for_firm(firm)
        .filter(checklist__engagement=engagement, done_at__isnull=True)
        .select_related("checklist")
        .order_by("checklist__opened_at", "checklist_id", "position", "pk")
    )


def engagement_ids_with_open_exit_checks(*, firm: Firm, stage: str) -> set[int]:
    """Ids of the firm's engagements at `stage` with an exit item still to tick (one query)."""
    return set(
        ExitCheck.objects.for_firm(firm)
        .filter(done_at__isnull=True, checklist__engagement__stage=stage)
        .values_list("checklist__engagement_id", flat=True)
        .distinct()
    )
