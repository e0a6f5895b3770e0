from firmops.models.accounts import User
from firmops.models.engagements import Engagement, EngagementStageChange, Stage
from firmops.models.firms import Firm, Membership, Role
from firmops.models.invitations import Invitation
from firmops.models.notifications import AddressOptOut, EmailOptOut, Notification
from firmops.models.ownership import FirmDeletion, FirmExport, FirmExportProgress
from firmops.models.reminders import Reminder
from firmops.models.trail import ChangeRecord
from firmops.sso.models import SsoConnection, SsoDomain, SsoSecret, SsoSignIn

__all__ = [
    "AddressOptOut",
    "ChangeRecord",
    "EmailOptOut",
    "Engagement",
    "EngagementStageChange",
    "Firm",
    "FirmDeletion",
    "FirmExport",
    "FirmExportProgress",
    "Invitation",
    "Membership",
    "Notification",
    "Reminder",
    "Role",
    "SsoConnection",
    "SsoDomain",
    "SsoSecret",
    "SsoSignIn",
    "Stage",
    "User",
]
