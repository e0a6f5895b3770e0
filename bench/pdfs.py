"""The two PDFs a firm waits for — onboarding pack and weekly report — beside WeasyPrint alone.

On the big load firm's main engagement. "WeasyPrint alone" renders the very same HTML with its default
fetcher and no database or storage: the floor the product's PDF path can approach. BENCH_PDF_RUNS sets
the measured runs (default 3, after one warm-up each).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

from bench.report import spread

TITLE = "PDFs: onboarding pack and weekly report against WeasyPrint alone"
RUNS = int(os.environ.get("BENCH_PDF_RUNS", "3"))


def _times(fn, runs: int = RUNS) -> list[float]:
    fn()  # warm-up: fonts, templates, WeasyPrint's caches
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _weasy(html: str) -> None:
    from weasyprint import HTML

    from firmops.pdf.render import base_url

    HTML(string=html, base_url=base_url()).write_pdf()


def measure(slug: str) -> str:
    from django.template.loader import render_to_string
    from django.test.utils import override_settings
    from django.utils import timezone

    from bench.targets import world
    from firmops.models import Engagement, Firm
    from firmops.tenancy import firm_scope
    from onboarding import packs, services
    from onboarding.models import PackExport
    from performance.report import report_context, report_pdf

    w = world(slug)
    firm = Firm.objects.get(slug=slug)
    with firm_scope(firm):
        engagement = Engagement.objects.get(pk=w.engagement)
    ops = w.users["ops"]

    def pack_build() -> None:
        with firm_scope(firm):
            PackExport.objects.filter(engagement=engagement).delete()  # a full build every time, no reuse
            export, _ = services.pack_export_request(
                firm=firm, actor=ops, engagement=engagement, enqueue=False
            )
        packs.pack_export_build(firm_id=firm.pk, export_id=export.pk)

    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        pack = _times(pack_build)
        with firm_scope(firm):
            pack_html = packs.pack_html(firm=firm, engagement=engagement)
        pack_alone = _times(lambda: _weasy(pack_html))
    now = timezone.now()
    report = _times(lambda: report_pdf(firm=firm, engagement=engagement, now=now))
    with firm_scope(firm), timezone.override(firm.zone):
        report_html = render_to_string(
            "performance/report_pdf.html", report_context(firm=firm, engagement=engagement, now=now)
        )
    report_alone = _times(lambda: _weasy(report_html))
    rows = []
    for name, full, alone, html in (
        ("Onboarding pack (request, HTML, digest, PDF, store)", pack, pack_alone, pack_html),
        ("Weekly report (figures, charts, HTML, PDF)", report, report_alone, report_html),
    ):
        ratio = statistics.median(full) / statistics.median(alone)
        rows.append(
            f"| {name} | {len(html) // 1024} KiB | {spread(full)} | {spread(alone)} | **{ratio:.2f}×** |"
        )
    return (
        f"Firm `{slug}`, its main engagement; median (min–max) of {RUNS} runs after a warm-up, in ms. "
        "Target for the pack: ≤ 1.15× WeasyPrint alone.\n\n"
        "| PDF | HTML | product build ms | WeasyPrint alone ms | ratio |\n|---|---:|---:|---:|---:|\n"
        + "\n".join(rows)
        + "\n"
    )
