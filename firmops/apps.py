from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FirmopsConfig(AppConfig):
    name = "firmops"
    verbose_name = "firmops core"

    def ready(self) -> None:
        from firmops import rls, trail
        from firmops.celery import ensure_broker_folders
        from firmops.notifications import register_security_kinds

        ensure_broker_folders()
        trail.connect_signals()
        register_security_kinds()

        # Runs once the whole migrate is done (sender=this app), so every app's tables exist.
        post_migrate.connect(rls.on_post_migrate, sender=self, dispatch_uid="firmops-rls")
