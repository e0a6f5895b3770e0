"""Settings of the benchmarked server: the product's own, plus the ceiling route (bench.urls)."""

from firmops.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
