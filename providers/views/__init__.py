"""Vetting pages: providers, questionnaires and templates, comparison and selection, the provider's link."""

from firmops.models import Role
from firmops.permissions import MANAGERS, STAFF

READ = STAFF  # the outsourced professional sees nothing of vetting
WRITE = MANAGERS
SELECT = (Role.PARTNER,)


def form_errors(form, exc) -> None:
    """Put a service's ValidationError on the form's fields where it names them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
