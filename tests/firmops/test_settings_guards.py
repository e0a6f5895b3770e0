"""Production settings refuse to start unsafe; `check --deploy` is clean when configured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-value-0123456789"
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "firm.example.com"}


def _check(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SITE_URL",
            "ADMIN_PATH",
            "DEBUG",
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_debug_off_with_the_default_secret_key_refuses_to_start():
    result = _check({"DEBUG": "0", "ALLOWED_HOSTS": "firm.example.com"})
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr


def test_debug_off_without_allowed_hosts_refuses_to_start():
    result = _check({"DEBUG": "0", "SECRET_KEY": GOOD_KEY})
    assert result.returncode != 0
    assert "set ALLOWED_HOSTS" in result.stderr


def test_a_misspelt_boolean_is_an_error_not_false():
    result = _check({"DEBUG": "nope"})
    assert result.returncode != 0
    assert "DEBUG='nope' is not a yes/no value" in result.stderr


def test_debug_off_without_site_url_refuses_to_start():
    result = _check(PRODUCTION)
    assert result.returncode != 0
    assert "set SITE_URL to the address people open firmops at" in result.stderr


def test_debug_off_with_the_localhost_default_site_url_refuses_to_start():
    result = _check({**PRODUCTION, "SITE_URL": "http://localhost:8000/"})
    assert result.returncode != 0
    assert "set SITE_URL" in result.stderr


def test_debug_off_with_a_site_url_on_a_host_it_does_not_serve_refuses_to_start():
    result = _check({**PRODUCTION, "SITE_URL": "https://firm.example.org"})
    assert result.returncode != 0
    assert "SITE_URL='https://firm.example.org' names a host ALLOWED_HOSTS does not list" in result.stderr


def test_a_site_url_without_a_scheme_is_an_error_even_in_development():
    result = _check({"SITE_URL": "localhost:8101"})
    assert result.returncode != 0
    assert "SITE_URL='localhost:8101' is not a web address" in result.stderr


def test_an_admin_path_that_is_not_a_url_path_is_an_error():
    result = _check({"ADMIN_PATH": "back office?"})
    assert result.returncode != 0
    assert "ADMIN_PATH='back office?' is not a URL path" in result.stderr


def test_an_admin_path_under_firmops_own_pages_is_an_error():
    result = _check({"ADMIN_PATH": "api/admin"})
    assert result.returncode != 0
    assert "ADMIN_PATH='api/admin/' starts where firmops's pages live (/api/)" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = _check(
        {**PRODUCTION, "SITE_URL": "https://firm.example.com"},
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
