"""Writes of the performance phase: delegated work, attorney hours (quick log and CSV), matters, surveys.

Every write validates first and raises a ValidationError keyed by the field at fault, inside one
transaction, so bad input never leaves half a change behind.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from audit.selectors import CATEGORIES
from firmops.models import Engagement, Firm, Membership, Role, User
from firmops.spreadsheets import cell_restored
from firmops.tenancy import firm_scope, firm_transaction
from performance.models import MAX_DAY_HOURS, HourEntry, Matter, PerformancePlan, SurveyResponse, WorkItem
from performance.surveys.sending import survey_on_close
from providers.selectors import Professional, current_selection

ATTORNEY_ROLES = (Role.PARTNER, Role.ATTORNEY)
LOGS_FOR_OTHERS = (Role.PARTNER, Role.OPS)
MAX_IMPORT_ROWS = 5000


def _fail(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _h(value: Decimal) -> str:
    """Hours for a message: 25, 2.5, 1.25 (the same on every database)."""
    return f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}"


def _check_category(category: str, field: str = "category") -> None:
    if category not in CATEGORIES:
        raise _fail(
            field, f"{category!r} is not a task category; pick one from the list (e.g. document_review)."
        )


# --- the plan: when outsourced work began ------------------------------------------------------


@firm_transaction
def plan_ensure(
    *, firm: Firm, engagement: Engagement, began_on: date | None = None
) -> PerformancePlan | None:
    """The engagement's performance plan, created from the selection date; None before anyone is selected."""
    with firm_scope(firm):
        plan = PerformancePlan.objects.filter(engagement=engagement).first()
        if plan is not None:
            return plan
        if began_on is None:
            selection = current_selection(firm=firm, engagement=engagement)
            if selection is None:
                return None
            began_on = firm.today(selection.selected_at)
        return PerformancePlan.objects.create(firm=firm, engagement=engagement, began_on=began_on)


# --- delegated work ------------------------------------------------------------------------------


def _validate_work(item: WorkItem, now: datetime) -> None:
    """Every rule a work item must meet, each failure naming its field."""
    if not item.title.strip():
        raise _fail("title", "Say what the work is, e.g. “Draft RFP responses for Smith v. Jones”.")
    _check_category(item.category)
    if item.matter_id and item.matter.engagement_id != item.engagement_id:
        raise _fail("matter", "That matter belongs to another engagement.")
    if item.due_at and item.due_at < item.assigned_at:
        raise _fail("due_at", "The due date cannot be before the work was assigned.")
    if item.hours is None or item.hours < 0:
        raise _fail("hours", "Hours cannot be negative.")
    if item.delivered_at is None:
        return
    if item.delivered_at < item.assigned_at:
        raise _fail(
            "delivered_at",
            f"A delivery cannot come before its assignment ({item.assigned_at:%Y-%m-%d %H:%M} UTC).",
        )
    if item.delivered_at > now + timedelta(minutes=5):
        raise _fail("delivered_at", "A delivery cannot be in the future.")
    days = max(1, -(-(item.delivered_at - item.assigned_at) // timedelta(days=1)))
    if item.hours > MAX_DAY_HOURS * days:
        raise _fail(
            "hours",
            f"{_h(item.hours)} h cannot fit between assignment and delivery "
            f"({days} day(s), 24 h a day at most).",
        )


def _default_professional(firm: Firm, engagement: Engagement) -> Professional:
    selection = current_selection(firm=firm, engagement=engagement)
    if selection is None:
        raise _fail(
            "professional",
            "No professional is selected for this engagement yet; select one in vetting first.",
        )
    return selection.professional


@firm_transaction
def work_item_create(
    *,
    firm: Firm,
    actor: User | None,
    engagement: Engagement,
    title: str,
    category: str,
    professional: Professional | None = None,
    matter: Matter | None = None,
    assigned_at: datetime | None = None,
    due_at: datetime | None = None,
    delivered_at: datetime | None = None,
    hours: Decimal | int | float = 0,
    now: datetime | None = None,
) -> WorkItem:
    """Hand a piece of work to the professional (by default the engagement's selected one)."""
    now = now or timezone.now()
    with firm_scope(firm):
        item = WorkItem(
            firm=firm,
            engagement=engagement,
            professional=professional or _default_professional(firm, engagement),
            category=category,
            matter=matter,
            title=(title or "").strip(),
            assigned_at=assigned_at or now,
            due_at=due_at,
            delivered_at=delivered_at,
            hours=Decimal(str(hours if hours is not None else 0)),
            created_by=actor,
        )
        _work_item_save(firm, item, now)
    return item


def _work_item_save(firm: Firm, item: WorkItem, now: datetime) -> None:
    """Check a new or changed work item by the same rules, then store it with its turnaround."""
    if item.professional.firm_id != firm.pk:
        raise _fail("professional", "No such professional in this firm.")
    _validate_work(item, now)
    item.compute_turnaround()
    item.save()


WORK_FIELDS = (
    "title",
    "category",
    "professional",
    "matter",
    "assigned_at",
    "due_at",
    "delivered_at",
    "hours",
)


@firm_transaction
def work_item_update(
    *, firm: Firm, actor: User | None, item: WorkItem, now: datetime | None = None, **fields
) -> WorkItem:
    """Change a work item (e.g. record its delivery and hours); the same rules as creating one."""
    unknown = set(fields) - set(WORK_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    now = now or timezone.now()
    with firm_scope(firm):
        for name, value in fields.items():
            if name == "hours":
                value = Decimal(str(value if value is not None else 0))
            if name == "title":
                value = (value or "").strip()
            setattr(item, name, value)
        _work_item_save(firm, item, now)
    return item


@firm_transaction
def work_item_delete(*, firm: Firm, actor: User | None, item: WorkItem) -> None:
    """Remove a work item logged by mistake."""
    with firm_scope(firm):
        item.delete()


# --- attorney non-billable hours -----------------------------------------------------------------


def _attorneys(firm: Firm) -> dict[str, Membership]:
    """Active partners and attorneys by lower-cased email."""
    members = (
        Membership.objects.for_firm(firm)
        .filter(is_active=True, role__in=ATTORNEY_ROLES)
        .select_related("user")
    )
    return {m.user.email.lower(): m for m in members}


def _role_of(firm: Firm, user: User | None) -> str | None:
    if user is None:
        return None
    return (
        Membership.objects.for_firm(firm)
        .filter(user=user, is_active=True)
        .values_list("role", flat=True)
        .first()
    )


def _parse_hours(value, field: str = "hours") -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise _fail(field, f"{value!r} is not a number of hours.") from exc
    if not hours.is_finite() or hours < 0 or hours > MAX_DAY_HOURS:
        raise _fail(field, f"Hours must be between 0 and 24 for one day; got {value}.")
    if hours != hours.quantize(Decimal("0.01")):
        raise _fail(field, "Hours take at most two decimals (e.g. 1.25).")
    return hours


def _day_total(firm: Firm, attorney: User, day: date) -> Decimal:
    total = (
        HourEntry.objects.for_firm(firm)
        .filter(attorney=attorney, worked_on=day)
        .aggregate(h=Sum("hours"))["h"]
    )
    return total or Decimal("0")


@firm_transaction
def hour_entry_create(
    *,
    firm: Firm,
    actor: User,
    engagement: Engagement,
    hours,
    attorney: User | None = None,
    worked_on: date | None = None,
    description: str = "",
    category: str = "",
    source: str = HourEntry.Source.QUICK,
    now: datetime | None = None,
) -> HourEntry:
    """Log one day's non-billable hours for an attorney: their own, or anyone's for partners and ops."""
    now = now or timezone.now()
    attorney = attorney or actor
    worked_on = worked_on or firm.today(now)
    with firm_scope(firm):
        if attorney.email.lower() not in _attorneys(firm):
            raise _fail("attorney", f"{attorney} is not an active attorney or partner of this firm.")
        if attorney != actor and _role_of(firm, actor) not in LOGS_FOR_OTHERS:
            raise _fail("attorney", "You can log only your own hours; partners and ops staff log for others.")
        amount = _parse_hours(hours)
        if worked_on > firm.today(now):
            raise _fail("worked_on", "Hours cannot be logged for a day that has not happened yet.")
        if category:
            _check_category(category)
        already = _day_total(firm, attorney, worked_on)
        if already + amount > MAX_DAY_HOURS:
            raise _fail(
                "hours",
                f"{attorney} already has {_h(already)} h on {worked_on:%b %-d}; {_h(amount)} more would make "
                f"{_h(already + amount)} h in one day (24 at most).",
            )
        return HourEntry.objects.create(
            firm=firm,
            engagement=engagement,
            attorney=attorney,
            worked_on=worked_on,
            hours=amount,
            description=description.strip()[:300],
            category=category,
            source=source,
            logged_by=actor,
        )


@firm_transaction
def hour_entry_delete(*, firm: Firm, actor: User, entry: HourEntry) -> None:
    """Remove a wrong entry: the attorney's own, or any for partners and ops."""
    with firm_scope(firm):
        if entry.attorney_id != actor.pk and _role_of(firm, actor) not in LOGS_FOR_OTHERS:
            raise ValidationError("You can remove only your own hours.")
        entry.delete()


@dataclass(frozen=True)
class RowProblem:
    """One bad cell of an import, named so the person can fix it in their spreadsheet."""

    row: int  # the spreadsheet row: 1 is the header
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


class ImportRejected(ValidationError):
    """A CSV with bad rows: nothing was imported; `problems` names each one."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        count = len({p.row for p in problems})
        super().__init__(
            {"file": [f"{count} row(s) have problems; nothing was imported. Fix them and upload again."]}
        )


REQUIRED_COLUMNS = ("date", "attorney", "hours")
OPTIONAL_COLUMNS = ("description", "category")


def _parse_date(value: str) -> date:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date; write 2026-03-02 or 03/02/2026.")


@dataclass
class _Row:
    number: int
    attorney: User
    worked_on: date
    hours: Decimal
    description: str
    category: str


def _read_rows(firm: Firm, text: str, today: date) -> tuple[list[_Row], list[RowProblem]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [(c or "").strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [
            RowProblem(
                1,
                "header",
                f"Missing column(s): {', '.join(missing)}. "
                "Expected: date, attorney, hours[, description, category].",
            )
        ]
    reader.fieldnames = columns
    attorneys = _attorneys(firm)
    rows: list[_Row] = []
    problems: list[RowProblem] = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            problems.append(
                RowProblem(number, "file", f"At most {MAX_IMPORT_ROWS} rows per import; split the file.")
            )
            break
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue  # blank line
        before = len(problems)
        try:
            worked_on = _parse_date(raw.get("date") or "")
            if worked_on > today:
                problems.append(RowProblem(number, "date", f"{worked_on} has not happened yet."))
        except ValueError as exc:
            problems.append(RowProblem(number, "date", str(exc)))
        email = (raw.get("attorney") or "").strip().lower()
        member = attorneys.get(email)
        if member is None:
            problems.append(
                RowProblem(
                    number,
                    "attorney",
                    f"{email or '(blank)'} is not an active attorney or partner of this firm.",
                )
            )
        try:
            hours = _parse_hours(raw.get("hours") or "")
        except ValidationError as exc:
            problems.append(RowProblem(number, "hours", exc.message_dict["hours"][0]))
        category = (raw.get("category") or "").strip()
        if category and category not in CATEGORIES:
            problems.append(RowProblem(number, "category", f"{category!r} is not a task category."))
        if len(problems) == before:
            rows.append(
                _Row(
                    number,
                    member.user,
                    worked_on,
                    hours,
                    cell_restored((raw.get("description") or "").strip())[:300],  # '-… → -…
                    category,
                )
            )
    return rows, problems


def _day_problems(firm: Firm, rows: list[_Row]) -> list[RowProblem]:
    """Rows that would push an attorney past 24 hours in a day, counting what is already logged."""
    if not rows:
        return []
    days = {r.worked_on for r in rows}
    existing = (
        HourEntry.objects.for_firm(firm)
        .filter(
            attorney__in={r.attorney.pk for r in rows}, worked_on__gte=min(days), worked_on__lte=max(days)
        )
        .values_list("attorney_id", "worked_on")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    totals = {(a, d): h for a, d, h in existing}
    problems = []
    for r in rows:
        key = (r.attorney.pk, r.worked_on)
        totals[key] = totals.get(key, Decimal("0")) + r.hours
        if totals[key] > MAX_DAY_HOURS:
            problems.append(
                RowProblem(
                    r.number,
                    "hours",
                    f"{r.attorney.email} would have {_h(totals[key])} h on {r.worked_on} "
                    "(24 at most in a day).",
                )
            )
    return problems


@firm_transaction
def hour_entries_import(
    *, firm: Firm, actor: User, engagement: Engagement, text: str, now: datetime | None = None
) -> int:
    """Import a CSV of non-billable hours: every row is valid and saved, or none is (ImportRejected)."""
    now = now or timezone.now()
    with firm_scope(firm):
        if _role_of(firm, actor) not in LOGS_FOR_OTHERS:
            raise _fail("file", "Only partners and ops staff import hours.")
        rows, problems = _read_rows(firm, text, firm.today(now))
        problems += _day_problems(firm, rows)
        if problems:
            raise ImportRejected(sorted(problems, key=lambda p: (p.row, p.field)))
        if not rows:
            raise _fail("file", "The file has a header but no rows.")
        HourEntry.objects.bulk_create(
            [
                HourEntry(
                    firm=firm,
                    engagement=engagement,
                    attorney=r.attorney,
                    worked_on=r.worked_on,
                    hours=r.hours,
                    description=r.description,
                    category=r.category,
                    source=HourEntry.Source.CSV,
                    logged_by=actor,
                )
                for r in rows
            ]
        )
    return len(rows)


# --- matters and client satisfaction -------------------------------------------------------------


def _validate_matter(matter: Matter, today: date) -> None:
    if not matter.reference.strip():
        raise _fail("reference", "Give the matter its reference (e.g. 2026-014).")
    if not matter.name.strip():
        raise _fail("name", "Give the matter a name.")
    if matter.intake_on > today:
        raise _fail("intake_on", "The intake date cannot be in the future.")
    if matter.resolved_on and matter.resolved_on < matter.intake_on:
        raise _fail("resolved_on", "A matter cannot be resolved before its intake.")
    if matter.resolved_on and matter.resolved_on > today:
        raise _fail("resolved_on", "The resolution date cannot be in the future.")
    matter.client_email = matter.client_email.strip().lower()
    if matter.client_email:
        try:
            validate_email(matter.client_email)
        except ValidationError as exc:
            raise _fail("client_email", f"{matter.client_email!r} is not an email address.") from exc


def _save_matter(firm: Firm, matter: Matter) -> Matter:
    try:
        with transaction.atomic():
            matter.save()
    except IntegrityError as exc:
        raise _fail(
            "reference", f"Another matter of this engagement already has reference {matter.reference!r}."
        ) from exc
    return matter


@firm_transaction
def matter_create(
    *,
    firm: Firm,
    actor: User | None,
    engagement: Engagement,
    reference: str,
    name: str,
    intake_on: date,
    resolved_on: date | None = None,
    client_name: str = "",
    client_email: str = "",
    now: datetime | None = None,
) -> Matter:
    """Record a matter with its intake (and, once known, resolution) date and its client contact."""
    with firm_scope(firm):
        matter = Matter(
            firm=firm,
            engagement=engagement,
            reference=reference.strip(),
            name=name.strip(),
            intake_on=intake_on,
            resolved_on=resolved_on,
            client_name=client_name.strip(),
            client_email=client_email,
        )
        _validate_matter(matter, firm.today(now or timezone.now()))
        _save_matter(firm, matter)
        survey_on_close(firm=firm, matter=matter, now=now)
        return matter


@firm_transaction
def matter_update(
    *, firm: Firm, actor: User | None, matter: Matter, now: datetime | None = None, **fields
) -> Matter:
    """Correct a matter or record its resolution (which sends the client its closing survey)."""
    allowed = {"reference", "name", "intake_on", "resolved_on", "client_name", "client_email"}
    if set(fields) - allowed:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(set(fields) - allowed))}.")
    with firm_scope(firm):
        for name, value in fields.items():
            setattr(matter, name, value.strip() if isinstance(value, str) else value)
        _validate_matter(matter, firm.today(now or timezone.now()))
        _save_matter(firm, matter)
        survey_on_close(firm=firm, matter=matter, now=now)
        return matter


@firm_transaction
def survey_create(
    *,
    firm: Firm,
    actor: User | None,
    engagement: Engagement,
    matter: Matter,
    score,
    comment: str = "",
    received_on: date | None = None,
    source: str = SurveyResponse.Source.STAFF,
    now: datetime | None = None,
) -> SurveyResponse:
    """Record a satisfaction score (1–5) a client gave staff for a matter (by phone: source="phone")."""
    today = firm.today(now or timezone.now())
    try:
        value = int(str(score).strip())
    except (TypeError, ValueError) as exc:
        raise _fail("score", f"A survey score is a whole number from 1 to 5; got {score!r}.") from exc
    if not 1 <= value <= 5:
        raise _fail("score", f"A survey score is 1 to 5; got {value}.")
    if matter.engagement_id != engagement.pk:
        raise _fail("matter", "That matter belongs to another engagement.")
    received_on = received_on or today
    if received_on > today:
        raise _fail("received_on", "A survey cannot be received in the future.")
    if source not in (SurveyResponse.Source.STAFF, SurveyResponse.Source.PHONE):
        raise _fail(
            "source", "Staff record a score told to them (by phone or otherwise); clients use the link."
        )
    with firm_scope(firm):
        return SurveyResponse.objects.create(
            firm=firm,
            engagement=engagement,
            matter=matter,
            score=value,
            comment=comment.strip(),
            received_on=received_on,
            source=source,
            created_by=actor,
        )
