"""Pages: the firm's SSO settings (partners), the SSO start, and the login page's SSO redirect."""

from __future__ import annotations

from allauth.account.views import LoginView
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialApp
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from firmops.forms import add_service_errors
from firmops.models import Firm, Role
from firmops.permissions import role_required
from firmops.sso.forms import SsoConnectionForm, SsoDomainForm, SsoStartForm
from firmops.sso.models import SsoConnection
from firmops.sso.selectors import (
    callback_url,
    connection_for,
    connection_for_email,
    domains_of,
    email_domain,
    provider_id_for,
)
from firmops.sso.services import (
    sso_connection_save,
    sso_connection_test,
    sso_domain_claim,
    sso_domain_release,
)


@role_required(Role.PARTNER)
def sso_settings(request, firm_slug: str):
    """The firm's IdP, its rules and its domains: a partner's call, every change in the trail."""
    firm = request.firm
    connection = connection_for(firm=firm) or SsoConnection(firm=firm)
    form = SsoConnectionForm(request.POST or None, instance=connection, firm=firm)
    if request.method == "POST" and form.is_valid():
        try:
            sso_connection_save(
                firm=firm,
                connection=form.save(commit=False),
                client_secret=form.cleaned_data["client_secret"],
                changed=form.changed_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "SSO settings saved; the client secret is stored and will not be shown."
            )
            return redirect("firm:sso_settings", firm_slug=firm_slug)
    context = {
        "form": form,
        "connection": connection if connection.pk else None,
        "domains": domains_of(firm=firm),
        "domain_form": SsoDomainForm(),
        "callback_url": callback_url(firm=firm),
    }
    return render(request, "sso/settings.html", context)


@require_POST
@role_required(Role.PARTNER)
def sso_test(request, firm_slug: str):
    connection = connection_for(firm=request.firm)
    if connection is None:
        messages.error(request, "Save the identity provider's settings first, then test them.")
        return redirect("firm:sso_settings", firm_slug=firm_slug)
    try:
        sso_connection_test(firm=request.firm, connection=connection)
    except ValidationError as exc:
        messages.error(request, "Connection test failed: " + " ".join(exc.messages))
    else:
        messages.success(
            request, f"{connection.display_name} answered: discovery document and signing keys found."
        )
    return redirect("firm:sso_settings", firm_slug=firm_slug)


@require_POST
@role_required(Role.PARTNER)
def sso_domain_add(request, firm_slug: str):
    form = SsoDomainForm(request.POST)
    if form.is_valid():
        try:
            claimed = sso_domain_claim(
                firm=request.firm, actor=request.user, domain=form.cleaned_data["domain"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{claimed.domain} claimed: its addresses are sent to the firm's IdP.")
    for error in form.errors.get("domain", []) + form.non_field_errors():
        messages.error(request, error)
    return redirect("firm:sso_settings", firm_slug=firm_slug)


@require_POST
@role_required(Role.PARTNER)
def sso_domain_remove(request, firm_slug: str, domain_id: int):
    released = sso_domain_release(firm=request.firm, domain_id=domain_id)
    messages.success(request, f"{released} released: its addresses sign in with a password again.")
    return redirect("firm:sso_settings", firm_slug=firm_slug)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if allowed else ""


def sso_redirect(request, *, connection: SsoConnection, email: str = "", next_url: str = ""):
    """Send the browser to the firm's IdP (allauth keeps state, nonce and PKCE verifier)."""
    try:
        provider = get_social_adapter().get_provider(request, provider=provider_id_for(firm=connection.firm))
    except SocialApp.DoesNotExist as exc:
        raise Http404("This firm's SSO is not set up yet.") from exc
    params = provider.get_auth_params()
    if email:
        params["login_hint"] = email
    response = provider.redirect(request, "login", next_url=next_url or None, auth_params=params)
    if response.status_code != 302:
        return response  # allauth's own error page
    # Not a 302: the pages' CSP (form-action 'self') rightly stops a form's POST from being redirected
    # to another origin, so the browser is handed the IdP's address in a page that goes on by itself.
    page = render(request, "sso/redirect.html", {"url": response["Location"], "connection": connection})
    page["Cache-Control"] = "no-store"
    return page


def sso_start(request):
    """Sign in with SSO: by work email (its domain names the firm), or for the firm a page asked for."""
    firm = Firm.objects.filter(slug=request.GET.get("firm") or request.POST.get("firm") or "").first()
    connection = connection_for(firm=firm) if firm else None
    form = SsoStartForm(request.POST if request.method == "POST" and "email" in request.POST else None)
    if (
        request.method == "POST"
        and connection is not None
        and connection.tested_at
        and "email" not in request.POST
    ):
        return sso_redirect(request, connection=connection, next_url=_safe_next(request))
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"].lower()
        found = connection_for_email(email=email)
        if found is not None and found.tested_at:
            return sso_redirect(request, connection=found, email=email, next_url=_safe_next(request))
        form.add_error(
            "email", f"No firm signs in addresses at {email_domain(email)} through SSO: use your password."
        )
    context = {"form": form, "connection": connection if connection and connection.tested_at else None}
    return render(request, "sso/start.html", {**context, "next": _safe_next(request)})


class PasswordLoginView(LoginView):
    """allauth's login page; an address of a firm that requires SSO goes on to that firm's IdP."""

    def form_invalid(self, form):
        connection = getattr(form, "sso_connection", None)
        if connection is not None and connection.tested_at:
            messages.info(self.request, str(form.non_field_errors()[0]))
            email = str(form.data.get("login", "")).strip().lower()
            return sso_redirect(
                self.request, connection=connection, email=email, next_url=_safe_next(self.request)
            )
        return super().form_invalid(form)
