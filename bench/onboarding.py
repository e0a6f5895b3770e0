"""Onboarding: time to build the PDF pack for a full 30-day plan and guide, beside WeasyPrint alone.

Runs in a scratch test database (created and dropped here) so it never touches real data.
BENCH_ONBOARDING_RUNS sets the number of measured builds (default 5, after one warm-up).
"""

from __future__ import annotations

import datetime
import os
import statistics
import tempfile
import time
from decimal import Decimal

TITLE = "Onboarding: PDF onboarding pack build"
RUNS = int(os.environ.get("BENCH_ONBOARDING_RUNS", "5"))
CATEGORIES = ("e_filing", "deposition_summaries", "discovery_drafting", "medical_summaries", "legal_research")
LONG_RULES = "\n".join(
    f"- Rule {n}: no client emails after 7 PM; no exclamation points; name files by date." for n in range(40)
)


def _world():
    """A firm with every role, a selected professional in another zone, an audit week and a generated plan."""
    from audit.models import AuditPeriod, TaskEntry
    from firmops.engagements.services import engagement_create
    from firmops.models import Firm, Role, User
    from firmops.services import membership_set
    from firmops.tenancy import firm_scope
    from onboarding import selectors, services
    from onboarding.models import PlanItem
    from providers.models import Professional, Provider, Selection

    firm = Firm.objects.create(
        name="Bench & Partners LLP", slug="bench-onboarding", time_zone="America/Chicago"
    )
    users = {}
    for role in Role.values:
        users[role] = User.objects.create_user(
            f"{role}@bench.test", "x", first_name=role.title(), last_name="Bench"
        )
        membership_set(firm=firm, user=users[role], role=role)
    engagement = engagement_create(firm=firm, actor=users[Role.PARTNER], name="Bench engagement")
    with firm_scope(firm):
        provider = Provider.objects.create(
            firm=firm, engagement=engagement, name="Bench LPO", model="talent_platform"
        )
        pro = Professional.objects.create(
            firm=firm,
            provider=provider,
            name="Elena Bench",
            time_zone="America/Los_Angeles",
            hourly_rate=Decimal("40"),
            user=users[Role.EXTERNAL],
        )
        Selection.objects.create(
            firm=firm, engagement=engagement, provider=provider, professional=pro, rationale="bench"
        )
        period = AuditPeriod.objects.create(
            firm=firm, engagement=engagement, starts_on=datetime.date(2026, 3, 2)
        )
        for minutes, category in enumerate(CATEGORIES, start=1):
            TaskEntry.objects.create(
                firm=firm,
                period=period,
                performer=users[Role.ATTORNEY],
                performer_role=Role.ATTORNEY,
                hourly_cost=Decimal("400"),
                description=category,
                minutes=600 - 60 * minutes,
                bucket="outsourceable",
                category=category,
                reason="bench",
            )
        plan = services.plan_generate(
            firm=firm, actor=users[Role.OPS], engagement=engagement, starts_on=datetime.date(2026, 3, 2)
        ).plan
        for item in PlanItem.objects.filter(plan=plan, day__lte=10):
            item.done, item.notes = True, "Done on a call; see the shared document for the details."
            item.save(update_fields=["done", "notes"])
        guide = selectors.guide_for(firm=firm, engagement=engagement)
        services.guide_save(firm=firm, actor=users[Role.PARTNER], guide=guide, unwritten_rules=LONG_RULES)
        items = PlanItem.objects.filter(plan=plan).count()
    return firm, engagement, users[Role.OPS], items


def _measure() -> str:
    from weasyprint import HTML

    from firmops.pdf.render import base_url
    from firmops.tenancy import firm_scope
    from onboarding import packs, services
    from onboarding.models import PackExport

    firm, engagement, ops, items = _world()

    def build() -> tuple[float, PackExport]:
        with firm_scope(firm):
            PackExport.objects.all().delete()  # every run is a full build, not a reuse
        start = time.perf_counter()
        with firm_scope(firm):
            export, _ = services.pack_export_request(
                firm=firm, actor=ops, engagement=engagement, enqueue=False
            )
        export = packs.pack_export_build(firm_id=firm.pk, export_id=export.pk)
        return time.perf_counter() - start, export

    def html_only() -> tuple[float, str]:
        start = time.perf_counter()
        with firm_scope(firm):
            html = packs.pack_html(firm=firm, engagement=engagement)
        return time.perf_counter() - start, html

    def weasy_alone(html: str) -> tuple[float, int]:
        start = time.perf_counter()
        document = HTML(string=html, base_url=base_url()).render()
        document.write_pdf()
        return time.perf_counter() - start, len(document.pages)

    build()  # warm-up: fonts, templates, WeasyPrint's caches
    full = [build()[0] for _ in range(RUNS)]
    html_times, html = zip(*(html_only() for _ in range(RUNS)), strict=True)
    alone_runs = [weasy_alone(html[0]) for _ in range(RUNS)]
    alone = [t for t, _ in alone_runs]
    pages = alone_runs[-1][1]
    start = time.perf_counter()
    with firm_scope(firm):
        _export, reused = services.pack_export_request(
            firm=firm, actor=ops, engagement=engagement, enqueue=False
        )
    reuse = time.perf_counter() - start

    def ms(values) -> str:
        return f"{statistics.median(values) * 1000:,.0f}"

    ratio = statistics.median(full) / statistics.median(alone)
    return (
        f"A full 30-day plan ({items} items over 5 delegated tasks and 5 tools, 10 days ticked with notes) "
        "and a How We Work "
        f"guide with a 40-rule section; {len(html[0]) // 1024} KiB of HTML, {pages} PDF pages. "
        f"Median of {RUNS} runs after one warm-up.\n\n"
        "| step | median ms |\n|---|---:|\n"
        "| Pack build, end to end (render HTML, digest, WeasyPrint with the static-only fetcher, store) "
        f"| {ms(full)} |\n"
        f"| WeasyPrint alone on the same HTML (default fetcher, no database, no storage) | {ms(alone)} |\n"
        f"| of which: reading the plan and rendering the pack HTML | {ms(html_times)} |\n"
        "| Export again with unchanged inputs (returns the stored pack, no build) "
        f"| {reuse * 1000:,.0f} |\n\n"
        f"**Ratio pack build / WeasyPrint alone: {ratio:.2f}×** "
        "(target: ≤ 1.3×; the PDF layout is the cost). "
        f"Reuse was {'hit' if reused else 'MISSED'}.\n"
    )


def run() -> str:
    from django.db import connection
    from django.test.utils import override_settings

    if (
        connection.vendor == "postgresql"
    ):  # a name of our own: other benches and test runs use the same server
        connection.settings_dict.setdefault("TEST", {})["NAME"] = "test_firmops_bench_onboarding"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
            return _measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
