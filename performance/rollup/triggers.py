"""The database keeps the performance rollups (performance.rollup.models) in step with their rows.

Triggers rather than service code, as for the audit's period rollup (audit/rollup.py): a work item
saved by a service, a bulk update, a CSV import, a cascade from a deleted engagement or raw SQL all
move the weekly totals in their own transaction.

Each source row contributes to weeks: a work item +1 assigned in the week of its assignment and,
once delivered, +1 delivered (with its turnaround, on-time or late, and hours) in the week of its
delivery; an hour entry its hours in the week of its day. Each rollup sums those contributions by
its own key.

PostgreSQL: statement-level triggers with transition tables. Old rows count minus, new rows plus,
netted per key first, so an edit that moves no total writes nothing and a 50,000-row insert is one
grouped upsert per rollup; keys are upserted in order so two writers cannot deadlock. Of the keys
written, those left with nothing in them are deleted (by id: only the rows this statement touched).
SQLite (the embedded default): one trigger per row, the week computed by a function this module
registers on every connection.

A work item's week is the Monday of its timestamp in the firm's time zone: changing a firm's zone
recounts that firm's work rollups (a trigger on firmops_firm). Hour entries carry a plain date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

ITEMS = "performance_workitem"
ENTRIES = "performance_hourentry"


@dataclass(frozen=True)
class Rollup:
    table: str
    key: tuple[str, ...]
    sums: tuple[str, ...]
    empty: str  # a row that holds nothing: deleted

    @property
    def columns(self) -> str:
        return ", ".join((*self.key, *self.sums))

    @property
    def key_list(self) -> str:
        return ", ".join(self.key)


WORK_SUMS = ("assigned", "delivered", "turnaround_hours", "on_time", "late", "hours")
WORK = Rollup(
    "performance_workweek",
    ("firm_id", "engagement_id", "week", "category", "professional_id"),
    WORK_SUMS,
    "assigned <= 0 AND delivered <= 0",
)
WORK_BY_PROFESSIONAL = Rollup(
    "performance_professionalweek",
    ("firm_id", "engagement_id", "week", "professional_id"),
    ("delivered", "hours"),
    "delivered <= 0",
)
HOUR_SUMS = ("entries", "hours")
HOURS = Rollup(
    "performance_hourweek",
    ("firm_id", "engagement_id", "week", "attorney_id", "category"),
    HOUR_SUMS,
    "entries <= 0",
)
HOURS_LOGGED = Rollup(
    "performance_loggedweek", ("firm_id", "engagement_id", "week"), HOUR_SUMS, "entries <= 0"
)
FROM_ITEMS = (WORK, WORK_BY_PROFESSIONAL)
FROM_ENTRIES = (HOURS, HOURS_LOGGED)

# Contribution columns, in order (each rollup picks its key and sums from them).
WORK_CONTRIBUTION = ("firm_id", "engagement_id", "week", "category", "professional_id", *WORK_SUMS)
HOUR_CONTRIBUTION = ("firm_id", "engagement_id", "week", "attorney_id", "category", *HOUR_SUMS)

_ON_TIME = "(CASE WHEN {r}due_at IS NOT NULL AND {r}delivered_at <= {r}due_at THEN 1 ELSE 0 END)"
_LATE = "(CASE WHEN {r}due_at IS NOT NULL AND {r}delivered_at > {r}due_at THEN 1 ELSE 0 END)"


def _work_parts(r: str, sign: str, week) -> list[tuple[list[str], str]]:
    """(expressions, condition) of a work row's two contributions, in WORK_CONTRIBUTION's order;
    `r` prefixes its columns ("NEW.", "i."...), `week(column)` is the SQL of a timestamp's local Monday."""
    who, what = [f"{r}firm_id", f"{r}engagement_id"], [f"{r}category", f"{r}professional_id"]
    assigned = [*who, week(r + "assigned_at"), *what, f"{sign}1", "0", "0", "0", "0", "0"]
    delivered = [
        *who, week(r + "delivered_at"), *what, "0", f"{sign}1", f"{sign}coalesce({r}turnaround_hours, 0)",
        f"{sign}{_ON_TIME.format(r=r)}", f"{sign}{_LATE.format(r=r)}", f"{sign}{r}hours",
    ]  # fmt: skip
    return [(assigned, "TRUE"), (delivered, f"{r}delivered_at IS NOT NULL")]


def _hour_parts(r: str, sign: str, week) -> list[str]:
    """The expressions of an hour entry's one contribution, in HOUR_CONTRIBUTION's order."""
    return [
        f"{r}firm_id", f"{r}engagement_id", week(r + "worked_on"), f"{r}attorney_id", f"{r}category",
        f"{sign}1", f"{sign}{r}hours",
    ]  # fmt: skip


def _named(expressions: list[str], columns: tuple[str, ...]) -> str:
    return ", ".join(f"{e} AS {c}" for e, c in zip(expressions, columns, strict=True))


def _grouped(rollup: Rollup, contributions: str) -> str:
    """The contributions summed by the rollup's key; keys whose sums are all zero left out, in key order."""
    sums = ", ".join(f"sum(d.{c})" for c in rollup.sums)
    nonzero = " OR ".join(f"sum(d.{c}) <> 0" for c in rollup.sums)
    key = ", ".join(f"d.{c}" for c in rollup.key)
    return f"SELECT {key}, {sums} FROM ({contributions}) d GROUP BY {key} HAVING {nonzero} ORDER BY {key}"


# --- PostgreSQL --------------------------------------------------------------------------------------


def _pg_week(column: str) -> str:
    return f"(date_trunc('week', {column} AT TIME ZONE f.time_zone))::date"


def _pg_work(source: str, sign: str, where: str = "TRUE") -> str:
    rows = [
        f"SELECT {_named(exprs, WORK_CONTRIBUTION)} FROM {source} i JOIN firmops_firm f ON f.id = i.firm_id "
        f"WHERE {condition} AND {where}"
        for exprs, condition in _work_parts("i.", sign, _pg_week)
    ]
    return " UNION ALL ".join(rows)


def _pg_hour_week(column: str) -> str:
    return f"date_trunc('week', {column})::date"


def _pg_hours(source: str, sign: str, where: str = "TRUE") -> str:
    columns = _named(_hour_parts("e.", sign, _pg_hour_week), HOUR_CONTRIBUTION)
    return f"SELECT {columns} FROM {source} e WHERE {where}"


def _pg_apply(rollups: tuple[Rollup, ...], contributions: str) -> str:
    """One statement: every rollup upserts its netted deltas; then the touched keys left empty go."""
    ctes = [f"d AS MATERIALIZED ({contributions})"]
    for n, r in enumerate(rollups):
        add = ", ".join(f"{c} = r.{c} + EXCLUDED.{c}" for c in r.sums)
        ctes.append(
            f"up{n} AS (INSERT INTO {r.table} AS r ({r.columns}) {_grouped(r, 'SELECT * FROM d')} "
            f"ON CONFLICT ({r.key_list}) DO UPDATE SET {add} "
            f"RETURNING r.id, {', '.join(f'r.{c}' for c in r.sums)})"
        )
    emptied = ", ".join(f"(SELECT array_agg(id) FROM up{n} WHERE {r.empty})" for n, r in enumerate(rollups))
    targets = ", ".join(f"emptied{n}" for n in range(len(rollups)))
    deletes = " ".join(
        f"IF emptied{n} IS NOT NULL THEN DELETE FROM {r.table} WHERE id = ANY(emptied{n}); END IF;"
        for n, r in enumerate(rollups)
    )
    return f"WITH {', '.join(ctes)} SELECT {emptied} INTO {targets};\n    {deletes}"


def _pg_function(name: str, rollups: tuple[Rollup, ...], contributions) -> str:
    plus, minus = contributions("new_rows", ""), contributions("old_rows", "-")
    declare = " ".join(f"emptied{n} bigint[];" for n in range(len(rollups)))
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
DECLARE {declare}
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_pg_apply(rollups, plus)}
  ELSIF TG_OP = 'UPDATE' THEN
    {_pg_apply(rollups, plus + " UNION ALL " + minus)}
  ELSE
    {_pg_apply(rollups, minus)}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


def _pg_triggers(prefix: str, table: str, function: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {prefix}_{op} ON {table}; "
        f"CREATE TRIGGER {prefix}_{op} AFTER {op.upper()} ON {table} "
        f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        for op, refs in (
            ("insert", "NEW TABLE AS new_rows"),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("delete", "OLD TABLE AS old_rows"),
        )
    ]


def _recount(rollups: tuple[Rollup, ...], firm: str, contributions: str) -> list[str]:
    """Statements recounting one firm's rollups from its rows (`firm`: an SQL expression)."""
    out = []
    for r in rollups:
        out += [
            f"DELETE FROM {r.table} WHERE firm_id = {firm}",
            f"INSERT INTO {r.table} ({r.columns}) {_grouped(r, contributions)}",
        ]
    return out


def _pg_rezone() -> str:
    """A firm's new time zone moves its work items to other weeks: recount them, in that firm's
    row-level-security scope for the duration (the change may come from outside it, e.g. the admin)."""
    recount = ";\n  ".join(_recount(FROM_ITEMS, "NEW.id", _pg_work(ITEMS, "", "i.firm_id = NEW.id")))
    return f"""
CREATE OR REPLACE FUNCTION performance_rollup_rezone() RETURNS trigger AS $$
DECLARE previous text := current_setting('firmops.firm_id', true);
BEGIN
  PERFORM set_config('firmops.firm_id', NEW.id::text, true);
  {recount};
  PERFORM set_config('firmops.firm_id', coalesce(previous, ''), true);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""


POSTGRES = [
    _pg_function("performance_workweek_apply", FROM_ITEMS, _pg_work),
    *_pg_triggers("performance_workweek", ITEMS, "performance_workweek_apply"),
    _pg_function("performance_hourweek_apply", FROM_ENTRIES, _pg_hours),
    *_pg_triggers("performance_hourweek", ENTRIES, "performance_hourweek_apply"),
    _pg_rezone(),
    "DROP TRIGGER IF EXISTS performance_rollup_rezone ON firmops_firm; "
    "CREATE TRIGGER performance_rollup_rezone AFTER UPDATE OF time_zone ON firmops_firm FOR EACH ROW "
    "WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone) EXECUTE FUNCTION performance_rollup_rezone()",
]

# --- SQLite ------------------------------------------------------------------------------------------

WEEK_FUNCTION = "performance_local_monday"


def local_monday(timestamp: str | None, zone: str | None) -> str | None:
    """SQLite: the Monday (ISO date) of a stored UTC timestamp in a time zone (registered as
    performance_local_monday on every SQLite connection: the triggers call it)."""
    if timestamp is None:
        return None
    moment = datetime.fromisoformat(str(timestamp))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # Django stores UTC without an offset on SQLite
    day: date = moment.astimezone(ZoneInfo(zone or "UTC")).date()
    return (day - timedelta(days=day.weekday())).isoformat()


def register_sqlite_function(sender=None, connection=None, **kwargs) -> None:
    """connection_created receiver: give SQLite connections the week function the triggers call."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(WEEK_FUNCTION, 2, local_monday, deterministic=True)


def _sqlite_week(column: str) -> str:
    return f"{WEEK_FUNCTION}({column}, f.time_zone)"


def _sqlite_hour_week(column: str) -> str:
    # 'weekday 0' moves forward to Sunday (or stays on one); six days back is that week's Monday.
    return f"date({column}, 'weekday 0', '-6 days')"


def _sqlite_contributions(source: str, row: str, sign: str) -> list[str]:
    """One row's contributions (NEW or OLD), each a SELECT of the contribution's named columns."""
    if source == ITEMS:
        return [
            f"SELECT {_named(exprs, WORK_CONTRIBUTION)} FROM firmops_firm f "
            f"WHERE f.id = {row}.firm_id AND {condition}"
            for exprs, condition in _work_parts(f"{row}.", sign, _sqlite_week)
        ]
    return [f"SELECT {_named(_hour_parts(f'{row}.', sign, _sqlite_hour_week), HOUR_CONTRIBUTION)}"]


def _sqlite_add(rollups: tuple[Rollup, ...], source: str, row: str, sign: str) -> str:
    out = []
    for part in _sqlite_contributions(source, row, sign):
        for r in rollups:
            add = ", ".join(f"{c} = {c} + excluded.{c}" for c in r.sums)
            nonzero = " OR ".join(f"{c} <> 0" for c in r.sums)
            out.append(
                f"INSERT INTO {r.table} ({r.columns}) SELECT {r.columns} FROM ({part}) WHERE {nonzero} "
                f"ON CONFLICT ({r.key_list}) DO UPDATE SET {add};"
            )
    return " ".join(out)


def _sqlite_emptied(rollups: tuple[Rollup, ...], source: str) -> str:
    keys = " UNION ALL ".join(_sqlite_contributions(source, "OLD", "-"))
    return " ".join(
        f"DELETE FROM {r.table} WHERE {r.empty} AND ({r.key_list}) IN (SELECT {r.key_list} FROM ({keys}));"
        for r in rollups
    )


def _changed(columns) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


_WATCHED = {
    ITEMS: (
        "firm_id", "engagement_id", "category", "professional_id", "assigned_at", "delivered_at", "due_at",
        "turnaround_hours", "hours",
    ),
    ENTRIES: ("firm_id", "engagement_id", "worked_on", "attorney_id", "category", "hours"),
}  # fmt: skip


def _sqlite_triggers(prefix: str, source: str, rollups: tuple[Rollup, ...]) -> list[str]:
    add = lambda row, sign: _sqlite_add(rollups, source, row, sign)  # noqa: E731
    return [
        *[f"DROP TRIGGER IF EXISTS {prefix}_{op}" for op in ("insert", "update", "delete")],
        f"CREATE TRIGGER {prefix}_insert AFTER INSERT ON {source} BEGIN {add('NEW', '')} END",
        f"CREATE TRIGGER {prefix}_update AFTER UPDATE ON {source} WHEN {_changed(_WATCHED[source])} "
        f"BEGIN {add('OLD', '-')} {add('NEW', '')} {_sqlite_emptied(rollups, source)} END",
        f"CREATE TRIGGER {prefix}_delete AFTER DELETE ON {source} "
        f"BEGIN {add('OLD', '-')} {_sqlite_emptied(rollups, source)} END",
    ]


def _sqlite_work(where: str) -> str:
    return " UNION ALL ".join(
        f"SELECT {_named(exprs, WORK_CONTRIBUTION)} FROM {ITEMS} i JOIN firmops_firm f ON f.id = i.firm_id "
        f"WHERE {condition} AND {where}"
        for exprs, condition in _work_parts("i.", "", _sqlite_week)
    )


def _sqlite_hours(where: str) -> str:
    columns = _named(_hour_parts("e.", "", _sqlite_hour_week), HOUR_CONTRIBUTION)
    return f"SELECT {columns} FROM {ENTRIES} e WHERE {where}"


SQLITE = [
    *_sqlite_triggers("performance_workweek", ITEMS, FROM_ITEMS),
    *_sqlite_triggers("performance_hourweek", ENTRIES, FROM_ENTRIES),
    "DROP TRIGGER IF EXISTS performance_rollup_rezone",
    "CREATE TRIGGER performance_rollup_rezone AFTER UPDATE OF time_zone ON firmops_firm "
    "WHEN OLD.time_zone IS NOT NEW.time_zone BEGIN "
    + " ".join(s + ";" for s in _recount(FROM_ITEMS, "NEW.id", _sqlite_work("i.firm_id = NEW.id")))
    + " END",
]

DROP = {
    "postgresql": [
        *[
            f"DROP TRIGGER IF EXISTS {prefix}_{op} ON {table}"
            for prefix, table in (("performance_workweek", ITEMS), ("performance_hourweek", ENTRIES))
            for op in ("insert", "update", "delete")
        ],
        "DROP TRIGGER IF EXISTS performance_rollup_rezone ON firmops_firm",
        "DROP FUNCTION IF EXISTS performance_workweek_apply()",
        "DROP FUNCTION IF EXISTS performance_hourweek_apply()",
        "DROP FUNCTION IF EXISTS performance_rollup_rezone()",
    ],
    "sqlite": [
        *[
            f"DROP TRIGGER IF EXISTS {prefix}_{op}"
            for prefix in ("performance_workweek", "performance_hourweek")
            for op in ("insert", "update", "delete")
        ],
        "DROP TRIGGER IF EXISTS performance_rollup_rezone",
    ],
}


def _recount_all(vendor: str) -> list[str]:
    """Statements recounting one firm (parameter: its id, once per %s) from its rows."""
    if vendor == "postgresql":
        work, hours = _pg_work(ITEMS, "", "i.firm_id = %s"), _pg_hours(ENTRIES, "", "e.firm_id = %s")
    else:
        work, hours = _sqlite_work("i.firm_id = %s"), _sqlite_hours("e.firm_id = %s")
    return [*_recount(FROM_ITEMS, "%s", work), *_recount(FROM_ENTRIES, "%s", hours)]


def _run(connection, statements: list[str], firm_id: int | None = None) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, None if firm_id is None else [firm_id] * statement.count("%s"))


def install(connection) -> None:
    """(Re)create the triggers for this database's vendor."""
    _run(connection, POSTGRES if connection.vendor == "postgresql" else SQLITE)


def uninstall(connection) -> None:
    _run(connection, DROP.get(connection.vendor, []))


def rebuild(connection, firm_id: int) -> None:
    """Recount one firm's rollups from its rows (inside that firm's scope on PostgreSQL)."""
    _run(connection, _recount_all(connection.vendor), firm_id)


def rebuild_all(connection) -> None:
    """Recount every firm's rollups, each firm in its own scope (a migration's first count)."""
    from firmops.tenancy.rls import each_firm

    with connection.cursor() as cursor:
        for firm_id in each_firm(connection, cursor):
            _run(connection, _recount_all(connection.vendor), firm_id)
