from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"

    def ready(self) -> None:
        from firmops.reminders import register_planner
        from performance.checkins import plan_checkins_for_firm

        register_planner("performance.checkins", plan_checkins_for_firm)
