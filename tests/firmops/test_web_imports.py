"""What every web worker loads stays lean (issue 9: ≤ 150 MB resident per worker after the load).

The PDF engine is not loaded: renders run in the sandbox process (firmops/pdf/render.py), and WeasyPrint
with its font and image libraries cost each gunicorn worker about 25 MB. The classifier's lexicon,
which quick-log needs in every worker, stays a few MB (its typo index alone took 17 MB as a dict).
Each check boots what it measures in a fresh process.
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
import firmops.pdf.render, onboarding.packs, performance.report
print(sorted(m for m in sys.modules if m.split(".")[0] in ("weasyprint", "fontTools", "pydyf")))
"""


def test_booting_the_web_app_does_not_import_weasyprint():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "firmops.settings"}
    out = subprocess.run(
        [sys.executable, "-c", BOOT], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


LEXICON = """
import tracemalloc
tracemalloc.start()
import audit.classifier
print(tracemalloc.get_traced_memory()[0])
"""


def test_the_classifier_lexicon_takes_under_6_mb_of_a_worker():
    out = subprocess.run(
        [sys.executable, "-c", LEXICON], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert int(out.stdout.split()[-1]) < 6 * 2**20


def test_the_fetcher_class_is_still_weasyprints_url_fetcher():
    from weasyprint.urls import URLFetcher

    from firmops.pdf.render import StaticOnlyFetcher, static_roots

    fetcher = StaticOnlyFetcher()
    assert isinstance(fetcher, URLFetcher) and fetcher.roots == static_roots()
