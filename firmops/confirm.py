"""The second step before an action that is hard to undo: a page that says what follows.

An action's form posts to its own URL; without `CONFIRM_FIELD` the view answers with this page and
changes nothing; the page posts the same fields back with the field set, and then the view acts. It is
plain HTML, so it works without JavaScript. API endpoints are not behind it: an API client confirms by
calling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"
CONFIRM_VALUE = "yes"


def confirmed(request: HttpRequest) -> bool:
    """Did this post come from the confirmation page (or a script that showed its words)?"""
    return request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    lead: str,
    consequences: Sequence[str],
    action_url: str,
    button: str,
    cancel_url: str,
    cancel_label: str = "Cancel: change nothing",
    carry: Mapping[str, str | Sequence[str]] | None = None,
    details: Sequence[str] = (),
    details_heading: str = "",
    danger: bool = True,
) -> HttpResponse:
    """The confirmation page: what is about to happen, each consequence, and one button that does it.

    `carry` holds the fields the first post had (a reason typed before, ticked ids), posted back hidden;
    `details` names what the action touches (the entries about to go), under `details_heading`.
    """
    hidden = []
    for name, value in (carry or {}).items():
        values = [value] if isinstance(value, str) else list(value)
        hidden += [(name, v) for v in values if v not in (None, "")]
    return render(
        request,
        "firmops/confirm.html",
        {
            "title": title,
            "lead": lead,
            "consequences": list(consequences),
            "action_url": action_url,
            "button": button,
            "cancel_url": cancel_url,
            "cancel_label": cancel_label,
            "carry": hidden,
            "details": list(details),
            "details_heading": details_heading,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
            "danger": danger,
        },
    )


def confirm_json(*, lead: str, consequences: Sequence[str]) -> dict:
    """The same words for a page's script, which shows them in place and posts again with the field."""
    return {
        "ok": False,
        "confirm": {"lead": lead, "consequences": list(consequences), "field": CONFIRM_FIELD},
    }
