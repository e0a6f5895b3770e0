"""Shared fixtures: two firms, a member per role in each, and clients signed in as them.

Tests needing PostgreSQL or Redis skip on a laptop without them, but fail in CI
(FIRMOPS_REQUIRE_SERVICES=1), so a green CI always means they ran.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

from firmops.models import Role
from firmops.tenancy import firm_scope
from firmops.tenancy.dbroles import use_role
from tests.factories import EngagementFactory, FirmFactory, MembershipFactory, UserFactory

REQUIRE_SERVICES = os.environ.get("FIRMOPS_REQUIRE_SERVICES") == "1"


def _service_missing(item) -> str | None:
    if item.get_closest_marker("needs_postgres") and not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        return "needs PostgreSQL (set DATABASE_URL); runs in CI's PostgreSQL pass"
    if item.get_closest_marker("needs_redis") and not os.environ.get("REDIS_URL"):
        return "needs Redis (set REDIS_URL); runs in CI's PostgreSQL pass"
    if item.get_closest_marker("needs_owner_role") and not os.environ.get("DATABASE_OWNER_URL"):
        return "needs the migration owner role too (set DATABASE_OWNER_URL); runs in CI's PostgreSQL pass"
    return None


def pytest_runtest_setup(item):
    reason = _service_missing(item)
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"FIRMOPS_REQUIRE_SERVICES=1 but this test {reason}")
    pytest.skip(reason)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """`--dist loadgroup`: give each `xdist_group` test the `@group` nodeid suffix xdist schedules by.

    pytest 9 derives `nodeid` from `_id`, so pytest-xdist 3.8's own suffix (written to `_nodeid`) is lost
    and grouped tests scatter over workers: the browser journey's ordered steps would run apart.
    """
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        marks = item.iter_markers("xdist_group")
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks})
        suffix = "@" + "_".join(names)
        if names and not item.nodeid.endswith(suffix):
            item._id = coerce_node_id(item.nodeid + suffix)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The owner role (DATABASE_OWNER_URL) creates, migrates and finally drops the test database..."""
    use_role("owner")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """...and the tests run as the app's role, which owns no table (firmops.tenancy.dbroles)."""
    use_role("app")
    yield
    use_role("owner")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]  # speed: real hashing is slow by design
    # Rate-limit counters live in the cache: a fresh local one per test, so tests don't trip each other.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"f{tmp_path}"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def firm(db):
    return FirmFactory(name="Avery & Stone LLP", slug="avery")


@pytest.fixture
def other_firm(db):
    return FirmFactory(name="Blackwood Partners", slug="blackwood")


def _member(firm, role, email):
    user = UserFactory(email=email)
    with firm_scope(firm):
        MembershipFactory(firm=firm, user=user, role=role)
    return user


@pytest.fixture
def members(firm):
    """One user per role in `firm`, keyed by role."""
    return {role: _member(firm, role, f"{role}@avery.test") for role in Role.values}


@pytest.fixture
def partner(members):
    return members[Role.PARTNER]


@pytest.fixture
def paralegal(members):
    return members[Role.PARALEGAL]


@pytest.fixture
def other_partner(other_firm):
    return _member(other_firm, Role.PARTNER, "partner@blackwood.test")


@pytest.fixture
def engagement(firm, partner):
    with firm_scope(firm):
        return EngagementFactory(firm=firm, owner=partner, name="Avery audit 2026")


@pytest.fixture
def other_engagement(other_firm, other_partner):
    with firm_scope(other_firm):
        return EngagementFactory(firm=other_firm, owner=other_partner, name="Blackwood secret engagement")


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client signed in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright drives Debian's Chromium (installed by `make test`); it never downloads a browser."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
