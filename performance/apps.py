from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"

    def ready(self) -> None:
        from firmops.messaging.notifications import kind_register
        from firmops.messaging.reminders import register_planner
        from performance.checkins import REMINDER_KIND, plan_checkins_for_firm
        from performance.report import REPORT_KIND
        from performance.scaling import EMAIL_KIND

        register_planner("performance.checkins", plan_checkins_for_firm)
        kind_register(REMINDER_KIND, "Check-in tomorrow, with its agenda")
        kind_register(EMAIL_KIND, "A scaling signal was raised (time to scale?)")
        kind_register(REPORT_KIND, "Weekly performance report (PDF)")
