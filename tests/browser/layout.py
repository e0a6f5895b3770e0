"""Layout faults a reader would notice, measured by Chromium in the rendered page (layout_checks.js).

- wide: the page scrolls sideways;
- clipped: a box hides or scrolls away part of its content (a strip cut at the screen's edge, an ellipsis),
  unless it carries `data-scrolls` (a scroller on purpose);
- runs: two pieces of text touch on one line with no space ("outsourcingsince"), or overlap;
- broken: a word split across two lines ("Onboardin/g");
- tiny: text drawn under 9 px (an SVG chart scaled down on a phone).
"""

from __future__ import annotations

from pathlib import Path

CHECKS = (Path(__file__).with_name("layout_checks.js")).read_text()
DESKTOP, PHONE, SMALL_PHONE = 1280, 390, 375


def layout_problems(page) -> dict[str, list[str]]:
    """The faults on the page as shown now; an empty dict when it reads cleanly."""
    return {kind: found for kind, found in page.evaluate(CHECKS).items() if found}
