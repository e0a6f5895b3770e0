"""Vetting pages: providers, questionnaires and templates, comparison and selection, the provider's link."""

from firmops.models import Role
from firmops.permissions import MANAGERS, STAFF

READ = STAFF  # the outsourced professional sees nothing of vetting
WRITE = MANAGERS
SELECT = (Role.PARTNER,)

