import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from firmops.tenancy import FirmOwned


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (e.g. America/New_York).")


class Role(models.TextChoices):
    PARTNER = "partner", "Partner"
    ATTORNEY = "attorney", "Attorney"
    PARALEGAL = "paralegal", "Paralegal"
    OPS = "ops", "Ops staff"
    EXTERNAL = "external", "Outsourced professional"


# Staff who work inside the firm; `external` sees only their own engagement material.
INTERNAL_ROLES = (Role.PARTNER, Role.ATTORNEY, Role.PARALEGAL, Role.OPS)

_rate = dict(max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])


class Firm(models.Model):
    """The tenant. Its rows are the directory of firms, so it carries no firm scope itself."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[validate_time_zone])
    core_hours_start = models.TimeField(
        default=datetime.time(9, 0), help_text="Start of the firm's working day (its time zone)."
    )
    core_hours_end = models.TimeField(
        default=datetime.time(17, 0), help_text="End of the firm's working day (its time zone)."
    )
    require_mfa_for_partners = models.BooleanField(
        default=True, help_text="Partners must set up an authenticator app before they see engagement data."
    )
    mfa_required_roles = models.JSONField(
        "also require two-factor authentication for",
        default=list,
        blank=True,
        help_text="Other roles that must use an authenticator app before they see engagement data.",
    )
    rate_partner = models.DecimalField("partner hourly rate", default=Decimal("500"), **_rate)
    rate_attorney = models.DecimalField("attorney hourly rate", default=Decimal("400"), **_rate)
    rate_paralegal = models.DecimalField("paralegal hourly rate", default=Decimal("40"), **_rate)
    rate_ops = models.DecimalField("ops staff hourly rate", default=Decimal("35"), **_rate)
    rate_outsourced = models.DecimalField("outsourced hourly rate", default=Decimal("40"), **_rate)
    associate_annual_cost = models.DecimalField(
        "cost of hiring an associate (salary and benefits, per year)",
        max_digits=10,
        decimal_places=2,
        default=Decimal("130000"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def requires_mfa(self, role: str) -> bool:
        """Whether a member with this role must pass two-factor authentication to see the firm's data."""
        if role == Role.PARTNER:
            return self.require_mfa_for_partners
        return role in (self.mfa_required_roles or [])

    def rate_for(self, role: str) -> Decimal:
        """The firm's default hourly cost of a role; outsourced professionals cost the outsourced rate."""
        field = {Role.EXTERNAL: "rate_outsourced"}.get(role, f"rate_{role}")
        return getattr(self, field)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def zone_of(self, user) -> zoneinfo.ZoneInfo:
        """Where a member is: their own time zone, or the firm's when they set none (or a bad one)."""
        name = getattr(user, "time_zone", "")
        if name:
            try:
                return zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                pass  # a name the zone database does not know: the firm's day is the honest fallback
        return self.zone

    def today(self, now: datetime.datetime | None = None) -> datetime.date:
        """The firm's calendar date at `now` (default: now): weeks, due dates and reports count from it."""
        return (now or timezone.now()).astimezone(self.zone).date()

    def today_for(self, user, now: datetime.datetime | None = None) -> datetime.date:
        """The date where a member is at `now`: the day their quick log and audit week default to."""
        return (now or timezone.now()).astimezone(self.zone_of(user)).date()


class Membership(FirmOwned):
    """A user's place in a firm. A user may belong to several firms, with one role in each."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    hourly_rate = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Blank: the firm's rate for the role.",
    )
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm", "user"], name="membership_one_per_firm")]
        indexes = [models.Index(fields=["user", "firm"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    def effective_rate(self, firm: Firm) -> Decimal:
        return self.hourly_rate if self.hourly_rate is not None else firm.rate_for(self.role)
