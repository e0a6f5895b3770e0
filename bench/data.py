"""The bench database: created when missing, migrated, filled by generate_load_data once per size.

BENCH_SIZE picks the preset (small, firm, platform; default firm). A database already holding the
same size is reused (its comment records the size and how long the build took); BENCH_FRESH=1 or a
different size drops and rebuilds it. Only for a database of its own: the default name says so.
"""

from __future__ import annotations

import json
import os
import time

DEFAULT_URL = "postgres://firmops:firmops@127.0.0.1:5432/firmops_bench"
SIZE = os.environ.get("BENCH_SIZE", "firm")


def _admin(url: str):
    """A psycopg connection to the server's maintenance database, as the bench role."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    owner = os.environ.get("DATABASE_OWNER_URL")
    if owner:  # two roles (firmops.tenancy.dbroles): the owner creates the database and runs migrations
        owner_cfg = dj_database_url.parse(owner)
        cfg.update(USER=owner_cfg["USER"], PASSWORD=owner_cfg["PASSWORD"])
    conn = psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"],
        password=cfg["PASSWORD"], dbname="postgres", autocommit=True,
    )  # fmt: skip
    return conn, cfg["NAME"]


def _marker(conn, name: str) -> dict | None:
    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database'), pg_get_userbyid(datdba), current_user "
        "FROM pg_database WHERE datname = %s",
        [name],
    ).fetchone()
    if row is None:
        return None
    if row[1] != row[2]:
        raise SystemExit(
            f"Database {name} belongs to role {row[1]}, not {row[2]} (a run with the other role setup?): "
            "drop it or point DATABASE_URL at another name."
        )
    try:
        return json.loads(row[0] or "{}")
    except ValueError:
        return {}


def prepare_database(url: str) -> tuple[bool, dict | None]:
    """Create (or drop and recreate) the database; True when the data must be generated."""
    from psycopg import sql

    conn, name = _admin(url)
    with conn:
        marker = _marker(conn, name)
        if marker is not None and marker.get("size") == SIZE and os.environ.get("BENCH_FRESH") != "1":
            return False, marker
        if marker is not None:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True, None


def _applied_migrations() -> int:
    from django.db.migrations.recorder import MigrationRecorder

    return MigrationRecorder.Migration.objects.count()


def _vacuum_analyze(url: str) -> None:
    """VACUUM ANALYZE the bench database (outside a transaction; autovacuum may be off), as the
    tables' owner when there are two roles: the app's role may not analyze what it does not own,
    and PostgreSQL only warns, leaving the planner without statistics."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    owner = os.environ.get("DATABASE_OWNER_URL")
    if owner:
        owner_cfg = dj_database_url.parse(owner)
        cfg.update(USER=owner_cfg["USER"], PASSWORD=owner_cfg["PASSWORD"])
    with psycopg.connect(
        host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"],
        password=cfg["PASSWORD"], dbname=cfg["NAME"], autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute("VACUUM ANALYZE")


def build(url: str, say=print) -> dict:
    """Migrate and (when needed) generate; returns the size, build time and row summary."""
    from django.core.management import call_command
    from psycopg import sql

    from bench.loaddata import SIZES, generate

    fresh, marker = prepare_database(url)
    applied = None if fresh else _applied_migrations()
    call_command("migrate", verbosity=0, interactive=False)
    if not fresh:
        say(f"reusing the {SIZE} data built on {marker.get('built')}")
        if _applied_migrations() != applied:
            _vacuum_analyze(url)  # new tables and indexes on old data: give the planner its statistics
            say("migrated the reused data, then VACUUM ANALYZE")
        return marker
    firms, entries, big, work = SIZES[SIZE]
    say(f"generating load data: --size {SIZE} ({firms:,} firms, {entries:,} task entries)")
    started = time.perf_counter()
    report = generate(firms=firms, entries=entries, big_entries=big, big_work=work, say=say)
    analyzed = time.perf_counter()
    _vacuum_analyze(url)
    report.seconds["VACUUM ANALYZE (as the tables' owner)"] = time.perf_counter() - analyzed
    marker = {
        "size": SIZE,
        "seconds": time.perf_counter() - started,
        "built": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "lines": report.lines(),
    }
    conn, name = _admin(url)
    with conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(json.dumps(marker))
            )
        )
    return marker
