"""Synthetic load data for `make bench` and load tests: many firms, realistic rows, built fast.

How it stays fast without lying about the data:
- The first firm is built the slow, honest way — every phase app's demo seeder runs through the real
  services (providers answer questionnaires and are scored, a plan is generated, check-ins held), plus
  engagements at other stages. Every other firm is a copy of those rows, remapped to its own users and
  ids with one bulk INSERT per table.
- The big tables (task entries, work items, hour entries) are streamed: COPY into a temporary staging
  table, then one INSERT … SELECT inside the firm's scope on PostgreSQL (row-level security refuses
  COPY straight into a policy-bound table, and the policy's WITH CHECK still vets every row);
  bulk_create in large batches on SQLite.
- Task descriptions come from a few hundred real wordings classified once (bench.loaddata_text).
- The audit-trail trigger is paused on the tables while loading (synthetic rows are nobody's change);
  `migrate` or the finally-block puts it back. Run it on a database of its own.

Firm 0 gets the big counts, firm 1 a tenth of them (the "ten times less data" comparison), the rest
share what remains. Every user's password is PASSWORD; emails are <role><n>@load-<i>.firmops.test.
"""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from bench.loaddata_text import MATTERS, classified
from firmops.models import ChangeRecord, Engagement, Firm, Invitation, Membership, Reminder, Role, Stage, User
from firmops.tenancy import FirmOwned, firm_owned_models, firm_scope

PASSWORD = "load-firmops-2026"
SLUG = "load-{}"
PEOPLE = ((Role.PARTNER, 2), (Role.ATTORNEY, 4), (Role.PARALEGAL, 3), (Role.OPS, 1), (Role.EXTERNAL, 1))
PHASE_APPS = ("audit", "providers", "onboarding", "performance")
SIZES = {  # firms, task entries in total, then firm 0's task entries and work items
    "small": (3, 3_600, 3_000, 1_500),
    "firm": (4, 120_000, 100_000, 50_000),
    "platform": (1_000, 2_000_000, 100_000, 50_000),
    # The same firm 0 among five times the firms and rows: a page's cost must follow its own firm.
    "platform-5k": (5_000, 10_000_000, 100_000, 50_000),
}
# Firm 0 also gets two engagements of the same weekly workload as its main one, 26 and 156 weeks
# old: the dashboard's SQL must cost the same for both (make bench, "history" part).
HISTORY = (("History: 6 months", 26), ("History: 3 years", 156))
WORK_CATEGORIES = (
    "discovery_drafting", "deposition_summaries", "medical_summaries", "document_review", "e_filing",
    "legal_research", "cite_checking", "records_requests", "calendar_scheduling", "trial_exhibits",
)  # fmt: skip
OTHER_ENGAGEMENTS = (  # name, stage: engagements at the other points of the spine
    ("Intake overflow audit", Stage.AUDIT),
    ("Appellate research support", Stage.VETTING),
    ("Medical records pilot", Stage.ONBOARDING),
    ("2025 discovery pilot", Stage.CLOSED),
)
NOT_COPIED = (ChangeRecord, Reminder, Invitation)  # the trail, outgoing mail and invitations are per event


@dataclass
class Counts:
    entries: int
    work_items: int

    @property
    def hours(self) -> int:
        return self.work_items * 2  # attorney hour entries: a year of them beside the delegated work


@dataclass
class Report:
    firms: int = 0
    users: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n

    def lines(self) -> list[str]:
        total = sum(self.seconds.values())
        out = [f"{self.firms:,} firms, {self.users:,} users (password {PASSWORD!r}) in {total:,.1f} s"]
        out += [f"  {name}: {secs:,.1f} s" for name, secs in self.seconds.items()]
        out.append("  rows written after the template firm (copies, then streamed tables):")
        out += [f"    {table}: {n:,}" for table, n in sorted(self.rows.items())]
        return out


def plan(*, firms: int, entries: int, big_entries: int | None = None, big_work: int | None = None):
    """Per-firm counts: firm 0 the big one, firm 1 a tenth of it, the others share the rest evenly."""
    big = min(entries, big_entries if big_entries is not None else entries // max(1, firms))
    work = big // 2 if big_work is None else big_work
    counts = [Counts(big, work)]
    if firms > 1:
        counts.append(Counts(big // 10, work // 10))
    rest = max(0, entries - sum(c.entries for c in counts))
    others = firms - len(counts)
    counts += [Counts(rest // others + (1 if i < rest % others else 0), 0) for i in range(others)]
    return counts[:firms]


def generate(
    *, firms: int, entries: int, big_entries=None, big_work=None, say: Callable[[str], None] = print
) -> Report:
    """Build `firms` firms holding `entries` task entries in total (see the module docstring)."""
    if Firm.objects.filter(slug__startswith=SLUG.format("")).exists():
        raise ValueError("This database already holds load data (firms load-*): use a fresh database.")
    counts = plan(firms=firms, entries=entries, big_entries=big_entries, big_work=big_work)
    report = Report(firms=len(counts))
    password = make_password(PASSWORD)  # hashed once: hashing per user would dominate the build
    with _trail_paused():
        with _timed(report, "template firm (demo seeders through the services)"):
            template = _template_firm(password, report)
        rows = _template_rows(template.firm)
        with _timed(report, f"{len(counts) - 1:,} more firms (copies of the template's rows)"):
            firms_built = [template]
            for index in range(1, len(counts)):
                firms_built.append(_copy_firm(index, template, rows, password, report))
                if index % 100 == 0:
                    say(f"  {index:,} firms copied")
        verdicts = classified()
        with _timed(report, "task entries, work items and hour entries (streamed)"):
            for built, count in zip(firms_built, counts, strict=True):
                _big_tables(built, count, verdicts, report)
        with _timed(report, "two engagements of 26 and 156 weeks in firm 0 (streamed)"):
            _history_engagements(firms_built[0], counts[0], report)
    if connection.vendor == "postgresql":
        with _timed(report, "ANALYZE"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return report


# --- firms and users ------------------------------------------------------------------------------


@dataclass
class Built:
    firm: Firm
    users: list[tuple[str, User]]  # (role, user), PEOPLE order
    engagement: Engagement


def _users(index: int, password: str, report: Report) -> list[tuple[str, User]]:
    from allauth.account.models import EmailAddress

    people = [
        (role, User(email=f"{role}{n}@load-{index}.firmops.test", first_name=role.title(), last_name=f"L{n}"))
        for role, many in PEOPLE
        for n in range(1, many + 1)
    ]
    for _, user in people:
        user.password = password
    User.objects.bulk_create([u for _, u in people])
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for _, u in people]
    )
    report.users += len(people)
    return people


def _new_firm(index: int) -> Firm:
    return Firm.objects.create(
        name=f"Load Firm {index} LLP",
        slug=SLUG.format(index),
        time_zone="America/Chicago",
        require_mfa_for_partners=False,  # load tests sign in with a password only
    )


@transaction.atomic
def _template_firm(password: str, report: Report) -> Built:
    from firmops.demo import Demo
    from firmops.engagements.services import engagement_create

    firm = _new_firm(0)
    people = _users(0, password, report)
    with firm_scope(firm):
        Membership.objects.bulk_create([Membership(firm=firm, user=u, role=r) for r, u in people])
    first = {role: next(u for r, u in people if r == role) for role in Role.values}
    engagement = engagement_create(
        firm=firm, actor=first[Role.PARTNER], name="Litigation support outsourcing"
    )
    demo = Demo(firm=firm, users=first, engagement=engagement)
    for app in PHASE_APPS:
        with firm_scope(firm):
            importlib.import_module(f"{app}.demo").seed(demo)
    with firm_scope(firm):
        for name, stage in OTHER_ENGAGEMENTS:
            Engagement.objects.create(
                firm=firm,
                name=name,
                stage=stage,
                owner=first[Role.PARTNER],
                ended_on=datetime.now(UTC).date() if stage == Stage.CLOSED else None,
            )
        engagement.refresh_from_db()
    return Built(firm, people, engagement)


# --- copying the template's rows ------------------------------------------------------------------


def _copied_models() -> list[type[models.Model]]:
    """Firm tables in foreign-key order, leaving out per-event tables and those holding files."""
    candidates = [
        m
        for m in firm_owned_models()
        if m not in NOT_COPIED
        and not getattr(m, "kept_by_triggers", False)  # the copied rows' triggers write those
        and not any(isinstance(f, models.FileField) for f in m._meta.concrete_fields)
    ]
    ordered, placed = [], set()
    while len(ordered) < len(candidates):
        ready = [
            m
            for m in candidates
            if m not in placed
            and all(
                f.related_model in placed or f.related_model is m or f.related_model not in candidates
                for f in m._meta.concrete_fields
                if f.is_relation
            )
        ]
        if not ready:
            raise RuntimeError("foreign-key cycle between firm tables")
        ordered += ready
        placed.update(ready)
    return ordered


def _template_rows(firm: Firm) -> dict[type[models.Model], list[dict]]:
    with firm_scope(firm):
        return {
            m: list(m.objects.order_by("pk").values(*[f.attname for f in m._meta.concrete_fields]))
            for m in _copied_models()
        }


@transaction.atomic
def _copy_firm(index: int, template: Built, rows: dict, password: str, report: Report) -> Built:
    firm = _new_firm(index)
    people = _users(index, password, report)
    users = {old.pk: new.pk for (_, old), (_, new) in zip(template.users, people, strict=True)}
    partner = people[0][1].pk
    ids: dict[tuple[type, int], int] = {}
    later: list[tuple[type, int, str, int]] = []  # self-references, set once both rows exist
    with firm_scope(firm):
        for model, template_rows in rows.items():
            objects = []
            for row in template_rows:
                data = dict(row)
                old_pk = data.pop("id")
                for f in model._meta.concrete_fields:
                    value = data.get(f.attname)
                    if value is not None and not f.is_relation and not f.primary_key:
                        data[f.attname] = _renamed(value, template.firm, firm)
                    if not f.is_relation or value is None:
                        continue
                    target = f.related_model
                    if target is Firm:
                        data[f.attname] = firm.pk
                    elif target is User:
                        data[f.attname] = users.get(value, partner)
                    elif target is model:
                        later.append((model, old_pk, f.attname, value))
                        data[f.attname] = None
                    elif issubclass(target, FirmOwned):
                        data[f.attname] = ids.get((target, value))
                objects.append((old_pk, model(**data)))
            created = model.objects.bulk_create([o for _, o in objects], batch_size=2000)
            for (old_pk, _), obj in zip(objects, created, strict=True):
                ids[(model, old_pk)] = obj.pk
            report.add(model._meta.db_table, len(created))
        for model, old_pk, attname, old_target in later:
            model.objects.filter(pk=ids[(model, old_pk)]).update(**{attname: ids.get((model, old_target))})
        engagement = Engagement.objects.get(pk=ids[(Engagement, template.engagement.pk)])
    return Built(firm, people, engagement)


def _renamed(value, old: Firm, new: Firm):
    """Copied text names the new firm, never the template: a load test reads names as leak markers."""
    pairs = ((old.name, new.name), (f"@{old.slug}.", f"@{new.slug}."), (f"/f/{old.slug}/", f"/f/{new.slug}/"))
    if isinstance(value, str):
        for before, after in pairs:
            value = value.replace(before, after)
        return value
    if isinstance(value, (list, dict)):
        text = json.dumps(value)
        renamed = _renamed(text, old, new)
        return value if renamed == text else json.loads(renamed)
    return value


# --- the big tables -------------------------------------------------------------------------------


def _big_tables(built: Built, count: Counts, verdicts, report: Report) -> None:
    from audit.models import AuditPeriod, TaskEntry
    from performance.models import HourEntry, WorkItem
    from providers.models import Professional

    firm, engagement, now = built.firm, built.engagement, datetime.now(UTC)
    with firm_scope(firm):
        period = AuditPeriod.objects.filter(engagement=engagement).order_by("pk").first()
        pros = list(Professional.objects.filter(provider__engagement=engagement).values_list("pk", flat=True))
        rates = {r: firm.rate_for(r) for r in Role.values}
        staff = [(r, u.pk) for r, u in built.users if r != Role.EXTERNAL]
        lawyers = [u.pk for r, u in built.users if r in (Role.PARTNER, Role.ATTORNEY)]
        if period is not None and count.entries:
            _insert(
                TaskEntry,
                _entries(firm, period, staff, rates, verdicts, count.entries, now),
                report,
            )
        if pros and count.work_items:
            _insert(WorkItem, _work_items(firm, engagement, pros, lawyers[0], count.work_items, now), report)
            _insert(HourEntry, _hour_entries(firm, engagement, lawyers, count.hours, now), report)


def _entries(firm, period, staff, rates, verdicts, n: int, now) -> Iterator[dict]:
    for i in range(n):
        v = verdicts[(i * 7919) % len(verdicts)]
        role, user = staff[i % len(staff)]
        yield {
            "firm_id": firm.pk, "period_id": period.pk, "performer_id": user, "performer_role": role,
            "hourly_cost": rates[role], "description": v.description, "minutes": 5 + (i * 37) % 240,
            "performed_on": period.starts_on + timedelta(days=i % period.days),
            "matter": MATTERS[i % len(MATTERS)], "billable": i % 3 == 0, "bucket": v.bucket,
            "category": v.category, "reason": v.reason, "confidence": v.confidence, "override_id": None,
            "pattern": v.pattern, "logged_by_id": user, "created_at": now, "updated_at": now,
            "task_code": "", "activity_code": "",  # quick-logged tasks carry no UTBMS code
        }  # fmt: skip


def _work_items(firm, engagement, pros, assigner, n: int, now, days: int | None = None) -> Iterator[dict]:
    """`n` items over the last year. Over `days` instead, numbered back from today (so two spans of
    the same weekly rate end alike) and with open items only in the last four weeks."""
    span = timedelta(days=days or 365)
    start, step = now - span, span / n
    settled = now - timedelta(weeks=4) if days else start  # before it, every item was delivered
    for i in range(n):
        assigned = start + step * i
        k = n - 1 - i if days else i
        delivered = assigned + timedelta(hours=4 + k % 70)
        done = (k % 20 != 0 or assigned < settled) and delivered < now  # else one in twenty open
        yield {
            "firm_id": firm.pk, "engagement_id": engagement.pk, "professional_id": pros[k % len(pros)],
            "category": WORK_CATEGORIES[k % len(WORK_CATEGORIES)], "matter_id": None,
            "title": f"{WORK_CATEGORIES[k % len(WORK_CATEGORIES)].replace('_', ' ').capitalize()} #{i}",
            "assigned_at": assigned, "due_at": assigned + timedelta(hours=72),
            "delivered_at": delivered if done else None, "hours": Decimal(1 + k % 4),
            "turnaround_hours": Decimal(4 + k % 70) if done else None, "created_by_id": assigner,
            "created_at": assigned,
        }  # fmt: skip


def _hour_entries(firm, engagement, lawyers, n: int, now, days: int = 365) -> Iterator[dict]:
    start = (now - timedelta(days=days)).date()
    per_day = max(1, -(-n // (len(lawyers) * days)))
    for i in range(n):
        day = start + timedelta(days=(i // len(lawyers) // per_day) % days)
        yield {
            "firm_id": firm.pk, "engagement_id": engagement.pk, "attorney_id": lawyers[i % len(lawyers)],
            "worked_on": day, "hours": Decimal("0.75"), "description": "", "category": "",
            "source": "csv", "logged_by_id": lawyers[i % len(lawyers)], "created_at": now,
        }  # fmt: skip


def _history_engagements(built: Built, count: Counts, report: Report) -> None:
    """Engagements of firm 0 that began 26 and 156 weeks ago, each week as busy as its main one's
    (work items and attorney hours); all delivered but the last four weeks' one in twenty, so both
    carry the same backlog and differ only in how long they have run."""
    from performance.models import HourEntry, PerformancePlan, WorkItem
    from providers.models import Professional

    if not count.work_items:
        return
    firm, now = built.firm, datetime.now(UTC)
    per_week = max(1, round(count.work_items / 52))
    partner = next(u for r, u in built.users if r == Role.PARTNER)
    lawyers = [u.pk for r, u in built.users if r in (Role.PARTNER, Role.ATTORNEY)]
    with firm_scope(firm):
        pros = list(
            Professional.objects.filter(provider__engagement=built.engagement).values_list("pk", flat=True)
        )
        for name, weeks in HISTORY:
            began = (now - timedelta(weeks=weeks)).date()
            engagement = Engagement.objects.create(
                firm=firm, name=name, stage=Stage.PERFORMING, owner=partner, started_on=began
            )
            PerformancePlan.objects.create(firm=firm, engagement=engagement, began_on=began)
            items = _work_items(firm, engagement, pros, partner.pk, weeks * per_week, now, days=weeks * 7)
            _insert(WorkItem, items, report)
            hours = _hour_entries(firm, engagement, lawyers, weeks * per_week * 2, now, days=weeks * 7)
            _insert(HourEntry, hours, report)


def _insert(model: type[models.Model], rows: Iterable[dict], report: Report, batch: int = 50_000) -> None:
    """Stream rows into a firm table (call inside the firm's scope)."""
    table = model._meta.db_table
    buffer: list[dict] = []
    for row in rows:
        buffer.append(row)
        if len(buffer) == batch:
            _flush(model, buffer)
            report.add(table, len(buffer))
            buffer = []
    if buffer:
        _flush(model, buffer)
        report.add(table, len(buffer))


def _flush(model: type[models.Model], rows: list[dict]) -> None:
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=5_000)
        return
    # Columns the generator does not name (a field added since) get the model's default, as the
    # ORM would give them: COPY leaves no column to Django.
    defaults = {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in rows[0]
    }
    rows = [{**defaults, **row} for row in rows] if defaults else rows
    table, columns = model._meta.db_table, list(rows[0])
    cols = ", ".join(f'"{c}"' for c in columns)
    stage = f"load_stage_{table}"
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS "{stage}" AS SELECT {cols} FROM "{table}" WITH NO DATA'
        )
        with cursor.cursor.copy(f'COPY "{stage}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        cursor.execute(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM "{stage}"')
        cursor.execute(f'TRUNCATE "{stage}"')


# --- plumbing -------------------------------------------------------------------------------------


@contextmanager
def _timed(report: Report, label: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        report.seconds[label] = time.perf_counter() - start


@contextmanager
def _trail_paused() -> Iterator[None]:
    """Pause the audit-trail trigger while loading (needs the tables' owner; otherwise it stays on)."""
    from firmops.trail.recording import _tables

    tables = [t for t, _ in _tables()] if connection.vendor == "postgresql" else []

    def toggle(action: str) -> bool:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f'ALTER TABLE "{table}" {action} TRIGGER firmops_trail')
            return True
        except Exception:  # noqa: BLE001 - not the owner (or no trigger): load with the trail on
            return False

    paused = bool(tables) and toggle("DISABLE")
    try:
        yield
    finally:
        if paused:
            toggle("ENABLE")
