"""The palette meets WCAG AA: contrast ratios computed from the stylesheets themselves.

Every rule that sets both a text colour and a background is checked (4.5:1 for text), plus the
pairs that meet only on the page: text colours on the page and card backgrounds, white on the header,
and the keyboard focus ring against what it is drawn on (3:1 for non-text, WCAG 1.4.11).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
SHEETS = sorted(p for p in STATIC.rglob("*.css") if "pdf" not in p.name and p.name != "report.css")
TEXT, NON_TEXT = 4.5, 3.0


def _root_vars() -> dict[str, str]:
    css = (STATIC / "css" / "app.css").read_text()
    root = re.search(r":root\s*{([^}]*)}", css).group(1)
    return dict(re.findall(r"--([\w-]+)\s*:\s*([^;]+);", root))


VARS = _root_vars()


def _hex(value: str) -> str | None:
    """A colour value (hex, #fff shorthand, or var(--x)) as #rrggbb; None for anything else."""
    value = value.strip()
    var = re.fullmatch(r"var\(--([\w-]+)\)", value)
    if var:
        value = VARS.get(var.group(1), "").strip()
    if value.lower() in ("#fff", "white"):
        return "#ffffff"
    if re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        return value.lower()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:]).lower()
    return None


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: str, bg: str) -> float:
    hi, lo = sorted((_luminance(_hex(fg)), _luminance(_hex(bg))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _rules_with_both():
    """(sheet, selector, color, background) for every rule that sets both as plain colours."""
    for sheet in SHEETS:
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        for selector, body in re.findall(r"([^{}]+){([^{}]*)}", css):
            decls = dict(re.findall(r"(?:^|;)\s*([\w-]+)\s*:\s*([^;]+)", body))
            fg = _hex(decls.get("color", ""))
            bg = _hex(decls.get("background-color", "") or decls.get("background", ""))
            if fg and bg:
                yield sheet.relative_to(STATIC).as_posix(), selector.strip(), fg, bg


RULES = list(_rules_with_both())

# Pairs that meet on the page rather than in one rule: (what, foreground, background, minimum).
PAGE_PAIRS = [
    ("body text on the page", "var(--ink)", "var(--bg)", TEXT),
    ("body text on a card", "var(--ink)", "var(--card)", TEXT),
    ("muted text on the page", "var(--muted)", "var(--bg)", TEXT),
    ("muted text on a card", "var(--muted)", "var(--card)", TEXT),
    ("links on a card", "var(--brand)", "var(--card)", TEXT),
    ("links on the page", "var(--brand)", "var(--bg)", TEXT),
    ("header text", "var(--brand-ink)", "var(--brand)", TEXT),
    ("switcher role in the header", "#dbe6f2", "var(--brand)", TEXT),
    ("success text", "var(--accent)", "var(--card)", TEXT),
    ("warning text", "var(--warn)", "var(--card)", TEXT),
    ("error text", "var(--danger)", "var(--card)", TEXT),
    ("error text on the page", "var(--danger)", "var(--bg)", TEXT),
    ("flash text (info)", "var(--ink)", "#e3ecf7", TEXT),
    ("flash text (success)", "var(--ink)", "#dcefe7", TEXT),
    ("flash text (warning)", "var(--ink)", "#fbeed9", TEXT),
    ("flash text (error)", "var(--ink)", "#f3e1e2", TEXT),
    ("input borders on white", "#8a94a3", "var(--card)", NON_TEXT),
    ("focus ring on a card", "var(--focus)", "var(--card)", NON_TEXT),
    ("focus ring on the page", "var(--focus)", "var(--bg)", NON_TEXT),
    ("focus ring in the header", "var(--focus-on-brand)", "var(--brand)", NON_TEXT),
]


def test_the_stylesheets_were_read():
    assert len(SHEETS) >= 5 and len(RULES) >= 10, (SHEETS, RULES)


@pytest.mark.parametrize(("sheet", "selector", "fg", "bg"), RULES, ids=[f"{r[0]} {r[1]}" for r in RULES])
def test_every_rule_with_text_on_a_background_reads_at_aa(sheet, selector, fg, bg):
    ratio = contrast(fg, bg)
    assert ratio >= TEXT, f"{sheet} `{selector}`: {fg} on {bg} is {ratio:.2f}:1, AA needs {TEXT}:1"


@pytest.mark.parametrize(("what", "fg", "bg", "minimum"), PAGE_PAIRS, ids=[p[0] for p in PAGE_PAIRS])
def test_colours_that_meet_on_the_page_read_at_aa(what, fg, bg, minimum):
    ratio = contrast(fg, bg)
    assert ratio >= minimum, f"{what}: {fg} on {bg} is {ratio:.2f}:1, AA needs {minimum}:1"


def test_the_focus_ring_uses_the_tested_colours():
    css = (STATIC / "css" / "app.css").read_text()
    assert re.search(r":focus-visible\s*{[^}]*outline:\s*3px solid var\(--focus\)", css)
    assert re.search(r"\.topbar :focus-visible\s*{[^}]*outline-color:\s*var\(--focus-on-brand\)", css)


def test_the_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near-miss grey
