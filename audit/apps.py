from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"

    def ready(self) -> None:
        from audit import reminders
        from firmops.messaging.notifications import kind_register
        from firmops.messaging.reminders import register_planner

        register_planner("audit.daily_log_nudge", reminders.plan)
        kind_register(reminders.KIND, "Daily nudge to log your tasks during an audit week")
