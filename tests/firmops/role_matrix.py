"""Read docs/roles.md's tables and put each route's world together for tests/firmops/test_role_matrix.py.

The route table: `| route | method | partner | attorney | paralegal | ops | external |` with ✓ (allowed:
neither 401, 403, 404 nor 405), ✗ (refused: 403 or 404) and — (the route does not offer the method).
The field table: `| group | API fields (a, b) | page text (x; y) | partner | … | external |`; a ✗ role
gets none of the group's API fields in JSON, nor any of its page texts in a page, CSV, ICS or PDF.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile

from firmops.models import Engagement, Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
ROLES = list(Role.values)
MARKS = {"✓": True, "✗": False, "—": None}


@dataclass(frozen=True)
class FieldGroup:
    name: str
    api_fields: frozenset[str]
    page_texts: tuple[str, ...]
    seen_by: dict[str, bool]


def _rows(heading: str) -> list[list[str]]:
    """The cells of the first table under `heading` in docs/roles.md."""
    lines = DOC.read_text().splitlines()
    start = lines.index(heading)
    rows, in_table = [], False
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            in_table = True
            cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif in_table:
            break
    return rows[1:]  # without the header


def route_matrix() -> dict[str, dict[str, dict[str, bool | None]]]:
    """route name → method → role → allowed?"""
    matrix: dict[str, dict[str, dict[str, bool | None]]] = {}
    for cells in _rows("## Routes"):
        name, method, *marks = cells
        assert len(marks) == len(ROLES), f"docs/roles.md: row {name} {method} needs one mark per role"
        assert all(m in MARKS for m in marks), f"docs/roles.md: row {name} {method}: marks are ✓ ✗ —"
        matrix.setdefault(name, {})[method] = {r: MARKS[m] for r, m in zip(ROLES, marks, strict=True)}
    return matrix


def field_groups() -> list[FieldGroup]:
    groups = []
    for cells in _rows("## Fields"):
        name, fields, texts, *marks = cells
        groups.append(
            FieldGroup(
                name=name,
                api_fields=frozenset(f.strip() for f in fields.split(",") if f.strip()),
                page_texts=tuple(t.strip() for t in texts.split(";") if t.strip()),
                seen_by={r: MARKS[m] for r, m in zip(ROLES, marks, strict=True)},
            )
        )
    return groups


# Money and scores set to values that appear nowhere else, so a page that shows one is caught.
SENTINELS = {
    "hourly_rate": Decimal("4613"),
    "rate_min": Decimal("5147"),
    "rate_max": Decimal("5791"),
    "hourly_cost": Decimal("3877"),
    "budget_rate": Decimal("2963"),
    "rate_attorney": Decimal("6263"),
    "rate_paralegal": Decimal("6389"),
    "total_score": Decimal("83.17"),
}


TINY_PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def dress(firm, external) -> None:
    """Give the firm's rows the sentinel money and scores, and make every engagement the external's."""
    from audit.models import TaskEntry
    from onboarding.models import PackExport
    from providers.models import Professional, Provider, Questionnaire, RoleDefinition

    Engagement.objects.for_firm(firm).update(external_user=external)
    Professional.objects.for_firm(firm).update(hourly_rate=SENTINELS["hourly_rate"], user=external)
    Provider.objects.for_firm(firm).update(rate_min=SENTINELS["rate_min"], rate_max=SENTINELS["rate_max"])
    TaskEntry.objects.for_firm(firm).update(hourly_cost=SENTINELS["hourly_cost"])
    RoleDefinition.objects.for_firm(firm).update(budget_rate=SENTINELS["budget_rate"])
    Questionnaire.objects.for_firm(firm).update(total_score=SENTINELS["total_score"])
    for export in PackExport.objects.for_firm(firm):  # a stored pack, so the download answers
        export.file.save("pack.pdf", ContentFile(TINY_PDF), save=True)
    type(firm).objects.filter(pk=firm.pk).update(
        rate_attorney=SENTINELS["rate_attorney"], rate_paralegal=SENTINELS["rate_paralegal"]
    )


def body_text(response) -> str:
    """What a person would read in the answer: PDFs through pdftotext, everything else decoded."""
    body = b"".join(response) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return subprocess.run(
            ["pdftotext", "-", "-"], input=body, capture_output=True, check=True, timeout=60
        ).stdout.decode()
    return body.decode("utf-8", "replace")


def json_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in json_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in json_keys(v)}
    return set()
