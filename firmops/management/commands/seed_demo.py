from django.core.management.base import BaseCommand

from firmops.demo import DEMO_PASSWORD, demo_email, seed_demo
from firmops.models import Role


class Command(BaseCommand):
    help = (
        "Create or complete the demo firm (slug 'demo'), one user per role, and the demo engagement. "
        "Idempotent."
    )

    def handle(self, *args, **options):
        demo = seed_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo firm '{demo.firm.name}' ready at /f/{demo.firm.slug}/"))
        self.stdout.write(f"Demo password for every account: {DEMO_PASSWORD}")
        for role in Role.values:
            self.stdout.write(f"  {role:<10} {demo_email(role)}")
