"""The environment of a bench process (python -m bench, and its children that describe a database)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment() -> None:
    """The bench's defaults: its own database and Redis, the bench settings, one fixed key."""
    from bench.data import DEFAULT_URL

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    # As deployed (docker-compose.yml): the cache and the broker in Redis, one database connection
    # kept per process (the in-process profiles then time the queries, not a connect per request).
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # Server and bench sign the same sessions and questionnaire links: one key, fixed for the run.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var/bench/media"))
    (ROOT / "var/bench").mkdir(parents=True, exist_ok=True)
