from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only for its command (generate_load_data): bench imports the product, never the reverse."""

    name = "bench"
    verbose_name = "firmops bench"
