from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"

    def ready(self) -> None:
        from audit import reminders
        from firmops.reminders import register_planner

        register_planner("audit.daily_log_nudge", reminders.plan)
