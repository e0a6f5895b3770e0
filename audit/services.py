"""Writes of the audit: periods, logged tasks, partner overrides and the rates their cost comes from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from audit.classifier import BUCKETS, CATEGORIES
from audit.classifier.firm import (
    EXACT_PREFIX,
    FirmRules,
    firm_rules,
    forget_firm_rules,
    override_pattern,
    verdict_for,
)
from audit.models import (
    HISTORICAL_DAYS_MAX,
    LIVE_DAYS_MAX,
    MAX_MINUTES,
    AuditParticipant,
    AuditPeriod,
    ClassificationOverride,
    TaskEntry,
)
from firmops.engagements.services import engagement_move_stage
from firmops.models import Engagement, Firm, Membership, Role, Stage, User
from firmops.permissions import MANAGERS, STAFF
from firmops.services import membership_set
from firmops.tenancy import firm_scope, firm_transaction

DEFAULT_PARTICIPANT_ROLES = (Role.PARTNER, Role.ATTORNEY, Role.PARALEGAL)
DESCRIPTION_MAX = 500
MATTER_MAX = 200
_BATCH = 1000


# --- helpers shared with imports and views ---------------------------------------------------


def active_membership(*, firm: Firm, user: User | None) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.for_firm(firm).filter(user=user, is_active=True).first()


def require_role(*, firm: Firm, actor: User, roles: Iterable[str], message: str) -> Membership:
    membership = active_membership(firm=firm, user=actor)
    if membership is None or membership.role not in roles:
        raise PermissionDenied(message)
    return membership


def entry_fields_errors(
    *, description: str, minutes, matter: str, performed_on: dt.date | None, period: AuditPeriod
) -> dict[str, str]:
    """What is wrong with an entry's fields, by field name (empty when all is well)."""
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = "Say what you did, e.g. “drafted RFPs for Smith”."
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = f"Keep it under {DESCRIPTION_MAX} characters."
    if minutes is None:
        errors["minutes"] = "Say how many minutes the task took."
    elif isinstance(minutes, bool) or not isinstance(minutes, int):
        errors["minutes"] = "Minutes must be a whole number."
    elif minutes < 1:
        errors["minutes"] = f"{minutes} minutes is not a task: log at least 1 minute."
    elif minutes > MAX_MINUTES:
        errors["minutes"] = (
            f"{minutes:,} minutes is more than a day (at most {MAX_MINUTES:,}); split it or fix the number."
        )
    if len(matter) > MATTER_MAX:
        errors["matter"] = f"Keep the matter under {MATTER_MAX} characters."
    if performed_on is not None and not period.is_open_on(performed_on):
        errors["performed_on"] = (
            f"Pick a day within the audit period ({period.starts_on:%b %-d} – {period.ends_on:%b %-d, %Y})."
        )
    return errors


def _performer_membership(*, firm: Firm, performer: User) -> Membership:
    membership = active_membership(firm=firm, user=performer)
    if membership is None or membership.role not in STAFF:
        raise ValidationError({"performer": "That person is not on the firm's staff."})
    return membership


def _classify_into(entry: TaskEntry, *, rules: FirmRules) -> None:
    codes = {"task_code": entry.task_code, "activity_code": entry.activity_code}
    verdict = verdict_for(entry.description, rules=rules, **codes)
    result = verdict.classification
    entry.bucket, entry.category, entry.confidence = result.bucket, result.category, result.confidence
    entry.reason = result.reason[:300]
    entry.override = verdict.override
    entry.pattern = verdict.pattern[:300]


# --- periods ------------------------------------------------------------------------------------


@firm_transaction
def audit_period_open(
    *,
    firm: Firm,
    actor: User,
    engagement: Engagement,
    starts_on: dt.date | None = None,
    days: int = 7,
    participants: Iterable[User] | None = None,
    historical: bool = False,
) -> AuditPeriod:
    """Start an audit week on an engagement and put the engagement in the audit stage.

    historical: a period over past dates (up to a year) that an import of the firm's records fills;
    nobody is asked to log into it, so it has no participants and sends no reminders.
    """
    with firm_scope(firm):
        require_role(
            firm=firm,
            actor=actor,
            roles=MANAGERS,
            message="Only partners and ops staff open an audit period.",
        )
        if engagement.firm_id != firm.pk:
            raise ValidationError({"engagement": "That engagement belongs to another firm."})
        if engagement.stage == Stage.CLOSED:
            raise ValidationError(
                {"engagement": "This engagement is closed; start a new engagement for a new audit."}
            )
        today = firm.today_for(actor)
        if historical:
            _historical_errors(starts_on=starts_on, days=days, participants=participants, today=today)
            participants = []
        elif not 1 <= days <= LIVE_DAYS_MAX:
            raise ValidationError(
                {
                    "days": f"An audit week lasts between 1 and {LIVE_DAYS_MAX} days; for past dates up "
                    f"to a year, open a historical period and import the firm's records into it."
                }
            )
        starts_on = starts_on or today
        period = AuditPeriod(
            firm=firm,
            engagement=engagement,
            starts_on=starts_on,
            days=days,
            historical=historical,
            created_by=actor,
        )
        for other in AuditPeriod.objects.filter(engagement=engagement):
            if other.starts_on <= period.ends_on and period.starts_on <= other.ends_on:
                raise ValidationError({"starts_on": f"It overlaps this engagement's {other}."})
        period.save()
        if participants is None:
            participants = [
                m.user
                for m in Membership.objects.filter(
                    is_active=True, role__in=DEFAULT_PARTICIPANT_ROLES
                ).select_related("user")
            ]
        _participants_replace(firm=firm, period=period, users=participants)
        if engagement.stage != Stage.AUDIT:
            engagement_move_stage(
                firm=firm,
                actor=actor,
                engagement=engagement,
                to_stage=Stage.AUDIT,
                reason=f"Audit period opened from {starts_on:%b %-d, %Y}.",
            )
    return period


def _historical_errors(
    *, starts_on: dt.date | None, days: int, participants: Iterable[User] | None, today: dt.date
) -> None:
    """A historical period covers up to a year of past days, and nobody logs into it."""
    errors = {}
    if starts_on is None:
        errors["starts_on"] = (
            "Give the first day of the history to import, e.g. the first day of last quarter."
        )
    if not 1 <= days <= HISTORICAL_DAYS_MAX:
        errors["days"] = (
            f"A historical period covers between 1 and {HISTORICAL_DAYS_MAX} days (a year at most)."
        )
    elif starts_on is not None:
        ends_on = starts_on + dt.timedelta(days=days - 1)
        if ends_on > today:
            errors["days"] = (
                f"A historical period covers past days only: it would end on {ends_on:%b %-d, %Y}, after "
                f"today ({today:%b %-d, %Y}). Start it earlier or make it shorter."
            )
    if participants:
        errors["participants"] = (
            "Nobody logs into a historical period (its tasks come from an import), so it has no participants."
        )
    if errors:
        raise ValidationError(errors)


def _participants_replace(*, firm: Firm, period: AuditPeriod, users: Iterable[User]) -> None:
    wanted = {u.pk for u in users}
    staff = set(
        Membership.objects.filter(is_active=True, role__in=STAFF, user_id__in=wanted).values_list(
            "user_id", flat=True
        )
    )
    if wanted - staff:
        raise ValidationError({"participants": "Participants must be staff members of the firm."})
    current = set(AuditParticipant.objects.filter(period=period).values_list("user_id", flat=True))
    AuditParticipant.objects.filter(period=period, user_id__in=current - wanted).delete()
    AuditParticipant.objects.bulk_create(
        [AuditParticipant(firm=firm, period=period, user_id=user_id) for user_id in sorted(wanted - current)]
    )


@firm_transaction
def audit_participants_set(
    *, firm: Firm, actor: User, period: AuditPeriod, users: Iterable[User]
) -> AuditPeriod:
    """Choose who is asked to log (and reminded) during a period."""
    with firm_scope(firm):
        require_role(
            firm=firm, actor=actor, roles=MANAGERS, message="Only partners and ops staff choose participants."
        )
        if period.firm_id != firm.pk:
            raise ValidationError("That audit period belongs to another firm.")
        users = list(users)
        if period.historical and users:
            raise ValidationError(
                {"participants": "Nobody logs into a historical period (its tasks come from an import)."}
            )
        _participants_replace(firm=firm, period=period, users=users)
    return period


# --- entries ------------------------------------------------------------------------------------


def audit_entry_create(
    *,
    firm: Firm,
    actor: User,
    period: AuditPeriod,
    description: str,
    minutes: int,
    performed_on: dt.date | None = None,
    performer: User | None = None,
    matter: str = "",
    billable: bool = False,
    rules: FirmRules | None = None,
    actor_membership: Membership | None = None,
) -> TaskEntry:
    """Log one task: the performer's role and hourly cost are copied now, and the task is classified.

    actor_membership: the actor's active membership when the caller has just read it (a request's
    request.membership), so it is not read again. Everything is checked before the one write, so
    the service needs no savepoint of its own: inside a request already scoped to this firm it adds
    no SAVEPOINT/RELEASE, and a ValidationError leaves nothing behind for the caller to undo.
    """
    with firm_scope(firm, savepoint=False):
        if not _is_active_membership(actor_membership, firm=firm, user=actor):
            actor_membership = active_membership(firm=firm, user=actor)
        if actor_membership is None or actor_membership.role not in STAFF:
            raise PermissionDenied("Only the firm's staff log tasks in an audit.")
        performer = performer or actor
        if performer.pk != actor.pk and actor_membership.role not in MANAGERS:
            raise PermissionDenied(
                "You can log only your own tasks; partners and ops staff may log for others."
            )
        if period.firm_id != firm.pk:
            raise ValidationError({"period": "That audit period belongs to another firm."})
        membership = (
            actor_membership
            if performer.pk == actor.pk
            else _performer_membership(firm=firm, performer=performer)
        )
        if membership.role not in STAFF:
            raise ValidationError({"performer": "That person is not on the firm's staff."})
        description, matter = description.strip(), matter.strip()
        performed_on = performed_on or firm.today_for(performer)
        errors = entry_fields_errors(
            description=description, minutes=minutes, matter=matter, performed_on=performed_on, period=period
        )
        if errors:
            raise ValidationError(errors)
        entry = TaskEntry(
            firm=firm,
            period=period,
            performer=performer,
            performer_role=membership.role,
            hourly_cost=membership.effective_rate(firm),
            description=description,
            minutes=minutes,
            performed_on=performed_on,
            matter=matter,
            billable=bool(billable),
            logged_by=actor,
        )
        _classify_into(entry, rules=rules if rules is not None else firm_rules(firm=firm))
        # One INSERT (PostgreSQL's trail trigger runs inside it); SQLite's trail signal adds a
        # second row, which this block keeps together with the entry without a savepoint.
        with transaction.atomic(savepoint=False):
            entry.save()
    return entry


def _is_active_membership(membership: Membership | None, *, firm: Firm, user: User) -> bool:
    return (
        membership is not None
        and membership.is_active
        and membership.firm_id == firm.pk
        and membership.user_id == user.pk
    )


def entry_changeable_by(*, entry: TaskEntry, membership: Membership | None) -> bool:
    """People change their own entries; partners and ops change anyone's."""
    if membership is None or membership.firm_id != entry.firm_id:
        return False
    return entry.performer_id == membership.user_id or membership.role in MANAGERS


_EDITABLE = {"description", "minutes", "performed_on", "matter", "billable", "performer"}


@firm_transaction
def audit_entry_update(*, firm: Firm, actor: User, entry: TaskEntry, **changes) -> TaskEntry:
    """Correct a logged task; a new description is classified again, a new performer re-costed."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    with firm_scope(firm):
        actor_membership = active_membership(firm=firm, user=actor)
        if entry.firm_id != firm.pk or not entry_changeable_by(entry=entry, membership=actor_membership):
            raise PermissionDenied("You can change only your own entries.")
        performer = changes.get("performer")
        if performer is not None and performer.pk != entry.performer_id:
            if actor_membership.role not in MANAGERS:
                raise PermissionDenied("Only partners and ops staff log tasks for someone else.")
            membership = _performer_membership(firm=firm, performer=performer)
            entry.performer, entry.performer_role = performer, membership.role
            entry.hourly_cost = membership.effective_rate(firm)
        old_description = entry.description
        entry.description = changes.get("description", entry.description).strip()
        entry.matter = changes.get("matter", entry.matter).strip()
        entry.minutes = changes.get("minutes", entry.minutes)
        entry.performed_on = changes.get("performed_on") or entry.performed_on
        entry.billable = bool(changes.get("billable", entry.billable))
        errors = entry_fields_errors(
            description=entry.description,
            minutes=entry.minutes,
            matter=entry.matter,
            performed_on=entry.performed_on,
            period=entry.period,
        )
        if errors:
            raise ValidationError(errors)
        if entry.description != old_description:
            _classify_into(entry, rules=firm_rules(firm=firm))
        entry.save()
    return entry


@firm_transaction
def audit_entry_delete(*, firm: Firm, actor: User, entry: TaskEntry) -> None:
    """Remove a task logged by mistake."""
    with firm_scope(firm):
        if entry.firm_id != firm.pk or not entry_changeable_by(
            entry=entry, membership=active_membership(firm=firm, user=actor)
        ):
            raise PermissionDenied("You can delete only your own entries.")
        entry.delete()


@firm_transaction
def audit_entries_delete(*, firm: Firm, actor: User, period: AuditPeriod, entry_ids: Iterable[int]) -> int:
    """Remove many entries of a period at once (a wrong import, a test day): all of them or none."""
    ids = set(entry_ids)
    with firm_scope(firm):
        membership = active_membership(firm=firm, user=actor)
        entries = list(TaskEntry.objects.filter(period=period, pk__in=ids))
        if len(entries) != len(ids):
            raise ValidationError(
                "Some of these entries are gone or not in this period; nothing was deleted."
            )
        if not all(entry_changeable_by(entry=e, membership=membership) for e in entries):
            raise PermissionDenied("You can delete only your own entries.")
        TaskEntry.objects.filter(pk__in=ids).delete()
    return len(entries)


# --- partner overrides --------------------------------------------------------------------------


@dataclass(frozen=True)
class OverrideResult:
    override: ClassificationOverride
    applied: int  # entries of the firm whose classification changed, the corrected one included


def _reclassify(*, firm: Firm, entries, rules: FirmRules) -> int:
    """Classify entries again with the firm's rules; saves only those that changed, in batches."""
    changed: list[TaskEntry] = []
    count = 0
    fields = ["bucket", "category", "reason", "confidence", "override", "pattern"]
    for entry in entries.iterator(chunk_size=_BATCH):
        before = (entry.bucket, entry.category, entry.reason, entry.override_id)
        _classify_into(entry, rules=rules)
        if (entry.bucket, entry.category, entry.reason, entry.override_id) != before:
            changed.append(entry)
        if len(changed) >= _BATCH:
            TaskEntry.objects.bulk_update(changed, fields)
            count += len(changed)
            changed = []
    TaskEntry.objects.bulk_update(changed, fields)
    return count + len(changed)


def _candidates(*, firm: Firm, pattern: str):
    """The firm's entries a rule with this pattern may match, found by query (verified by _reclassify)."""
    qs = TaskEntry.objects.for_firm(firm).only(
        "pk",
        "description",
        "task_code",
        "activity_code",
        "bucket",
        "category",
        "reason",
        "override",
        "pattern",
    )
    if pattern.startswith(EXACT_PREFIX):
        wording = pattern[len(EXACT_PREFIX) :]
        first_word = wording.split()[0] if wording.split() else wording
        return qs.filter(pattern="", description__icontains=first_word)
    for token in pattern.split():
        qs = qs.filter(pattern__contains=token)
    return qs


@firm_transaction
def audit_override_set(
    *, firm: Firm, actor: User, entry: TaskEntry, bucket: str, category: str
) -> OverrideResult:
    """A partner corrects an entry; the firm's entries with the same pattern, now and later, follow."""
    errors = {}
    if bucket not in BUCKETS:
        errors["bucket"] = f"Choose one of {', '.join(BUCKETS)}."
    if category not in CATEGORIES:
        errors["category"] = "Choose a category from the list."
    if errors:
        raise ValidationError(errors)
    with firm_scope(firm):
        require_role(
            firm=firm, actor=actor, roles=(Role.PARTNER,), message="Only partners override a classification."
        )
        if entry.firm_id != firm.pk:
            raise ValidationError("That entry belongs to another firm.")
        pattern = override_pattern(entry.description)
        now = timezone.now()
        override = ClassificationOverride.objects.select_for_update().filter(pattern=pattern).first()
        if override is None:
            override = ClassificationOverride.objects.create(
                firm=firm,
                pattern=pattern,
                bucket=bucket,
                category=category,
                example=entry.description[:500],
                created_by=actor,
                created_at=now,
            )
        else:
            override.bucket, override.category, override.example = bucket, category, entry.description[:500]
            override.updated_by, override.updated_at = actor, now
            override.save(update_fields=["bucket", "category", "example", "updated_by", "updated_at"])
        forget_firm_rules(firm)
        rules = firm_rules(firm=firm, fresh=True)
        candidates = _candidates(firm=firm, pattern=pattern) | TaskEntry.objects.for_firm(firm).filter(
            pk=entry.pk
        )
        applied = _reclassify(firm=firm, entries=candidates.distinct(), rules=rules)
    return OverrideResult(override=override, applied=applied)


@firm_transaction
def audit_override_delete(*, firm: Firm, actor: User, override: ClassificationOverride) -> int:
    """Withdraw a partner's correction; its entries go back to the classifier. Returns how many changed."""
    with firm_scope(firm):
        require_role(
            firm=firm, actor=actor, roles=(Role.PARTNER,), message="Only partners withdraw an override."
        )
        if override.firm_id != firm.pk:
            raise ValidationError("That override belongs to another firm.")
        ids = list(TaskEntry.objects.filter(override=override).values_list("pk", flat=True))
        override.delete()
        forget_firm_rules(firm)
        rules = firm_rules(firm=firm, fresh=True)
        return _reclassify(firm=firm, entries=TaskEntry.objects.filter(pk__in=ids), rules=rules)


# --- rates -------------------------------------------------------------------------------------


@firm_transaction
def audit_member_rate_set(
    *, firm: Firm, actor: User, membership: Membership, hourly_rate: Decimal | None
) -> Membership:
    """A partner gives a member an own hourly cost (blank: the firm's rate for the role)."""
    with firm_scope(firm):
        require_role(firm=firm, actor=actor, roles=(Role.PARTNER,), message="Only partners set rates.")
        if membership.firm_id != firm.pk or not membership.is_active:
            raise ValidationError("That person is not an active member of this firm.")
        if hourly_rate is not None and hourly_rate < 0:
            raise ValidationError({"hourly_rate": "A rate cannot be negative."})
        return membership_set(firm=firm, user=membership.user, role=membership.role, hourly_rate=hourly_rate)


@firm_transaction
def audit_period_recost(*, firm: Firm, actor: User, period: AuditPeriod) -> int:
    """Re-price a period's entries at today's rates (after a partner fixed a rate). Returns rows changed."""
    with firm_scope(firm):
        require_role(
            firm=firm, actor=actor, roles=(Role.PARTNER,), message="Only partners re-price an audit."
        )
        if period.firm_id != firm.pk:
            raise ValidationError("That audit period belongs to another firm.")
        # Imported entries cost what the firm's records say a timekeeper's hour cost then.
        entries = TaskEntry.objects.filter(period=period, timekeeper__isnull=True)
        performer_ids = set(entries.values_list("performer_id", flat=True).distinct())
        memberships = list(Membership.objects.filter(user_id__in=performer_ids))
        if not memberships:
            return 0
        current = [(m.user_id, m.effective_rate(firm), m.role) for m in memberships]
        up_to_date = reduce(
            or_, (Q(performer_id=u, hourly_cost=rate, performer_role=role) for u, rate, role in current)
        )
        return (
            entries.filter(performer_id__in=[u for u, _, _ in current])
            .exclude(up_to_date)
            .update(
                hourly_cost=Case(
                    *[When(performer_id=u, then=Value(rate)) for u, rate, _ in current],
                    default=F("hourly_cost"),
                ),
                performer_role=Case(
                    *[When(performer_id=u, then=Value(role)) for u, _, role in current],
                    default=F("performer_role"),
                ),
            )
        )
