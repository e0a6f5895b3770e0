"""A firm's SSO: its identity provider, the email domains it claims, and each SSO or break-glass sign-in."""

from django.conf import settings
from django.db import models

from firmops.models.firms import Role
from firmops.tenancy import FirmOwned

# Roles an IdP may hand out (just-in-time or by group): partners are made in firmops, by partners.
IDP_ROLES = [(value, label) for value, label in Role.choices if value != Role.PARTNER]


class SsoConnection(FirmOwned):
    """The firm's OpenID Connect provider and its rules; every change is in the firm's trail."""

    display_name = models.CharField(
        "identity provider's name",
        max_length=80,
        help_text="What members know it as, e.g. Okta or Microsoft Entra ID; sign-in messages name it.",
    )
    issuer = models.URLField(
        "issuer URL",
        max_length=300,
        help_text="The IdP's issuer; firmops reads <issuer>/.well-known/openid-configuration.",
    )
    client_id = models.CharField("client ID", max_length=200)
    # The secret itself is in SsoSecret (encrypted, outside the trail); here only when it was set.
    secret_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    secret_env = models.CharField(
        "or read the client secret from the environment variable",
        max_length=100,
        blank=True,
        help_text="Blank: the secret typed in below, stored encrypted.",
    )
    groups_claim = models.CharField(max_length=60, default="groups", help_text="Claim that lists the groups.")
    group_roles = models.JSONField(
        default=list,
        blank=True,
        help_text="[[group, role], …] in order; the first group the member is in wins.",
    )
    jit_role = models.CharField(
        "just-in-time membership as",
        max_length=20,
        choices=IDP_ROLES,
        blank=True,
        help_text="Blank: only invited people join. Otherwise anyone at the firm's domains joins so.",
    )
    require_sso = models.BooleanField(
        "members sign in with SSO",
        default=False,
        help_text="Password sign-in and password reset are refused for the firm's staff.",
    )
    break_glass = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="break-glass partner",
    )
    tested_at = models.DateTimeField(null=True, blank=True, editable=False)
    discovery = models.JSONField(default=dict, blank=True, editable=False)  # endpoints the last test found
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "SSO connection"
        constraints = [models.UniqueConstraint(fields=["firm"], name="sso_connection_one_per_firm")]

    def __str__(self) -> str:
        return self.display_name


class SsoSecret(FirmOwned):
    """The client secret, Fernet-encrypted; outside the trail so not even its ciphertext is shown."""

    audit_trail = False  # SsoConnection.secret_set_at records each change in the trail instead
    ciphertext = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["firm"], name="sso_secret_one_per_firm")]


class SsoDomain(FirmOwned):
    """An email domain the firm claims: its addresses are sent to the firm's IdP from the login page."""

    domain = models.CharField(max_length=253, unique=True)  # one firm per domain, whatever RLS hides
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "SSO domain"
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class SsoSignIn(FirmOwned):
    """One sign-in through the firm's IdP, or one use of the break-glass password: the trail's record."""

    class Method(models.TextChoices):
        SSO = "sso", "Through the identity provider"
        BREAK_GLASS = "break_glass", "Break-glass password and two-factor"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=20, choices=Method.choices)
    subject = models.CharField(max_length=255, blank=True)  # the IdP's `sub`
    groups = models.JSONField(default=list, blank=True)
    role = models.CharField(max_length=20, blank=True)  # the member's role after this sign-in
    expires_at = models.DateTimeField(null=True, blank=True)  # the ID token's expiry: the session's end
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "SSO sign-in"
        ordering = ["-at"]
