"""Only WeasyPrint releases with no known advisory: the pin, the floor and the installed copy."""

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADVISORIES = tomllib.loads((ROOT / "docs/advisories/weasyprint.toml").read_text())["advisory"]


def _v(text: str) -> tuple[int, ...]:
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))  # 70 == 70.0 == 70.0.0


def _affected_by(release: str) -> list[str]:
    return [
        f"{a['id']} ({a['cve']}): fixed in {a['fixed']}"
        for a in ADVISORIES
        if _v(a["introduced"]) <= _v(release) < _v(a["fixed"])
    ]


def pinned() -> str:
    match = re.search(r"^weasyprint==([\d.]+)\s*$", (ROOT / "constraints.txt").read_text(), re.M | re.I)
    assert match, "constraints.txt must pin weasyprint to one exact version"
    return match[1]


def test_the_pinned_weasyprint_has_no_known_advisory():
    assert _affected_by(pinned()) == []


def test_the_installed_weasyprint_is_the_pinned_one():
    assert version("weasyprint") == pinned()


def test_pyproject_refuses_every_release_an_advisory_names():
    floor = re.search(r'"weasyprint>=([\d.]+)', (ROOT / "pyproject.toml").read_text())
    assert floor, "pyproject.toml must give weasyprint a floor"
    assert _v(floor[1]) >= max(_v(a["fixed"]) for a in ADVISORIES)


def test_the_check_knows_the_advisories_it_guards_against():
    """The list is the check's memory: the redirect bypass and the attachment leak must stay in it."""
    assert _affected_by("67.0") == [
        "GHSA-983w-rhvv-gwmv (CVE-2025-68616): fixed in 68.0",
        "GHSA-jhhc-3hcp-qhm5 (CVE-2026-49452): fixed in 69.0",
        "GHSA-r543-q48m-4c9j (CVE-2026-55073): fixed in 70.0",
    ]
    assert "GHSA-35jj-wx47-4w8r (CVE-2024-28184): fixed in 61.2" in _affected_by("61.1")
    assert _affected_by("61.2")[0].startswith("GHSA-983w")
