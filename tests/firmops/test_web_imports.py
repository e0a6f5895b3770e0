"""A web worker does not load the PDF engine: renders run in the sandbox process (firmops/pdf.py).

WeasyPrint and its font and image libraries cost each gunicorn worker about 25 MB resident (issue 9:
≤ 150 MB per worker after the load). This boots the app the way a worker does, in a fresh process.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOOT = """
import sys
from firmops.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
import firmops.pdf, onboarding.packs, performance.report
print(sorted(m for m in sys.modules if m.split(".")[0] in ("weasyprint", "fontTools", "pydyf")))
"""


def test_booting_the_web_app_does_not_import_weasyprint():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "firmops.settings"}
    out = subprocess.run(
        [sys.executable, "-c", BOOT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_fetcher_class_is_still_weasyprints_url_fetcher():
    from weasyprint.urls import URLFetcher

    from firmops.pdf import StaticOnlyFetcher, static_roots

    fetcher = StaticOnlyFetcher()
    assert isinstance(fetcher, URLFetcher) and fetcher.roots == static_roots()
