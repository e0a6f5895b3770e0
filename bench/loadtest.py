"""Issue 8's load test: 50 people of two firms for 60 s doing the real mix, checked for leaks.

Each virtual user has its own signed-in session (or, for a provider contact, its own questionnaire
link) and cycles through what that person does: staff log tasks and read their log; partners read
the dashboard, hit list, comparison, performance dashboard and the API; ops staff export the pack
and read the plan; provider contacts open their questionnaire and save answers. Every response body
is searched for the other firm's markers (its name, its people's email domain and a marker task
entry written just before the run); one hit is a cross-firm response. BENCH_LOAD_USERS and
BENCH_LOAD_SECONDS change the size (the smoke test runs it for a few seconds).
"""

from __future__ import annotations

import os
import urllib.parse

from django.utils.crypto import get_random_string

from bench.hotpaths import drive
from bench.targets import World, quick_log, session_headers, world

TITLE = "Load test: 50 users of two firms, the real mix (issue 8, item 9)"
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
MIX = (("paralegal", 7), ("attorney", 6), ("partner", 5), ("ops", 3), ("provider", 4))  # of every 25


def _marker_entry(w: World) -> str:
    """A task entry whose text only this firm has: finding it in the other firm's responses is a leak."""
    from audit.models import AuditPeriod
    from audit.services import audit_entry_create
    from firmops.tenancy import firm_scope

    marker = f"zz-leak-marker-{w.slug}-{get_random_string(10)}"
    with firm_scope(w.firm_id):
        period = AuditPeriod.objects.get(pk=w.period)
        audit_entry_create(
            firm=period.firm, actor=w.users["paralegal"], period=period, description=f"Drafted {marker}",
            minutes=10, performed_on=period.starts_on, performer=w.users["paralegal"],
        )  # fmt: skip
    return marker


def _questionnaire_link(w: World) -> str:
    """A fresh link to a questionnaire of one of the firm's providers (drafts keep it usable)."""
    from firmops.tenancy import firm_scope
    from providers.models import Provider
    from providers.questionnaires.services import questionnaire_send

    with firm_scope(w.firm_id):
        provider = Provider.objects.filter(engagement_id=w.engagement).order_by("pk").first()
        _, link = questionnaire_send(
            firm=provider.firm, actor=w.users["partner"], provider=provider, to_email="load@provider.test",
            notify=False,
        )  # fmt: skip
    return urllib.parse.urlsplit(link).path


def _requests(role: str, w: World, n: int) -> tuple[dict, list[dict]]:
    f, get = f"/f/{w.slug}", lambda name, path, ok=(200,): {"name": name, "path": path, "ok": list(ok)}
    if role == "provider":
        path = _questionnaire_link(w)
        csrf = get_random_string(32)
        body = urllib.parse.urlencode(
            {"vetting_process": f"Resume screen, skills test, background check ({n}).", "action": "save"}
        )
        headers = {"Cookie": f"csrftoken={csrf}", "X-CSRFToken": csrf}
        return headers, [
            get("questionnaire: open link", path),
            {
                "name": "questionnaire: save answers",
                "method": "POST",
                "path": path,
                "body": body,
                "ok": [302],
            },
        ]
    headers = session_headers(w.users[role])
    if role in ("paralegal", "attorney"):
        log = f"{f}/audit/periods/{w.period}/log/"
        return headers, [
            quick_log(w, n),
            get("quick-log page", log),
            quick_log(w, n + 1),
            get("audit home", f"{f}/audit/"),
        ]
    if role == "partner":
        return headers, [
            get("partner dashboard", f"{f}/"),
            get("hit list", f"{f}/audit/periods/{w.period}/hit-list/"),
            get("engagement performance dashboard", f"{f}/performance/engagements/{w.engagement}/"),
            get("provider comparison", f"{f}/vetting/engagements/{w.engagement}/"),
            {**get("API list page", f"/api/v1/firms/{w.slug}/audit/entries/?period={w.period}"),
             "headers": {"Accept": "application/json"}},
        ]  # fmt: skip
    pack = f"{f}/onboarding/engagements/{w.engagement}/pack/"
    return headers, [
        {"name": "pack export POST", "method": "POST", "path": pack, "body": "export=1", "ok": [302]},
        get("pack page", pack),
        get("onboarding plan", f"{f}/onboarding/engagements/{w.engagement}/"),
    ]


def _pack_built(w: World) -> None:
    """Build each firm's pack once up front: in the run, exports reuse it, as they do between edits."""
    from firmops.tenancy import firm_scope
    from onboarding import packs, services

    with firm_scope(w.firm_id):
        from firmops.models import Engagement

        engagement = Engagement.objects.get(pk=w.engagement)
        export, reused = services.pack_export_request(
            firm=engagement.firm, actor=w.users["ops"], engagement=engagement, enqueue=False
        )
    if not reused:
        packs.pack_export_build(firm_id=w.firm_id, export_id=export.pk)


def measure(server, first: str, second: str) -> tuple[str, dict]:
    worlds = [world(first), world(second)]
    for w in worlds:
        _pack_built(w)
    markers = {w.slug: [w.name, f"@{w.slug}.firmops.test", _marker_entry(w)] for w in worlds}
    # Interleaved (paralegal, attorney, partner, ops, provider, paralegal, …): a short run of ten users
    # still has every kind in both firms.
    roles = [role for i in range(max(m for _, m in MIX)) for role, many in MIX if i < many]
    users, warm = [], {}
    for k in range(USERS):
        w, other, role = worlds[k % 2], worlds[1 - k % 2], roles[(k // 2) % len(roles)]
        headers, reqs = _requests(role, w, k)
        users.append(
            {"name": f"{w.slug}-{k}", "headers": headers, "requests": reqs, "forbidden": markers[other.slug]}
        )
        warm.setdefault((w.slug, role), users[-1])
    drive(server.port, list(warm.values()), 2)  # one of each kind first: templates and caches warm
    result = drive(server.port, users, SECONDS)
    return _table(result, worlds), result


def _table(result: dict, worlds: list[World]) -> str:
    def row(name: str, p: dict, b: str = "") -> str:
        cells = [f"{p['requests']:,}", f"{p['rps']:,.1f}", *(f"{p[q]:,.0f}" for q in ("p50", "p95", "p99"))]
        return (
            f"| {b}{name}{b} | " + " | ".join(f"{b}{c}{b}" for c in [*cells, p["errors"], p["leaks"]]) + " |"
        )

    rows = [row(name, p) for name, p in sorted(result["paths"].items())]
    a = result["all"]
    samples = [f"- {name}: {s}" for name, p in result["paths"].items() for s in p["samples"][:1]]
    return (
        f"{USERS} virtual users ({', '.join(f'{m} {r}' for r, m in MIX)} per 25) split evenly between "
        f"`{worlds[0].slug}` (the big firm) and `{worlds[1].slug}`, {result['seconds']:.0f} s against "
        "gunicorn (2 sync workers) on PostgreSQL; one process on loopback drives them all, each "
        "user waiting for its answer before the next request. Latencies in ms.\n\n"
        "| request | count | req/s | p50 | p95 | p99 | errors | cross-firm |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n" + row("all", a, "**") + "\n\n"
        f"**Errors: {a['errors']}. Cross-firm responses: {a['leaks']}.**\n"
        + ("\nFirst error per request kind:\n" + "\n".join(samples) + "\n" if samples else "")
    )
