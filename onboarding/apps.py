from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"

    def ready(self) -> None:
        from firmops.notifications import kind_register
        from onboarding import reminders

        reminders.register()
        kind_register(reminders.KIND, "Onboarding plan items of yours due tomorrow")
