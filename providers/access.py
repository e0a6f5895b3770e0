"""Who may do what in vetting: read it (firm staff), change it (managers), select (partners)."""

from firmops.models import Role
from firmops.permissions import MANAGERS, STAFF

READ = STAFF  # the outsourced professional sees nothing of vetting
WRITE = MANAGERS
SELECT = (Role.PARTNER,)
