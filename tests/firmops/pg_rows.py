"""Raw-SQL rows for any firm table, built from the catalogue, so isolation tests cover every table.

Each required column gets a placeholder of its type; other foreign keys may dangle because Django's
keys are deferred, and `rolled_back()` discards the rows (and their pending checks) afterwards.
"""

from __future__ import annotations

import contextlib
import re
import uuid

from django.db import connection, transaction

PLACEHOLDERS = {
    "smallint": "1",
    "integer": "1",
    "bigint": "1",
    "numeric": "1",
    "double precision": "1",
    "real": "1",
    "boolean": "false",
    "date": "current_date",
    "timestamp with time zone": "now()",
    "time without time zone": "'09:00'",
    "interval": "'1 hour'",
    "jsonb": "'{}'::jsonb",
    "uuid": "gen_random_uuid()",
}


class _Discard(Exception):
    pass


@contextlib.contextmanager
def rolled_back():
    """A savepoint that is always rolled back, with every deferred check it queued."""
    with contextlib.suppress(_Discard), transaction.atomic():
        yield
        raise _Discard


def firm_tables() -> list[str]:
    """Every table of the schema with a firm_id column, from the catalogue (not from the models)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name FROM information_schema.columns
               WHERE table_schema = current_schema() AND column_name = 'firm_id' ORDER BY table_name"""
        )
        return [row[0] for row in cursor.fetchall()]


def _required_columns(table: str) -> list[tuple[str, str, int | None]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT column_name, data_type, character_maximum_length FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = %s AND is_nullable = 'NO'
                 AND column_default IS NULL AND is_identity = 'NO' AND column_name <> 'firm_id'""",
            [table],
        )
        return cursor.fetchall()


_ONE_OF = re.compile(r"^CHECK \(\(+(\w+) IS NOT NULL\) OR ")


def _one_of_columns(table: str) -> list[tuple[str, str, None]]:
    """The first column of each "a IS NOT NULL OR b IS NOT NULL" check (e.g. an entry's performer or
    timekeeper): nullable, but a row needs one of them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'c' AND conrelid = %s::regclass",
            [f'"{table}"'],
        )
        found = [m.group(1) for (definition,) in cursor.fetchall() if (m := _ONE_OF.match(definition))]
    return [(column, "bigint", None) for column in found]


def insert_row(table: str, *, firm_id: int, **values) -> int:
    """Insert a placeholder row of `table` for `firm_id` (inside that firm's scope); returns its id."""
    placeholders = {
        column: PLACEHOLDERS.get(data_type, f"'{('x' + uuid.uuid4().hex)[: size or 12]}'")
        for column, data_type, size in [*_required_columns(table), *_one_of_columns(table)]
        if column not in values
    }
    columns = ", ".join(f'"{c}"' for c in ["firm_id", *placeholders, *values])
    slots = ", ".join(["%s", *placeholders.values(), *["%s"] * len(values)])
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ({columns}) VALUES ({slots}) RETURNING id', [firm_id, *values.values()]
        )
        return cursor.fetchone()[0]


def count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return cursor.fetchone()[0]
