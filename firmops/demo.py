"""The demo firm: one user per role, a demo engagement, and each phase app's demo data."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from firmops.engagements.services import engagement_create
from firmops.models import Engagement, Firm, Role, User
from firmops.services import firm_create, membership_set
from firmops.tenancy import firm_scope

DEMO_SLUG = "demo"
DEMO_PASSWORD = "demo-firmops-2026"
DEMO_ENGAGEMENT = "Litigation support outsourcing"
PHASE_APPS = ("audit", "providers", "onboarding", "performance")
NAMES = {
    Role.PARTNER: ("Patricia", "Park"),
    Role.ATTORNEY: ("Alan", "Reyes"),
    Role.PARALEGAL: ("Paula", "Gomez"),
    Role.OPS: ("Owen", "Price"),
    Role.EXTERNAL: ("Elena", "Novak"),
}


@dataclass
class Demo:
    firm: Firm
    users: dict[str, User]
    engagement: Engagement


def demo_email(role: str) -> str:
    return f"{role}@demo.firmops.test"


def _user(role: str) -> User:
    first, last = NAMES[role]
    user, created = User.objects.get_or_create(
        email=demo_email(role), defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def seed_demo() -> Demo:
    """Create or complete the demo firm; running it again changes nothing."""
    firm = Firm.objects.filter(slug=DEMO_SLUG).first() or firm_create(
        name="Demo Law Group", slug=DEMO_SLUG, time_zone="America/Chicago", require_mfa_for_partners=False
    )
    users = {role: _user(role) for role in Role.values}
    for role, user in users.items():
        membership_set(firm=firm, user=user, role=role)
    with firm_scope(firm):
        engagement = Engagement.objects.filter(name=DEMO_ENGAGEMENT).first()
    if engagement is None:
        engagement = engagement_create(firm=firm, actor=users[Role.PARTNER], name=DEMO_ENGAGEMENT)
    demo = Demo(firm=firm, users=users, engagement=engagement)
    for app in PHASE_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        with firm_scope(firm):
            module.seed(demo)
    return demo
