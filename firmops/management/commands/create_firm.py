from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from firmops.invitations.services import invitation_create, invitation_url
from firmops.models import Role
from firmops.services import firm_create


class Command(BaseCommand):
    help = "Create a firm and invite its first partner; prints the invitation link."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument("--partner", required=True, metavar="EMAIL", help="Email of the first partner.")
        parser.add_argument("--time-zone", default="America/New_York")

    def handle(self, *args, slug, name, partner, time_zone, **options):
        try:
            firm = firm_create(name=name, slug=slug, time_zone=time_zone)
            invitation = invitation_create(firm=firm, actor=None, email=partner, role=Role.PARTNER)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(self.style.SUCCESS(f"Created firm {firm.name} ({firm.slug})."))
        self.stdout.write(f"Invitation for {invitation.email}: {invitation_url(invitation)}")
