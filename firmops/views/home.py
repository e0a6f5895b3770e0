"""Entry pages: where a signed-in person lands, firm creation, the firm dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from firmops.engagements.next_actions import engagements_with_work_after_close, firm_queue
from firmops.engagements.portfolio import landing_url, portfolio
from firmops.engagements.selectors import engagements_visible_to
from firmops.forms import FirmCreateForm, add_service_errors
from firmops.models import Role, Stage
from firmops.selectors import memberships_of
from firmops.services import firm_create, membership_set

QUEUE_ENGAGEMENTS = 10  # a to-do list looks at the most recent open engagements, so its cost is bounded


@login_required
def home(request):
    """Back to the firm last used, straight into the only firm, or the firm picker."""
    memberships = memberships_of(user=request.user)
    slugs = [m.firm.slug for m in memberships]
    remembered = request.session.get("firm_slug")
    if remembered in slugs:
        return redirect("firm:dashboard", firm_slug=remembered)
    if len(slugs) == 1:
        return redirect("firm:dashboard", firm_slug=slugs[0])
    return render(request, "firmops/firm_picker.html", {"memberships": memberships})


@login_required
def firm_new(request):
    """A partner starts their firm's workspace and becomes its first partner."""
    form = FirmCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            firm = firm_create(**form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            membership_set(firm=firm, user=request.user, role=Role.PARTNER)
            messages.success(
                request, f"{firm.name} is ready. Start your first engagement with an audit week."
            )
            return redirect("firm:dashboard", firm_slug=firm.slug)
    return render(request, "firmops/firm_new.html", {"form": form})


def dashboard(request, firm_slug: str):
    """The firm's home, shaped by the member's role.

    A phase may send the member straight to their work (`firmops.engagements.portfolio.register_landing`): the
    quick log for a paralegal or attorney during their audit week, the 30-day plan for the outsourced
    professional. `?overview=1` shows this page anyway. Partners get every engagement in one table;
    other staff get their to-do list across the open engagements.
    """
    firm, membership = request.firm, request.membership
    if "overview" not in request.GET:
        url = landing_url(firm=firm, membership=membership)
        if url:
            return redirect(url)
    engagements = list(engagements_visible_to(firm=firm, membership=membership))
    counts: dict[str, int] = {}
    for e in engagements:
        counts[e.stage] = counts.get(e.stage, 0) + 1
    context = {
        "engagements": engagements,
        "stage_summary": [(label, counts.get(value, 0)) for value, label in Stage.choices],
    }
    if membership.role == Role.PARTNER:
        context["portfolio"] = portfolio(firm=firm, engagements=engagements)
    elif membership.role != Role.EXTERNAL:
        open_ones = [e for e in engagements if e.stage != Stage.CLOSED][:QUEUE_ENGAGEMENTS]
        # A closed engagement stays in the queue while it still has work (an exit checklist to tick off).
        left = engagements_with_work_after_close(firm=firm)
        open_ones += [e for e in engagements if e.stage == Stage.CLOSED and e.pk in left][:QUEUE_ENGAGEMENTS]
        context["queue"] = firm_queue(firm=firm, membership=membership, engagements=open_ones)
    return render(request, f"firmops/dashboard_{membership.role}.html", context)
