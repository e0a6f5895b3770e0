"""Settings of the benchmarked server: the product's own, plus the ceiling route (bench.urls).

Static files are served from the finders with plain names: the load never fetches them, and it
spares the run a collectstatic (minutes of compression on a busy machine) whenever static/ changes.
"""

from firmops.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
