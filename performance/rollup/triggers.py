"""The database keeps the performance rollups (performance.rollup.models) in step with their rows.

Triggers rather than service code, as for the audit's period rollup (audit/rollup.py): a work item
saved by a service, a bulk update, a CSV import, a cascade from a deleted engagement or raw SQL all
move the weekly totals in their own transaction.

PostgreSQL: statement-level triggers with transition tables. Old rows count minus, new rows plus,
netted per key first, so an edit that moves no total writes nothing and a 50,000-row insert is one
grouped upsert; keys are upserted in order so two writers cannot deadlock. Of the keys written,
those left with nothing in them are deleted (by id: only the rows this statement touched).
SQLite (the embedded default): one trigger per row, the week computed by a function this module
registers on every connection.

A work item's week is the Monday of its timestamp in the firm's time zone: changing a firm's zone
recounts that firm's work weeks (a trigger on firmops_firm). Hour entries carry a plain date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

WORK = "performance_workweek"
HOURS = "performance_hourweek"
ITEMS = "performance_workitem"
ENTRIES = "performance_hourentry"

WORK_KEY = ("firm_id", "engagement_id", "week", "category", "professional_id")
WORK_SUMS = ("assigned", "delivered", "turnaround_hours", "on_time", "late", "hours")
HOUR_KEY = ("firm_id", "engagement_id", "week", "attorney_id", "category")
HOUR_SUMS = ("entries", "hours")
EMPTY = {WORK: "assigned <= 0 AND delivered <= 0", HOURS: "entries <= 0"}

_ON_TIME = "(CASE WHEN {r}due_at IS NOT NULL AND {r}delivered_at <= {r}due_at THEN 1 ELSE 0 END)"
_LATE = "(CASE WHEN {r}due_at IS NOT NULL AND {r}delivered_at > {r}due_at THEN 1 ELSE 0 END)"


def _cols(names) -> str:
    return ", ".join(names)


# --- PostgreSQL --------------------------------------------------------------------------------------


def _pg_work_rows(source: str, sign: str, where: str = "TRUE") -> str:
    """What each work item adds to its weeks: +1 assigned in the week of assigned_at; in the week of
    delivered_at, +1 delivered with its turnaround, on-time or late, and hours."""
    key = "firm_id, engagement_id, category, professional_id"
    return (
        f"SELECT {key}, assigned_at AS at, {sign}1 AS assigned, 0 AS delivered, "
        f"0::numeric AS turnaround_hours, 0 AS on_time, 0 AS late, 0::numeric AS hours "
        f"FROM {source} WHERE {where} "
        f"UNION ALL SELECT {key}, delivered_at, 0, {sign}1, {sign}coalesce(turnaround_hours, 0), "
        f"{sign}{_ON_TIME.format(r='')}, {sign}{_LATE.format(r='')}, {sign}hours "
        f"FROM {source} WHERE delivered_at IS NOT NULL AND {where}"
    )


def _pg_work_grouped(rows: str, having: bool) -> str:
    sums = ", ".join(f"sum(d.{c})" for c in WORK_SUMS)
    nonzero = " OR ".join(f"sum(d.{c}) <> 0" for c in WORK_SUMS)
    return (
        "SELECT d.firm_id, d.engagement_id, "
        "(date_trunc('week', d.at AT TIME ZONE f.time_zone))::date AS week, d.category, d.professional_id, "
        f"{sums} FROM ({rows}) d JOIN firmops_firm f ON f.id = d.firm_id "
        "GROUP BY 1, 2, 3, 4, 5" + (f" HAVING {nonzero}" if having else "") + " ORDER BY 1, 2, 3, 4, 5"
    )


def _pg_hour_rows(source: str, sign: str, where: str = "TRUE") -> str:
    return (
        "SELECT firm_id, engagement_id, date_trunc('week', worked_on)::date AS week, attorney_id, "
        f"category, {sign}1 AS entries, {sign}hours AS hours FROM {source} WHERE {where}"
    )


def _pg_hour_grouped(rows: str, having: bool) -> str:
    sums = ", ".join(f"sum(d.{c})" for c in HOUR_SUMS)
    nonzero = " OR ".join(f"sum(d.{c}) <> 0" for c in HOUR_SUMS)
    return (
        f"SELECT d.firm_id, d.engagement_id, d.week, d.attorney_id, d.category, {sums} FROM ({rows}) d "
        "GROUP BY 1, 2, 3, 4, 5" + (f" HAVING {nonzero}" if having else "") + " ORDER BY 1, 2, 3, 4, 5"
    )


def _pg_apply(table: str, key: tuple, sums: tuple, grouped: str) -> str:
    """Upsert the netted deltas, then delete the touched keys left empty."""
    add = ", ".join(f"{c} = r.{c} + EXCLUDED.{c}" for c in sums)
    return f"""
    WITH up AS (
      INSERT INTO {table} AS r ({_cols(key)}, {_cols(sums)}) {grouped}
      ON CONFLICT ({_cols(key)}) DO UPDATE SET {add}
      RETURNING r.id, {", ".join(f"r.{c}" for c in sums)}
    ) SELECT array_agg(id) INTO emptied FROM up WHERE {EMPTY[table]};
    IF emptied IS NOT NULL THEN DELETE FROM {table} WHERE id = ANY(emptied); END IF;"""


def _pg_function(name: str, table: str, key: tuple, sums: tuple, rows, grouped) -> str:
    plus, minus = rows("new_rows", ""), rows("old_rows", "-")
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
DECLARE emptied bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_pg_apply(table, key, sums, grouped(plus, True))}
  ELSIF TG_OP = 'UPDATE' THEN
    {_pg_apply(table, key, sums, grouped(plus + " UNION ALL " + minus, True))}
  ELSE
    {_pg_apply(table, key, sums, grouped(minus, True))}
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


def _recount_work(firm: str, grouped) -> list[str]:
    """Statements recounting one firm's work weeks from its work items (`firm`: an SQL expression)."""
    return [
        f"DELETE FROM {WORK} WHERE firm_id = {firm}",
        f"INSERT INTO {WORK} ({_cols(WORK_KEY)}, {_cols(WORK_SUMS)}) {grouped}",
    ]


def _pg_rezone() -> str:
    """A firm's new time zone moves its work items to other weeks: recount them, in that firm's
    row-level-security scope for the duration (the change may come from outside it, e.g. the admin)."""
    recount = ";\n  ".join(
        _recount_work("NEW.id", _pg_work_grouped(_pg_work_rows(ITEMS, "", "firm_id = NEW.id"), False))
    )
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
    _pg_function("performance_workweek_apply", WORK, WORK_KEY, WORK_SUMS, _pg_work_rows, _pg_work_grouped),
    *_pg_triggers("performance_workweek", ITEMS, "performance_workweek_apply"),
    _pg_function("performance_hourweek_apply", HOURS, HOUR_KEY, HOUR_SUMS, _pg_hour_rows, _pg_hour_grouped),
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


def _sqlite_upsert(table: str, key: tuple, sums: tuple, select: str) -> str:
    add = ", ".join(f"{c} = {c} + excluded.{c}" for c in sums)
    return (
        f"INSERT INTO {table} ({_cols(key)}, {_cols(sums)}) {select} "
        f"ON CONFLICT ({_cols(key)}) DO UPDATE SET {add};"
    )


def _sqlite_week(column: str) -> str:
    return f"{WEEK_FUNCTION}({column}, f.time_zone)"


def _sqlite_work(row: str, sign: str) -> str:
    """A row's two contributions: its assignment week and, when delivered, its delivery week."""
    r = f"{row}."
    base = f"{r}firm_id, {r}engagement_id"
    who = f"{r}category, {r}professional_id"
    firm = f"FROM firmops_firm f WHERE f.id = {r}firm_id"
    assigned = f"SELECT {base}, {_sqlite_week(r + 'assigned_at')}, {who}, {sign}1, 0, 0, 0, 0, 0 {firm}"
    delivered = (
        f"SELECT {base}, {_sqlite_week(r + 'delivered_at')}, {who}, 0, {sign}1, "
        f"{sign}coalesce({r}turnaround_hours, 0), {sign}{_ON_TIME.format(r=r)}, {sign}{_LATE.format(r=r)}, "
        f"{sign}{r}hours {firm} AND {r}delivered_at IS NOT NULL"
    )
    return (
        _sqlite_upsert(WORK, WORK_KEY, WORK_SUMS, assigned)
        + " "
        + _sqlite_upsert(WORK, WORK_KEY, WORK_SUMS, delivered)
    )


def _sqlite_work_emptied(row: str) -> str:
    r = f"{row}."
    weeks = (
        f"(SELECT {_sqlite_week(r + 'assigned_at')} FROM firmops_firm f WHERE f.id = {r}firm_id "
        f"UNION SELECT {_sqlite_week(r + 'delivered_at')} FROM firmops_firm f WHERE f.id = {r}firm_id)"
    )
    return (
        f"DELETE FROM {WORK} WHERE firm_id = {r}firm_id AND engagement_id = {r}engagement_id "
        f"AND category = {r}category AND professional_id = {r}professional_id AND week IN {weeks} "
        f"AND {EMPTY[WORK]};"
    )


def _sqlite_hour_week(row: str) -> str:
    # 'weekday 0' moves forward to Sunday (or stays on one); six days back is that week's Monday.
    return f"date({row}.worked_on, 'weekday 0', '-6 days')"


def _sqlite_hours(row: str, sign: str) -> str:
    r = f"{row}."
    values = (
        f"SELECT {r}firm_id, {r}engagement_id, {_sqlite_hour_week(row)}, {r}attorney_id, {r}category, "
        f"{sign}1, {sign}{r}hours WHERE TRUE"  # WHERE: SQLite's upsert after a SELECT needs one
    )
    return _sqlite_upsert(HOURS, HOUR_KEY, HOUR_SUMS, values)


def _sqlite_hours_emptied(row: str) -> str:
    r = f"{row}."
    return (
        f"DELETE FROM {HOURS} WHERE firm_id = {r}firm_id AND engagement_id = {r}engagement_id "
        f"AND week = {_sqlite_hour_week(row)} AND attorney_id = {r}attorney_id "
        f"AND category = {r}category AND {EMPTY[HOURS]};"
    )


def _changed(columns) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


_WORK_COLUMNS = (
    "firm_id", "engagement_id", "category", "professional_id", "assigned_at", "delivered_at", "due_at",
    "turnaround_hours", "hours",
)  # fmt: skip
_HOUR_COLUMNS = ("firm_id", "engagement_id", "worked_on", "attorney_id", "category", "hours")


def _sqlite_recount_work_grouped(firm: str) -> str:
    key = "i.firm_id, i.engagement_id"
    who = "i.category, i.professional_id"
    rows = (
        f"SELECT {key}, {_sqlite_week('i.assigned_at')} AS week, {who}, 1 AS assigned, 0 AS delivered, "
        "0 AS turnaround_hours, 0 AS on_time, 0 AS late, 0 AS hours "
        f"FROM {ITEMS} i JOIN firmops_firm f ON f.id = i.firm_id WHERE i.firm_id = {firm} "
        f"UNION ALL SELECT {key}, {_sqlite_week('i.delivered_at')}, {who}, 0, 1, "
        f"coalesce(i.turnaround_hours, 0), {_ON_TIME.format(r='i.')}, {_LATE.format(r='i.')}, i.hours "
        f"FROM {ITEMS} i JOIN firmops_firm f ON f.id = i.firm_id "
        f"WHERE i.firm_id = {firm} AND i.delivered_at IS NOT NULL"
    )
    sums = ", ".join(f"sum({c})" for c in WORK_SUMS)
    return f"SELECT {_cols(WORK_KEY)}, {sums} FROM ({rows}) GROUP BY {_cols(WORK_KEY)}"


SQLITE = [
    *[f"DROP TRIGGER IF EXISTS performance_workweek_{op}" for op in ("insert", "update", "delete")],
    f"CREATE TRIGGER performance_workweek_insert AFTER INSERT ON {ITEMS} BEGIN {_sqlite_work('NEW', '')} END",
    f"CREATE TRIGGER performance_workweek_update AFTER UPDATE ON {ITEMS} WHEN {_changed(_WORK_COLUMNS)} "
    f"BEGIN {_sqlite_work('OLD', '-')} {_sqlite_work('NEW', '')} {_sqlite_work_emptied('OLD')} END",
    f"CREATE TRIGGER performance_workweek_delete AFTER DELETE ON {ITEMS} "
    f"BEGIN {_sqlite_work('OLD', '-')} {_sqlite_work_emptied('OLD')} END",
    *[f"DROP TRIGGER IF EXISTS performance_hourweek_{op}" for op in ("insert", "update", "delete")],
    f"CREATE TRIGGER performance_hourweek_insert AFTER INSERT ON {ENTRIES} "
    f"BEGIN {_sqlite_hours('NEW', '')} END",
    f"CREATE TRIGGER performance_hourweek_update AFTER UPDATE ON {ENTRIES} WHEN {_changed(_HOUR_COLUMNS)} "
    f"BEGIN {_sqlite_hours('OLD', '-')} {_sqlite_hours('NEW', '')} {_sqlite_hours_emptied('OLD')} END",
    f"CREATE TRIGGER performance_hourweek_delete AFTER DELETE ON {ENTRIES} "
    f"BEGIN {_sqlite_hours('OLD', '-')} {_sqlite_hours_emptied('OLD')} END",
    "DROP TRIGGER IF EXISTS performance_rollup_rezone",
    "CREATE TRIGGER performance_rollup_rezone AFTER UPDATE OF time_zone ON firmops_firm "
    "WHEN OLD.time_zone IS NOT NEW.time_zone BEGIN "
    + " ".join(s + ";" for s in _recount_work("NEW.id", _sqlite_recount_work_grouped("NEW.id")))
    + " END",
]

DROP = {
    "postgresql": [
        *[
            f"DROP TRIGGER IF EXISTS {t}_{op} ON {table}"
            for t, table in (("performance_workweek", ITEMS), ("performance_hourweek", ENTRIES))
            for op in ("insert", "update", "delete")
        ],
        "DROP TRIGGER IF EXISTS performance_rollup_rezone ON firmops_firm",
        "DROP FUNCTION IF EXISTS performance_workweek_apply()",
        "DROP FUNCTION IF EXISTS performance_hourweek_apply()",
        "DROP FUNCTION IF EXISTS performance_rollup_rezone()",
    ],
    "sqlite": [
        *[
            f"DROP TRIGGER IF EXISTS {t}_{op}"
            for t in ("performance_workweek", "performance_hourweek")
            for op in ("insert", "update", "delete")
        ],
        "DROP TRIGGER IF EXISTS performance_rollup_rezone",
    ],
}


def _recount(vendor: str) -> list[str]:
    """Statements recounting one firm (parameter: its id, once per %s) from its rows."""
    if vendor == "postgresql":
        work = _recount_work("%s", _pg_work_grouped(_pg_work_rows(ITEMS, "", "firm_id = %s"), False))
        hours = _pg_hour_grouped(_pg_hour_rows(ENTRIES, "", "firm_id = %s"), False)
    else:
        work = _recount_work("%s", _sqlite_recount_work_grouped("%s"))
        week = _sqlite_hour_week("e")
        hours = (
            f"SELECT e.firm_id, e.engagement_id, {week}, e.attorney_id, e.category, count(*), sum(e.hours) "
            f"FROM {ENTRIES} e WHERE e.firm_id = %s GROUP BY 1, 2, 3, 4, 5"
        )
    return [
        *work,
        f"DELETE FROM {HOURS} WHERE firm_id = %s",
        f"INSERT INTO {HOURS} ({_cols(HOUR_KEY)}, {_cols(HOUR_SUMS)}) {hours}",
    ]


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
    _run(connection, _recount(connection.vendor), firm_id)


def rebuild_all(connection) -> None:
    """Recount every firm's rollups, each firm in its own scope (a migration's first count)."""
    from firmops.tenancy.rls import each_firm

    with connection.cursor() as cursor:
        for firm_id in each_firm(connection, cursor):
            _run(connection, _recount(connection.vendor), firm_id)
