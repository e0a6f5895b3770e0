"""What the load hits: a load firm's ids, signed-in sessions per role, and the hot-path requests."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from django.utils.crypto import get_random_string

MAIN_ENGAGEMENT = "Litigation support outsourcing"  # the engagement the template firm's demo seeders fill


@dataclass
class World:
    slug: str
    name: str
    firm_id: int
    engagement: int
    period: int
    period_day: str
    users: dict[str, object]  # role → first user of that role
    history: dict[str, int]  # bench.loaddata.HISTORY engagement name → id (firm 0 only)


def world(slug: str) -> World:
    from audit.models import AuditPeriod
    from firmops.models import Engagement, Firm, Membership
    from firmops.tenancy import firm_scope

    firm = Firm.objects.get(slug=slug)
    with firm_scope(firm):
        engagement = Engagement.objects.get(name=MAIN_ENGAGEMENT)
        period = AuditPeriod.objects.filter(engagement=engagement).order_by("pk").first()
        users = {}
        for m in Membership.objects.select_related("user").order_by("pk"):
            users.setdefault(m.role, m.user)
        history = dict(Engagement.objects.filter(name__startswith="History: ").values_list("name", "pk"))
    day = f"{period.starts_on:%Y-%m-%d}"
    return World(slug, firm.name, firm.pk, engagement.pk, period.pk, day, users, history)


def session_headers(user) -> dict[str, str]:
    """Cookie and CSRF headers of a fresh signed-in session (the same as a password login leaves)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    csrf = get_random_string(32)
    return {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Accept": "text/html",
    }


def ask(client, req: dict):
    """Send one hot-path request through Django's test client (as the load generator sends it)."""
    accept = (
        "application/json"
        if req["path"].startswith("/api/")
        else req.get("headers", {}).get("Accept", "text/html")
    )
    if req["method"] == "POST":
        return client.post(req["path"], dict(urllib.parse.parse_qsl(req["body"])), HTTP_ACCEPT=accept)
    return client.get(req["path"], HTTP_ACCEPT=accept)


def quick_log(w: World, n: int = 0) -> dict:
    body = urllib.parse.urlencode(
        {"description": f"Summarized depo transcript for Smith ({n})", "minutes": 15 + n % 30,
         "performed_on": w.period_day, "matter": "Hartley v. Grant"}
    )  # fmt: skip
    return {
        "name": "quick-log POST",
        "method": "POST",
        "path": f"/f/{w.slug}/audit/periods/{w.period}/log/",
        "body": body,
        "headers": {"Accept": "application/json"},
        "ok": [201],
    }


def fixed_paths(w: World) -> list[tuple[str | None, dict]]:
    """(role, request) of what every request pays before its own work (bench.urls): nothing at all,
    the session and its user, then a firm request as JSON and as a page in the shared layout."""
    f = f"/f/{w.slug}"
    get = lambda name, path: {"name": name, "method": "GET", "path": path, "ok": [200]}  # noqa: E731
    return [
        (None, get("ceiling (constant JSON view)", "/bench/ceiling/")),
        ("partner", get("signed in, no firm (session + user)", "/bench/signed-in/")),
        ("partner", get("firm JSON, no work of its own", f"{f}/bench/empty.json")),
        ("partner", get("firm page, no work of its own", f"{f}/bench/empty/")),
    ]


def hot_paths(w: World) -> list[tuple[str, dict]]:
    """(role, request) of each hot path, in the order of the table."""
    f = f"/f/{w.slug}"
    get = lambda name, path: {"name": name, "method": "GET", "path": path, "ok": [200]}  # noqa: E731
    return [
        ("paralegal", quick_log(w)),
        ("partner", get("partner dashboard", f"{f}/")),
        ("partner", get("hit list", f"{f}/audit/periods/{w.period}/hit-list/")),
        ("partner", get("provider comparison", f"{f}/vetting/engagements/{w.engagement}/")),
        ("partner", get("engagement performance dashboard", f"{f}/performance/engagements/{w.engagement}/")),
        (
            "partner",
            get("API list page (entries, 50)", f"/api/v1/firms/{w.slug}/audit/entries/?period={w.period}"),
        ),
    ]
