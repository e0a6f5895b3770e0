from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"

    def ready(self) -> None:
        from firmops.messaging.notifications import kind_register
        from firmops.signals import professional_offboarded
        from onboarding import exits, reminders, selectors
        from providers.services import role_tool_source_register

        reminders.register()
        role_tool_source_register(selectors.tool_names)
        professional_offboarded.connect(exits.open_on_offboarding, dispatch_uid="onboarding.exit_checklist")
        kind_register(reminders.KIND, "Onboarding plan items of yours due tomorrow")
        kind_register(exits.OPENED_KIND, "A professional left: an exit checklist to tick off")
