"""Security headers on real responses under the production settings (DEBUG=0), and no inline scripts."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.firmops.test_settings_guards import GOOD_KEY

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_KEYS = (
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
PAGES = (
    "/f/avery/",
    "/f/avery/settings/",
    "/f/avery/members/",
    "/f/avery/audit/",
    "/f/avery/vetting/",
    "/f/avery/onboarding/",
    "/f/avery/performance/",
    "/api/docs/",
    "/api/v1/firms/avery/engagements/",
)
ANONYMOUS_PAGES = ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/")


@pytest.fixture(scope="module")
def production_values():
    """The security settings exactly as settings.py computes them with DEBUG=0 (a separate process)."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {PRODUCTION_KEYS!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _production_env() -> dict:
    drop = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL")
    keep = {k: v for k, v in os.environ.items() if k not in drop}
    return {
        **keep,
        "DEBUG": "0",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "testserver",
        "SITE_URL": "https://testserver",
    }


@pytest.fixture
def production(settings, production_values):
    for key, value in production_values.items():
        setattr(settings, key, tuple(value) if key == "SECURE_PROXY_SSL_HEADER" else value)
    return production_values


def _script_src(csp: str) -> str:
    return next(d for d in csp.split(";") if d.strip().startswith("script-src"))


def test_production_settings_turn_every_protection_on(production):
    assert production["SECURE_HSTS_SECONDS"] >= 31536000 and production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["X_FRAME_OPTIONS"] == "DENY"


def test_every_main_page_carries_the_security_headers_over_https(
    production, client_for, partner, engagement, db
):
    client = client_for(partner)
    answered = 0
    for path in PAGES:
        response = client.get(path, secure=True)
        assert response.status_code == 200, (path, response.status_code)
        answered += 1
        _assert_headers(response, path)
        body = response.content.decode()
        assert INLINE_SCRIPT.findall(body) == [], path
        assert EVENT_HANDLER.findall(body) == [], path
    assert answered == len(PAGES)


def test_sign_in_pages_carry_the_headers_and_no_inline_script(production, client, db):
    for path in ANONYMOUS_PAGES:
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        _assert_headers(response, path)
        assert INLINE_SCRIPT.findall(response.content.decode()) == [], path


def _assert_headers(response, path: str) -> None:
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload", path
    assert response["X-Frame-Options"] == "DENY", path
    assert response["Referrer-Policy"] == "same-origin", path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
    script_src = _script_src(csp)
    assert script_src.split() == ["script-src", "'self'"], (path, script_src)


def test_plain_http_is_sent_to_https(production, client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/accounts/login/"


def test_no_template_holds_an_inline_script_or_event_handler():
    """Every page is built from these templates; a CSP without 'unsafe-inline' would break any of them."""
    offenders = []
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or EVENT_HANDLER.search(text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []
