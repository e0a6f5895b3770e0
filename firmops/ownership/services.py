"""Writes of a firm's data ownership: a partner asks for an export, schedules the firm's deletion, or
cancels it. Pages and the API check the role and the re-authentication; these check everything else."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from firmops.messaging.emails import notification_send
from firmops.messaging.outbox import enqueue_on_commit
from firmops.messaging.reminders import reminder_plan, reminders_cancel
from firmops.models import Firm, FirmDeletion, FirmExport, FirmExportProgress, Membership, Role, User
from firmops.ownership.selectors import scheduled_deletion
from firmops.tasks import build_firm_export
from firmops.tenancy import firm_transaction

DELETION_KIND = "firmops.firm_deletion"
WARN_BEFORE = datetime.timedelta(days=3)  # every partner is reminded this long before the deletion runs


def _running_export() -> FirmExport | None:
    return FirmExport.objects.filter(status__in=FirmExport.RUNNING).order_by("pk").first()


@firm_transaction
def firm_export_request(*, firm: Firm, actor: User) -> tuple[FirmExport, bool]:
    """Queue an export of everything the firm owns; (export, created).

    Asked while one is queued or building, the answer is that job (created False): two clicks, two
    tabs or two partners at once get one job, not two. The partial unique index settles a true race.
    """
    running = _running_export()
    if running is not None:
        return running, False
    try:
        with transaction.atomic():
            export = FirmExport.objects.create(firm=firm, requested_by=actor)
    except IntegrityError:  # another request inserted its job between our look and our insert
        return _running_export(), False
    FirmExportProgress.objects.create(firm=firm, export=export)
    enqueue_on_commit(build_firm_export, firm_id=firm.pk, export_id=export.pk)
    return export, True


@firm_transaction
def firm_export_record_download(*, firm: Firm, export: FirmExport, actor: User) -> FirmExport:
    """Count the download on the export's row, so the trail shows who took the firm's data, and when."""
    export = FirmExport.objects.select_for_update().get(pk=export.pk)
    export.downloads += 1
    export.last_downloaded_at, export.last_downloaded_by = timezone.now(), actor
    export.save(update_fields=["downloads", "last_downloaded_at", "last_downloaded_by"])
    return export


def _partners(firm: Firm) -> list[User]:
    rows = Membership.objects.filter(role=Role.PARTNER, is_active=True).select_related("user")
    return [m.user for m in rows.order_by("user__email")]


def _data_url(firm: Firm) -> str:
    return reverse("firm:data", kwargs={"firm_slug": firm.slug})


def _tell_partners(
    firm: Firm, deletion: FirmDeletion, event: str, *, subject: str, body: str, due_at=None
) -> None:
    """Every active partner, by email and bell: now (the kick after commit), or at `due_at` (relay)."""
    for partner in _partners(firm):
        fields = dict(firm=firm, kind=DELETION_KIND, subject=subject, body=body, url=_data_url(firm))
        key = f"{deletion.pk}:{event}:{partner.pk}"
        if due_at is None:
            notification_send(recipient=partner, key=key, **fields)
        else:
            reminder_plan(to=partner, key=key, due_at=due_at, **fields)


def _already(deletion: FirmDeletion) -> ValidationError:
    who = deletion.requested_by.display_name if deletion.requested_by else "a partner"
    return ValidationError(
        f"A deletion of this firm is already scheduled for {deletion.due_at:%B %-d, %Y}, asked by {who} "
        f"on {deletion.requested_at:%B %-d}. Nothing was scheduled twice; any partner can cancel it."
    )


def firm_deletion_name_check(*, firm: Firm, confirm_name: str) -> None:
    """The typed confirmation: the firm's name exactly (checked first, before anything is asked of
    the person, so a typo is named as such)."""
    if (confirm_name or "").strip() != firm.name:
        raise ValidationError(
            {"confirm_name": f"Type the firm's name exactly as it is written, {firm.name}, to confirm."}
        )


@firm_transaction
def firm_deletion_schedule(*, firm: Firm, actor: User, confirm_name: str) -> FirmDeletion:
    """Schedule the deletion of the whole firm after the grace period, and tell every partner."""
    firm_deletion_name_check(firm=firm, confirm_name=confirm_name)
    existing = scheduled_deletion(firm=firm)
    if existing is not None:
        raise _already(existing)
    now = timezone.now()
    try:
        with transaction.atomic():
            deletion = FirmDeletion.objects.create(
                firm=firm,
                requested_by=actor,
                requested_at=now,
                due_at=now + datetime.timedelta(days=settings.FIRM_DELETION_GRACE_DAYS),
            )
    except IntegrityError:  # a second partner's request won the race by a moment
        raise _already(scheduled_deletion(firm=firm)) from None
    due = f"{deletion.due_at.astimezone(firm.zone):%A, %B %-d, %Y at %-I:%M %p}"
    link = f"{settings.SITE_URL}{_data_url(firm)}"
    _tell_partners(
        firm,
        deletion,
        "scheduled",
        subject=f"{firm.name} is scheduled for deletion on {deletion.due_at:%B %-d}",
        body=(
            f"{actor.display_name} ({actor.email}) asked firmops to delete everything {firm.name} keeps "
            f"in it: every engagement, entry, document and account that belongs to the firm alone.\n\n"
            f"It happens on {due} ({firm.time_zone}). Until then any partner can cancel it, and "
            f"export the firm's data first: {link}\n"
        ),
    )
    _tell_partners(
        firm,
        deletion,
        "soon",
        subject=f"{firm.name} will be deleted on {deletion.due_at:%B %-d}",
        body=(
            f"The deletion {actor.display_name} scheduled runs on {due}. Cancel it or export the "
            f"firm's data before then: {link}\n"
        ),
        due_at=max(now, deletion.due_at - WARN_BEFORE),
    )
    return deletion


@firm_transaction
def firm_deletion_cancel(*, firm: Firm, actor: User) -> FirmDeletion:
    """Any partner calls the deletion off during the grace period; every partner hears of it."""
    deletion = FirmDeletion.objects.select_for_update().filter(status=FirmDeletion.Status.SCHEDULED).first()
    if deletion is None:
        raise ValidationError("No deletion of this firm is scheduled, so there is nothing to cancel.")
    deletion.status = FirmDeletion.Status.CANCELLED
    deletion.cancelled_by, deletion.cancelled_at = actor, timezone.now()
    deletion.save(update_fields=["status", "cancelled_by", "cancelled_at"])
    reminders_cancel(firm=firm, key_prefix=f"{DELETION_KIND}:{deletion.pk}:soon:")
    _tell_partners(
        firm,
        deletion,
        "cancelled",
        subject=f"The deletion of {firm.name} was cancelled",
        body=(
            f"{actor.display_name} ({actor.email}) cancelled the deletion of {firm.name} that was due "
            f"on {deletion.due_at:%B %-d, %Y}. Nothing was deleted.\n"
        ),
    )
    return deletion
