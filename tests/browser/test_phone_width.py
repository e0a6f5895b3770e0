"""The demo reads cleanly on a desktop (1280 px) and a phone (390 and 375 px), and every field has a label.

The pages are found by following the firm's own links from each person's landing page, so a page
added later is covered without editing this test. Each kind of page (its path with ids as N) is checked
once per person, at every width, for the faults tests/browser/layout.py names: a page that scrolls
sideways, text cut off, text that runs together, a word split across lines, text too small to read.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from firmops.demo import DEMO_PASSWORD, seed_demo
from tests.browser.layout import DESKTOP, PHONE, SMALL_PHONE, layout_problems

pytestmark = pytest.mark.django_db(transaction=True)

STATIC = Path(__file__).resolve().parents[2] / "static"
WIDTHS = (DESKTOP, PHONE, SMALL_PHONE)
SKIP = (".pdf", ".ics", ".csv", ".txt", "/logout/", "/export", "/download")
MAX_KINDS = 90  # a guard against a walk that never ends; the partner reaches about 60 kinds of page

# Fields with no accessible name: no <label for>, no wrapping label, no aria-label(ledby), no title.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby') && !el.getAttribute('title'))
  .map(el => el.outerHTML.slice(0, 160))"""


def _firm_links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path.startswith("/f/demo/"):
            continue
        if any(s in parts.path for s in SKIP):
            continue
        found.append(parts.path)
    return found


def _walk(page, origin: str, start: str) -> tuple[set[str], dict[str, dict]]:
    """Visit one page of each kind breadth-first from `start`; returns the kinds seen and each
    page's faults by width (and its unlabelled fields)."""
    queue, kinds, problems = [start], set(), {}
    while queue and len(kinds) < MAX_KINDS:
        path = queue.pop(0)
        kind = re.sub(r"/\d+/", "/N/", path)
        if kind in kinds:
            continue
        kinds.add(kind)
        response = page.goto(origin + path)
        if (
            response is None
            or response.status != 200
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        found = {}
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            if faults := layout_problems(page):
                found[width] = faults
        if unlabelled := page.evaluate(UNLABELLED):
            found["unlabelled"] = unlabelled
        if found:
            problems[path] = found
        queue += [p for p in _firm_links(page, origin) if re.sub(r"/\d+/", "/N/", p) not in kinds]
    return kinds, problems


ROLES = ("partner", "attorney", "paralegal", "ops", "external")


def test_every_page_reads_cleanly_on_desktop_and_phone(page, live_server, sign_in, screenshot):
    """Each of the five demo people in turn (seeded once: the walk only reads)."""
    seed_demo()
    report = {}
    for role in ROLES:
        page.context.clear_cookies()
        sign_in(f"{role}@demo.firmops.test", DEMO_PASSWORD)
        start = urlsplit(page.url).path
        if not start.startswith("/f/demo/"):
            start = "/f/demo/"
        kinds, problems = _walk(page, live_server.url, start)
        assert len(kinds) >= 5, f"{role}: the walk found too few pages to prove anything: {sorted(kinds)}"
        report |= {f"{role} {path}": found for path, found in problems.items()}
    assert report == {}, "\n".join(f"{where}: {found}" for where, found in report.items())


# The checks themselves, on markup with a known fault and its fix, under the app's own stylesheets.
OLD_DASHBOARD_ROW = (
    '<section class="card portfolio"><table class="table"><tbody><tr><th scope="row">'
    '<a href="#">Litigation support outsourcing</a>{gap}<span class="cell-detail">since Dec 4, 2026</span>'
    "</th><td>$627,987</td></tr></tbody></table></section>"
)
FAULTS = {
    # As the old dashboard drew it: the date in an inline span straight after the name's link.
    "runs": '<p><a href="#">Litigation support outsourcing</a><span>since Dec 4, 2026</span></p>',
    "clipped": '<nav class="days" style="display:flex;overflow-x:auto;width:200px">'
    + "".join(f'<a href="#" style="flex:0 0 5rem">Wed {d}</a>' for d in range(1, 8))
    + "</nav>",
    "wide": '<p style="width:3000px">A paragraph wider than any screen</p>',
    "broken": '<p style="width:4rem">3. Onboarding</p>',  # main breaks a word too long for its line
    "tiny": '<svg viewBox="0 0 2000 100" width="300"><text x="0" y="50" font-size="12">Nov 30</text></svg>',
}


def _render(page, width: int, markup: str) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.set_content(f"<!DOCTYPE html><html><body><main>{markup}</main></body></html>")
    for sheet in ("css/app.css", "css/pipeline.css"):
        page.add_style_tag(path=str(STATIC / sheet))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_the_layout_checks_catch_each_fault_they_name(fault, page):
    _render(page, PHONE, FAULTS[fault])
    assert list(layout_problems(page)) == [fault]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_dashboard_row_reads_name_then_date_once_they_are_apart(width, page):
    _render(page, width, OLD_DASHBOARD_ROW.format(gap=" "))
    assert layout_problems(page) == {}
    assert "outsourcing since" in page.inner_text("th").replace("\n", " ")
