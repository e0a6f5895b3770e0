"""Factories shared by every app's tests. Tenant rows get their firm from a SubFactory or the caller."""

import factory
from allauth.account.models import EmailAddress

from firmops.models import Engagement, Firm, Membership, Role, User

PASSWORD = "correct-horse-battery-9"


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Firm
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Firm {n} LLP")
    slug = factory.Sequence(lambda n: f"firm-{n}")
    require_mfa_for_partners = False


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    firm = factory.SubFactory(FirmFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PARALEGAL


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    firm = factory.SubFactory(FirmFactory)
    name = factory.Sequence(lambda n: f"Engagement {n}")
    owner = factory.SubFactory(UserFactory)
