from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"

    def ready(self) -> None:
        from onboarding import reminders

        reminders.register()
