"""Members of a firm and invitations to join it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from firmops.invitations.forms import InvitationForm
from firmops.invitations.services import invitation_create
from firmops.models import Invitation, Membership, Role
from firmops.permissions import MANAGERS, role_required
from firmops.selectors import firm_members
from firmops.services import membership_remove
from firmops.tenancy import get_for_firm


@role_required(*MANAGERS)
def members(request, firm_slug: str):
    """Who is in the firm with which role; partners and ops invite people."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_create(firm=request.firm, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Invitation sent to {invitation.email} as {invitation.get_role_display()}."
            )
            return redirect("firm:members", firm_slug=firm_slug)
    pending = Invitation.objects.filter(accepted_at__isnull=True).select_related("invited_by")[:50]
    return render(
        request,
        "firmops/members.html",
        {"members": firm_members(firm=request.firm), "form": form, "pending": pending},
    )


@role_required(Role.PARTNER)
def member_remove(request, firm_slug: str, membership_id: int):
    """A partner removes someone; their sessions end at once."""
    membership = get_for_firm(Membership, firm=request.firm, pk=membership_id, is_active=True)
    if request.method != "POST":
        return redirect("firm:members", firm_slug=firm_slug)
    try:
        membership_remove(firm=request.firm, actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"{membership.user.email} was removed from {request.firm.name} and signed out."
        )
    return redirect("firm:members", firm_slug=firm_slug)
