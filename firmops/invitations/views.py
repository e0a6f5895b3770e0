"""The page behind an invitation link."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from firmops.invitations.forms import InvitationSignupForm
from firmops.invitations.services import invitation_accept, invitation_check, invitation_signup
from firmops.models import User

_PROBLEMS = {
    "invalid": (
        "This invitation link is not valid",
        "The link is incomplete or has been changed. Open it again from the email, or ask the person "
        "who invited you for a new one.",
    ),
    "expired": (
        "This invitation has expired",
        "Invitations are valid for a limited time. Ask the person who invited you to send a new one.",
    ),
    "used": (
        "This invitation has already been used",
        "Sign in with the invited email address to reach the firm.",
    ),
}


def invitation_accept_view(request, token: str):
    """Accept an invitation: sign in as the invited address, or create the account right here."""
    check = invitation_check(token)
    if check.problem:
        title, advice = _PROBLEMS[check.problem]
        return render(
            request,
            "firmops/invitation_problem.html",
            {"title": title, "advice": advice},
            status=410 if check.problem != "invalid" else 400,
        )
    invitation = check.invitation
    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    form = InvitationSignupForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                invitation_accept(invitation=invitation, user=request.user)
                user = request.user
            elif not account_exists and form.is_valid():
                user = invitation_signup(invitation=invitation, **form.cleaned_data)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                user = None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            user = None
        if user is not None:
            messages.success(request, f"Welcome to {invitation.firm.name}.")
            return redirect("firm:dashboard", firm_slug=invitation.firm.slug)
    return render(
        request,
        "firmops/invitation_accept.html",
        {"invitation": invitation, "form": form, "account_exists": account_exists},
    )
