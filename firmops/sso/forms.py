"""The firm's SSO settings, and allauth's password forms taught to refuse the staff of SSO firms."""

from __future__ import annotations

from allauth.account.forms import LoginForm, ResetPasswordForm, ResetPasswordKeyForm
from django import forms
from django.core.exceptions import ValidationError

from firmops.messaging.emails import send_on_commit
from firmops.models import Role, User
from firmops.sso.models import IDP_ROLES, SsoConnection
from firmops.sso.selectors import connection_for_email, email_domain, password_refused_by


def sso_refusal(connection: SsoConnection) -> str:
    firm = connection.firm
    return (
        f"{firm.name} signs its members in through {connection.display_name}: "
        f"use “Sign in with SSO”. Password sign-in and password reset are off for {firm.name}'s staff."
    )


class SsoConnectionForm(forms.ModelForm):
    issuer = forms.URLField(
        assume_scheme="https",
        max_length=300,
        label="Issuer URL",
        help_text=SsoConnection._meta.get_field("issuer").help_text,
    )
    client_secret = forms.CharField(
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Write-only: never shown again. Blank keeps the stored secret.",
    )
    group_roles = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Groups that give a role",
        help_text="One per line, “IdP group = role” (attorney, paralegal, ops or external); "
        "the first match wins.",
    )
    break_glass = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Break-glass partner",
        help_text="One partner with an authenticator app may still sign in with a password; "
        "each use is in the trail and mailed to the other partners.",
    )

    class Meta:
        model = SsoConnection
        fields = [
            "display_name",
            "issuer",
            "client_id",
            "client_secret",
            "secret_env",
            "groups_claim",
            "group_roles",
            "jit_role",
            "break_glass",
            "require_sso",
        ]

    def __init__(self, *args, firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["break_glass"].queryset = User.objects.filter(
            memberships__firm=firm, memberships__role=Role.PARTNER, memberships__is_active=True
        ).order_by("email")
        # The stored [[group, role], …] shown as the lines the partner types (never as JSON).
        self.initial["group_roles"] = "\n".join(f"{g} = {r}" for g, r in self.instance.group_roles or [])

    def clean_group_roles(self) -> list[list[str]]:
        roles = dict(IDP_ROLES)
        pairs = []
        for number, line in enumerate(self.cleaned_data["group_roles"].splitlines(), start=1):
            if not line.strip():
                continue
            group, sep, role = (part.strip() for part in line.rpartition("="))
            if not sep or not group or role not in roles:
                raise ValidationError(
                    f"Line {number} ({line.strip()!r}): write “group = role” with role one of "
                    f"{', '.join(roles)} (partners are named in firmops, never by the IdP)."
                )
            pairs.append([group, role])
        return pairs

    def clean(self):
        data = super().clean()
        has_secret = data.get("client_secret") or data.get("secret_env") or self.instance.secret_set_at
        if not has_secret:
            self.add_error(
                "client_secret", "Enter the client secret, or the environment variable that holds it."
            )
        return data


class SsoDomainForm(forms.Form):
    domain = forms.CharField(max_length=253, help_text="e.g. averystone.com; your own address must be at it.")


class SsoStartForm(forms.Form):
    email = forms.EmailField(label="Work email")


class PasswordLoginForm(LoginForm):
    """allauth's login form; the staff of a firm that requires SSO are sent to its IdP instead."""

    sso_connection: SsoConnection | None = None

    def clean(self):
        email = str(self.data.get("login", "")).strip().lower()
        by_domain = connection_for_email(email=email) if "@" in email else None
        by_domain = by_domain if by_domain is not None and by_domain.require_sso else None
        try:
            data = super().clean()
        except ValidationError:
            if by_domain is not None:  # same answer for a wrong password: no account is revealed
                self._refuse(by_domain)
            raise
        # The right password: refused only for the staff of a firm requiring SSO (break-glass aside);
        # someone else with an address at the domain (the outsourced professional) signs in.
        refusing = password_refused_by(user=self.user)
        if refusing is not None:
            self._refuse(refusing)
        return data

    def _refuse(self, connection: SsoConnection):
        self.sso_connection = connection
        raise ValidationError(sso_refusal(connection))


class PasswordResetForm(ResetPasswordForm):
    """No reset link for the staff of a firm that requires SSO: a note naming the IdP instead."""

    def clean_email(self) -> str:
        email = super().clean_email()
        connection = connection_for_email(email=email)
        if connection is not None and connection.require_sso:
            # Unknown addresses at the domain get the same answer as its staff (no enumeration).
            if not self.users or any(password_refused_by(user=u) for u in self.users):
                raise ValidationError(
                    f"Addresses at {email_domain(email)}: {sso_refusal(connection)} "
                    f"Ask your firm's {connection.display_name} administrator to reset your password there."
                )
        return email

    def save(self, request, **kwargs) -> str:
        email = self.cleaned_data["email"]
        allowed = []
        for user in self.users:
            connection = password_refused_by(user=user)
            if connection is None:
                allowed.append(user)
                continue
            # Same page for everyone (no enumeration); the note goes to the address's owner only.
            send_on_commit(
                firm=connection.firm,
                to=[email],
                subject=f"firmops: {connection.firm.name} signs you in through {connection.display_name}",
                body=f"Someone asked to reset the firmops password of {email}.\n\n"
                f"{sso_refusal(connection)}\n",
            )
        if allowed or not self.users:
            self.users = allowed
            return super().save(request, **kwargs)
        return email


class PasswordResetKeyForm(ResetPasswordKeyForm):
    """A link mailed before the firm turned SSO on no longer sets a password."""

    def clean(self):
        data = super().clean()
        connection = password_refused_by(user=self.user) if self.user else None
        if connection is not None:
            raise ValidationError(sso_refusal(connection))
        return data
