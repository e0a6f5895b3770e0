from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FirmopsConfig(AppConfig):
    name = "firmops"
    verbose_name = "firmops core"

    def ready(self) -> None:
        from firmops.celery import ensure_broker_folders
        from firmops.messaging.notifications import kind_register, register_security_kinds
        from firmops.ownership.services import DELETION_KIND
        from firmops.sso import directory as sso_directory
        from firmops.sso import signals as sso_signals
        from firmops.tenancy import rls
        from firmops.trail.recording import connect_signals

        ensure_broker_folders()
        connect_signals()
        register_security_kinds()
        kind_register(DELETION_KIND, "The firm's scheduled deletion, and its cancelling", security=True)

        # Runs once the whole migrate is done (sender=this app), so every app's tables exist.
        post_migrate.connect(rls.on_post_migrate, sender=self, dispatch_uid="firmops-rls")
        post_migrate.connect(sso_directory.on_post_migrate, sender=self, dispatch_uid="firmops-sso-domains")
        sso_signals.connect()
