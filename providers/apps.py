from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "providers"
    verbose_name = "Provider vetting"

    def ready(self) -> None:
        from firmops.messaging.notifications import kind_register
        from firmops.messaging.reminders import register_planner
        from firmops.signals import engagement_closed, member_joined
        from providers.evidence import reminders as evidence
        from providers.questionnaires.services import (
            ANSWERED_KIND,
            REMINDER_KIND,
            plan_questionnaire_reminders,
        )
        from providers.selection.services import TRIAL_REMINDER_KIND, selection_offboard_on_close

        # The trial-ending reminder is planned at selection; this one needs the beat because it
        # depends on whether the provider has answered by then.
        register_planner("providers.questionnaire_unanswered", plan_questionnaire_reminders)
        register_planner(evidence.EXPIRY_KIND, evidence.plan_expiry_reminders)
        register_planner(evidence.REVET_KIND, evidence.plan_revetting_reminders)
        member_joined.connect(_link_professional, dispatch_uid="providers.professional_account_link")
        engagement_closed.connect(selection_offboard_on_close, dispatch_uid="providers.offboard_on_close")
        kind_register(ANSWERED_KIND, "A provider answered a questionnaire you sent")
        kind_register(TRIAL_REMINDER_KIND, "A selected professional's trial is about to end")
        kind_register(REMINDER_KIND, "Reminder to a provider contact to answer", to_members=False)
        kind_register(evidence.EXPIRY_KIND, "An evidence document (NDA, insurance…) expires in 30 or 7 days")
        kind_register(evidence.REVET_KIND, "A year on: time to re-vet a selected provider")


def _link_professional(sender, *, firm, user, role, **kwargs) -> None:
    """An outsourced professional who accepts an invitation is the candidate with that email."""
    from firmops.models import Role
    from providers.candidates.services import professional_account_link

    if role == Role.EXTERNAL:
        professional_account_link(firm=firm, user=user)
