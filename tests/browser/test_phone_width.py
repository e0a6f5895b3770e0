"""At phone width (375 px) the main pages of the demo fit the screen, and every field has a label.

The pages are found by following the firm's own links from each person's landing page, so a page
added later is covered without editing this test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from firmops.demo import DEMO_PASSWORD, seed_demo

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 800}
SKIP = (".pdf", ".ics", ".csv", ".txt", "/logout/", "/export", "/download")
MAX_PAGES = 35

# Fields with no accessible name: no <label for>, no wrapping label, no aria-label(ledby), no title.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby') && !el.getAttribute('title'))
  .map(el => el.outerHTML.slice(0, 160))"""

# What sticks out past the right edge, to make a failure say where to look.
WIDE = """() => {
  const wide = el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
  const scrolls = el => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
  const inScroller = el => {
    for (let p = el.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                     + (el.className ? '.' + el.className : '');
  return [...document.querySelectorAll('body *')]
    .filter(el => wide(el) && !inScroller(el) && !(el.parentElement && wide(el.parentElement)))
    .slice(0, 5)
    .map(el => name(el) + ' in ' + (el.parentElement ? name(el.parentElement) : ''));
}"""


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


def _walk(page, origin: str, start: str) -> dict[str, dict]:
    """Visit pages breadth-first from `start`; returns each path's overflow and unlabelled fields."""
    queue, seen, problems = [start], set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = page.goto(origin + path)
        if (
            response is None
            or response.status != 200
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        width = page.evaluate("document.scrollingElement.scrollWidth")
        unlabelled = page.evaluate(UNLABELLED)
        if width > PHONE["width"] or unlabelled:
            problems[path] = {"scrollWidth": width, "wide": page.evaluate(WIDE), "unlabelled": unlabelled}
        queue += [p for p in _firm_links(page, origin) if p not in seen]
    assert len(seen) >= 5, f"the walk found too few pages to prove anything: {sorted(seen)}"
    return problems


@pytest.mark.parametrize("role", ["partner", "paralegal", "external"])  # ops sees the partner's pages
def test_main_pages_fit_a_phone_and_label_every_field(role, page, live_server, sign_in, screenshot):
    seed_demo()
    page.set_viewport_size(PHONE)
    sign_in(f"{role}@demo.firmops.test", DEMO_PASSWORD)
    start = urlsplit(page.url).path
    if not start.startswith("/f/demo/"):
        start = "/f/demo/"
    problems = _walk(page, live_server.url, start)
    assert problems == {}, "\n".join(f"{path}: {found}" for path, found in problems.items())
