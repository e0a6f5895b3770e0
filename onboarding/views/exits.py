"""Ticking off the exit checklist (shown on the access checklist's page, its mirror)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from firmops.permissions import MANAGERS, role_required
from firmops.tenancy import get_for_firm
from onboarding.exits import exit_check_tick
from onboarding.models import ExitCheck


@require_POST
@role_required(*MANAGERS)
def exit_check(request, firm_slug: str, exit_check_id: int):
    """Tick one item off; a second tick is refused by name, with who ticked it and when."""
    check = get_for_firm(ExitCheck, firm=request.firm, pk=exit_check_id)
    try:
        done = exit_check_tick(
            firm=request.firm, actor=request.user, membership=request.membership, check=check
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Ticked off: {done.title}.")
    engagement_id = check.checklist.engagement_id
    url = reverse("onboarding:access", kwargs={"firm_slug": firm_slug, "engagement_id": engagement_id})
    return redirect(f"{url}#exit-{check.checklist_id}")
