from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "Provider vetting"

    def ready(self) -> None:
        from firmops.reminders import register_planner
        from providers.questionnaires import plan_questionnaire_reminders

        # The trial-ending reminder is planned at selection; this one needs the beat because it
        # depends on whether the provider has answered by then.
        register_planner("providers.questionnaire_unanswered", plan_questionnaire_reminders)
