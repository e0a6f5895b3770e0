"""Browser tests: Debian's Chromium driven by Playwright against a live Django server.

No browser download: the launch points at /usr/bin/chromium (installed by `make test`).
Each test leaves a screenshot of its last page in test-results/.
"""

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))  # one Chromium at a time on 2 cores


@pytest.fixture
def screenshot(page, request):
    """Saves the last page of each browser test under test-results/."""
    yield
    RESULTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


@pytest.fixture
def sign_in(page, live_server):
    """sign_in(email, password) through the real login form."""

    def go(email: str, password: str):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()
        return page

    return go


@pytest.fixture
def sign_in_demo(sign_in):
    """sign_in_demo(role) → the page, signed in as the demo firm's person of that role."""
    from firmops.demo import DEMO_PASSWORD, demo_email

    return lambda role: sign_in(demo_email(role), DEMO_PASSWORD)
