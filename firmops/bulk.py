"""Many rows in one statement without a model instance per row: for imports and generated data.

`bulk_create` builds an instance and prepares each value field by field, which was most of a
100,000-row import's time. Here the caller hands plain values; PostgreSQL gets one
`INSERT … SELECT FROM unnest(arrays)` per batch (COPY is not allowed on tables with row-level
security), SQLite one `executemany`. Triggers and constraints still run: the audit trail and the
cross-firm checks see these rows like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import psycopg
from django.db import connection, models


def _sqlite_adapter(field: models.Field) -> Callable | None:
    ops = connection.ops
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> int:
    """Insert `rows` (tuples in the order of `columns`, field names) into `model`'s table; the count."""
    if not rows:
        return 0
    fields = [model._meta.get_field(name) for name in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%b::{f.db_type(connection)}[]" for f in fields)
        connection.ensure_connection()
        # A server-side-binding cursor sends the arrays as parameters; Django's client-side
        # binding would quote every value into the SQL text (a third of the import's time).
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays})",
                [list(values) for values in zip(*rows, strict=True)],
            )
        return len(rows)
    adapters = [(i, a) for i, f in enumerate(fields) if (a := _sqlite_adapter(f)) is not None]
    if adapters:
        rows = [_adapted(row, adapters) for row in rows]
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
    return len(rows)


def _adapted(row: tuple, adapters: list[tuple[int, Callable]]) -> tuple:
    values = list(row)
    for i, adapt in adapters:
        if values[i] is not None:
            values[i] = adapt(values[i])
    return tuple(values)
