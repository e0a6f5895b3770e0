"""Deleting a firm: every row and stored file, the accounts that were its alone, and the proof."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.db import models
from django.utils import timezone

from firmops.models import ChangeRecord, Firm, FirmDeletion, Membership, User
from firmops.ownership.archive import file_fields
from firmops.tenancy import USER_SETTING, firm_owned_models, firm_scope, firm_transaction, set_db_setting
from firmops.trail.recording import trail_purge

log = logging.getLogger(__name__)

FILES_LEFT = "stored files"


def _deletion_order() -> list[type[models.Model]]:
    """Firm tables ordered so that a table is emptied before the tables it points at."""
    tenant = firm_owned_models()
    points_at = defaultdict(set)
    for model in tenant:
        for field in model._meta.fields:
            target = getattr(field.remote_field, "model", None)
            if target in tenant and target is not model:
                points_at[model].add(target)
    ordered, seen = [], set()

    def visit(model, trail=()):
        if model in seen or model in trail:
            return
        for referrer in [m for m in tenant if model in points_at[m]]:
            visit(referrer, trail + (model,))
        seen.add(model)
        ordered.append(model)

    for model in tenant:
        visit(model)
    return ordered


def firm_row_counts(*, firm_id: int) -> dict[str, int]:
    """Rows each firm table still holds for this firm id."""
    with firm_scope(firm_id):
        return {m._meta.label: m.objects.count() for m in firm_owned_models()}


def _belongs_elsewhere(user_id: int, firm_id: int) -> bool:
    """Whether the account has a membership, active or not, in another firm (then it is kept).

    The membership policy lets a user's own rows be read across firms (firmops.tenancy.rls)."""
    set_db_setting(USER_SETTING, user_id)
    return Membership.objects.all_firms().filter(user_id=user_id).exclude(firm_id=firm_id).exists()


def _record_deletion(*, firm_id: int, what: dict, actor_id: int | None) -> ChangeRecord:
    """The one row a deleted firm leaves: the trail's record that it was deleted, when, at whose request."""
    with firm_scope(firm_id):
        return ChangeRecord.objects.create(
            firm_id=firm_id,
            table=Firm._meta.db_table,
            row_pk=str(firm_id),
            action="D",
            actor_id=actor_id,
            before=what,
            after=None,
        )


@firm_transaction
def firm_delete(*, firm: Firm, deletion: FirmDeletion | None = None) -> dict[str, int]:
    """Delete every row and stored file of the firm, and the accounts that belonged to it alone.

    Returns what is left per table, and under FILES_LEFT how many of its stored files still exist
    (all zeros, or the transaction is rolled back). Then the trail's record of the deletion is
    written, the one row the firm leaves (`deletion`: the schedule it carries out, if any).
    """
    firm_id = firm.pk
    what = {"id": firm_id, "slug": firm.slug, "name": firm.name, "deleted": "the whole firm"}
    if deletion is not None:
        who = deletion.requested_by
        what["requested_by"] = who.email if who else ""
        what["requested_at"] = deletion.requested_at.isoformat()
    actor_id = deletion.requested_by_id if deletion is not None else None
    stored = []  # (storage, name): checked again at the end, so the proof covers files too
    rows = 0
    with firm_scope(firm):
        member_ids = set(Membership.objects.values_list("user_id", flat=True))
        for model in [m for m in _deletion_order() if m is not ChangeRecord]:
            for name in file_fields(model):
                for row in model.objects.exclude(**{name: ""}).only(name):
                    stored.append((getattr(row, name).storage, getattr(row, name).name))
                    getattr(row, name).delete(save=False)
            rows += model.objects.all()._raw_delete(model.objects.db)
    with firm_scope(firm_id):
        Firm.objects.filter(pk=firm_id).delete()
    trail_purge(firm_id=firm_id)  # last: the deletions above were recorded too
    User.objects.filter(
        pk__in=[uid for uid in member_ids if not _belongs_elsewhere(uid, firm_id)], is_superuser=False
    ).delete()
    left = {**firm_row_counts(firm_id=firm_id), FILES_LEFT: sum(st.exists(name) for st, name in stored)}
    if any(left.values()) or Firm.objects.filter(pk=firm_id).exists():
        raise RuntimeError(f"firm {firm_id} still has rows: {left}")
    what |= {"rows_deleted": rows, "files_deleted": len(stored), "deleted_at": timezone.now().isoformat()}
    _record_deletion(firm_id=firm_id, what=what, actor_id=actor_id)
    return left


def deletion_record(*, firm_id: int) -> ChangeRecord | None:
    """What is left of a deleted firm: the trail's record of its deletion (None while it exists)."""
    with firm_scope(firm_id):
        return ChangeRecord.objects.filter(table=Firm._meta.db_table, action="D").order_by("-pk").first()


def firm_deletion_run(*, firm: Firm, now: datetime.datetime | None = None) -> dict[str, int] | None:
    """Carry out the firm's scheduled deletion once its grace period is over; None when there is none.

    The schedule's row is locked first: a partner cancelling at that moment waits, then finds the
    firm gone; a cancel that came first leaves nothing to run.
    """
    now = now or timezone.now()
    with firm_scope(firm):
        deletion = (
            FirmDeletion.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .filter(status=FirmDeletion.Status.SCHEDULED, due_at__lte=now)
            .first()
        )
        if deletion is None:
            return None
        return firm_delete(firm=firm, deletion=deletion)


def firm_deletions_run_due_all_firms(*, now: datetime.datetime | None = None) -> list[str]:
    """The beat job: every firm whose grace period is over is deleted; returns their slugs."""
    now = now or timezone.now()
    deleted = []
    for firm in Firm.objects.all():
        with firm_scope(firm):
            due = FirmDeletion.objects.filter(status=FirmDeletion.Status.SCHEDULED, due_at__lte=now).exists()
        if due:
            try:
                if firm_deletion_run(firm=firm, now=now) is not None:
                    deleted.append(firm.slug)
            except Exception:  # one firm's failure (rolled back whole) must not keep the others
                log.exception("scheduled deletion of firm %s failed; it stays scheduled", firm.slug)
    return deleted
