"""The How We Work guide: read it (sanitised), edit its Markdown, browse every saved version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from firmops.forms import add_service_errors
from firmops.models import Role
from firmops.permissions import STAFF, role_required
from firmops.tenancy import get_for_firm
from onboarding import selectors, services
from onboarding.forms import GuideForm
from onboarding.models import GuideVersion
from onboarding.rendering import render_markdown
from onboarding.views._common import engagement_or_404

EDITORS = (Role.PARTNER, Role.ATTORNEY, Role.OPS)


def _sections(version: GuideVersion | None) -> list[tuple[str, object]]:
    return [
        (label, render_markdown(getattr(version, name) if version else ""))
        for name, label in GuideVersion.SECTIONS
    ]


def _hours(request, engagement):
    plan = selectors.plan_for(firm=request.firm, engagement=engagement)
    return plan, (selectors.plan_shared_hours(firm=request.firm, plan=plan) if plan else None)


def guide(request, firm_slug: str, engagement_id: int):
    """The guide as the professional reads it; staff may start it from the firm's defaults."""
    engagement = engagement_or_404(request, engagement_id)
    if request.method == "POST":
        if request.membership.role not in EDITORS:
            raise PermissionDenied("Only partners, attorneys and ops staff can start the guide.")
        services.guide_ensure(firm=request.firm, actor=request.user, engagement=engagement)
        messages.success(
            request, "Guide started from the firm's defaults. Edit it to make the unwritten rules written."
        )
        return redirect("onboarding:guide", firm_slug=firm_slug, engagement_id=engagement.pk)
    guide = selectors.guide_for(firm=request.firm, engagement=engagement)
    version = selectors.guide_current(firm=request.firm, guide=guide) if guide else None
    plan, hours = _hours(request, engagement)
    context = {
        "engagement": engagement,
        "guide": guide,
        "version": version,
        "sections": _sections(version),
        "plan": plan,
        "hours": hours,
        "can_edit": request.membership.role in EDITORS,
        "is_staff": request.membership.role in STAFF,
    }
    return render(request, "onboarding/guide.html", context)


@role_required(*EDITORS)
def guide_edit(request, firm_slug: str, engagement_id: int):
    """Edit the Markdown sections; each save becomes a new version."""
    engagement = engagement_or_404(request, engagement_id)
    guide = services.guide_ensure(firm=request.firm, actor=request.user, engagement=engagement)
    current = selectors.guide_current(firm=request.firm, guide=guide)
    form = GuideForm(request.POST or None, initial=current.sections() if current else {})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.guide_save(
                firm=request.firm, actor=request.user, guide=guide, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if version is None:
                messages.info(request, "Nothing changed: no new version saved.")
            else:
                messages.success(
                    request,
                    f"Guide saved as version {version.number}. Earlier versions are kept in the history.",
                )
            return redirect("onboarding:guide", firm_slug=firm_slug, engagement_id=engagement.pk)
    plan, hours = _hours(request, engagement)
    return render(
        request,
        "onboarding/guide_edit.html",
        {"engagement": engagement, "form": form, "version": current, "hours": hours},
    )


@role_required(*STAFF)
def guide_history(request, firm_slug: str, engagement_id: int):
    """Every saved version, newest first."""
    engagement = engagement_or_404(request, engagement_id)
    guide = selectors.guide_for(firm=request.firm, engagement=engagement)
    versions = selectors.guide_versions(firm=request.firm, guide=guide) if guide else []
    return render(request, "onboarding/guide_history.html", {"engagement": engagement, "versions": versions})


@role_required(*STAFF)
def guide_version(request, firm_slug: str, guide_version_id: int):
    """One old version, rendered as it read then."""
    version = get_for_firm(GuideVersion, firm=request.firm, pk=guide_version_id)
    engagement = engagement_or_404(request, version.guide.engagement_id)
    context = {"engagement": engagement, "version": version, "sections": _sections(version)}
    return render(request, "onboarding/guide_version.html", context)
