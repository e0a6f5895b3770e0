"""The period rollup (audit.models.PeriodRollup): kept in step with task entries by the database.

Triggers rather than service code, so that every way an entry changes — a quick log, a CSV import,
a reclassification's bulk update, a cascade, raw SQL — moves the totals in the same transaction.

PostgreSQL: statement-level triggers with transition tables, so a 100,000-row import adds one
grouped upsert, not 100,000. Old rows count minus, new rows plus, netted per key first: an edit
that changes neither minutes nor a grouping column writes nothing. Keys are upserted in order so
two writers cannot deadlock on them. SQLite (the embedded default): one trigger per row.

A key whose entries drop to zero is deleted, so the rollup holds only what the entries hold.
"""

from __future__ import annotations

from firmops.tenancy.rls import each_firm

KEY = (
    "firm_id", "period_id", "category", "bucket", "performed_on", "performer_role", "billable", "hourly_cost",
)  # fmt: skip
_KEY = ", ".join(KEY)
_TABLE = "audit_periodrollup"
_ENTRIES = "audit_taskentry"

_UPSERT = f"""
INSERT INTO {_TABLE} AS r ({_KEY}, entries, minutes)
SELECT {_KEY}, sum(n), sum(m) FROM ({{rows}}) d
GROUP BY {_KEY} HAVING sum(n) <> 0 OR sum(m) <> 0 ORDER BY {_KEY}
ON CONFLICT ({_KEY}) DO UPDATE
SET entries = r.entries + EXCLUDED.entries, minutes = r.minutes + EXCLUDED.minutes;
"""
_PLUS = f"SELECT {_KEY}, 1 AS n, minutes::bigint AS m FROM new_rows"
_MINUS = f"SELECT {_KEY}, -1 AS n, -minutes::bigint AS m FROM old_rows"
_EMPTIED = f"""
DELETE FROM {_TABLE} r USING (SELECT DISTINCT firm_id, period_id FROM old_rows) p
WHERE r.firm_id = p.firm_id AND r.period_id = p.period_id AND r.entries <= 0;
"""

POSTGRES = [
    f"""
CREATE OR REPLACE FUNCTION audit_rollup_apply() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_UPSERT.format(rows=_PLUS)}
  ELSIF TG_OP = 'UPDATE' THEN
    {_UPSERT.format(rows=_PLUS + " UNION ALL " + _MINUS)}
    {_EMPTIED}
  ELSE
    {_UPSERT.format(rows=_MINUS)}
    {_EMPTIED}
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
""",
    *[
        f"DROP TRIGGER IF EXISTS audit_rollup_{op} ON {_ENTRIES}; "
        f"CREATE TRIGGER audit_rollup_{op} AFTER {op.upper()} ON {_ENTRIES} "
        f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION audit_rollup_apply()"
        for op, refs in (
            ("insert", "NEW TABLE AS new_rows"),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("delete", "OLD TABLE AS old_rows"),
        )
    ],
]


def _sqlite_add(row: str, sign: str) -> str:
    values = ", ".join(f"{row}.{c}" for c in KEY)
    return (
        f"INSERT INTO {_TABLE} ({_KEY}, entries, minutes) VALUES ({values}, {sign}1, {sign}{row}.minutes) "
        f"ON CONFLICT ({_KEY}) DO UPDATE SET entries = entries + excluded.entries, "
        "minutes = minutes + excluded.minutes;"
    )


def _sqlite_emptied(row: str) -> str:
    return (
        f"DELETE FROM {_TABLE} WHERE firm_id = {row}.firm_id AND period_id = {row}.period_id "
        "AND entries <= 0;"
    )


_CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in (*KEY, "minutes"))
SQLITE = [
    "DROP TRIGGER IF EXISTS audit_rollup_insert",
    f"CREATE TRIGGER audit_rollup_insert AFTER INSERT ON {_ENTRIES} BEGIN {_sqlite_add('NEW', '')} END",
    "DROP TRIGGER IF EXISTS audit_rollup_update",
    f"CREATE TRIGGER audit_rollup_update AFTER UPDATE ON {_ENTRIES} WHEN {_CHANGED} BEGIN "
    f"{_sqlite_add('OLD', '-')} {_sqlite_add('NEW', '')} {_sqlite_emptied('OLD')} END",
    "DROP TRIGGER IF EXISTS audit_rollup_delete",
    f"CREATE TRIGGER audit_rollup_delete AFTER DELETE ON {_ENTRIES} BEGIN "
    f"{_sqlite_add('OLD', '-')} {_sqlite_emptied('OLD')} END",
]

DROP = {
    "postgresql": [
        *[f"DROP TRIGGER IF EXISTS audit_rollup_{op} ON {_ENTRIES}" for op in ("insert", "update", "delete")],
        "DROP FUNCTION IF EXISTS audit_rollup_apply()",
    ],
    "sqlite": [f"DROP TRIGGER IF EXISTS audit_rollup_{op}" for op in ("insert", "update", "delete")],
}

# Recount one firm from its entries (a migration's backfill, and the tests' yardstick).
_REBUILD = [
    f"DELETE FROM {_TABLE} WHERE firm_id = %s",
    f"INSERT INTO {_TABLE} ({_KEY}, entries, minutes) SELECT {_KEY}, count(*), sum(minutes) "
    f"FROM {_ENTRIES} WHERE firm_id = %s GROUP BY {_KEY}",
]


def install(connection) -> None:
    """(Re)create the triggers for this database's vendor."""
    statements = POSTGRES if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for statement in DROP.get(connection.vendor, []):
            cursor.execute(statement)


def rebuild(connection, firm_id: int) -> None:
    """Recount one firm's rollup from its entries (call inside that firm's transaction scope)."""
    with connection.cursor() as cursor:
        for statement in _REBUILD:
            cursor.execute(statement, [firm_id])


def rebuild_all(connection) -> None:
    """Recount every firm's rollup, each firm in its own scope."""
    with connection.cursor() as cursor:
        for firm_id in each_firm(connection, cursor):
            for statement in _REBUILD:
                cursor.execute(statement, [firm_id])


def entry_count(*, firm, filters: dict) -> int | None:
    """How many of the firm's entries match `filters` (exact values of key columns), read from the
    rollup: a sum over a period's few thousand rollup rows where a COUNT reads every entry (~40 ms
    at 100k). Exact, since the triggers move the rollup in the entries' own transaction. None when
    a filter is on a column the rollup does not keep (the caller counts the entries then)."""
    from django.db.models import Sum

    from audit.models import PeriodRollup

    if not set(filters) <= set(KEY) - {"firm_id"}:
        return None
    total = PeriodRollup.objects.for_firm(firm).filter(**filters).aggregate(n=Sum("entries"))["n"]
    return total or 0
