from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from performance.rollup.triggers import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="performance_rollup_week")
        from firmops.messaging.notifications import kind_register
        from firmops.messaging.reminders import register_planner
        from performance.checkins import REMINDER_KIND, plan_checkins_for_firm
        from performance.report import REPORT_KIND
        from performance.scaling import EMAIL_KIND
        from performance.surveys.sending import SURVEY_KIND, plan_surveys_for_firm

        register_planner("performance.checkins", plan_checkins_for_firm)
        kind_register(REMINDER_KIND, "Check-in tomorrow, with its agenda")
        kind_register(EMAIL_KIND, "A scaling signal was raised (time to scale?)")
        kind_register(REPORT_KIND, "Weekly performance report (PDF)")
        register_planner("performance.surveys", plan_surveys_for_firm)
        kind_register(SURVEY_KIND, "Client survey to a matter's client contact", to_members=False)
