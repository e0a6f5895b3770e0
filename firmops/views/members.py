"""Members of a firm and invitations to join it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from firmops.forms import InvitationForm
from firmops.invitations import invitation_create
from firmops.models import Invitation
from firmops.permissions import MANAGERS, role_required
from firmops.selectors import firm_members


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
            messages.success(request, f"Invitation sent to {invitation.email} as {invitation.get_role_display()}.")
            return redirect("firm:members", firm_slug=firm_slug)
    pending = Invitation.objects.filter(accepted_at__isnull=True).select_related("invited_by")[:50]
    return render(request, "firmops/members.html", {"members": firm_members(firm=request.firm), "form": form, "pending": pending})
