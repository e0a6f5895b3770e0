"""The bell's pages: a person's notifications in this firm, and which kinds also reach them by email."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from firmops.messaging.notifications import (
    email_opted_out,
    email_preferences_set,
    kinds_for_preferences,
    notification_mark_all_read,
    notification_mark_read,
    notifications_for,
)
from firmops.models import Role
from firmops.permissions import role_required

EVERYONE = tuple(Role.values)  # every member has a bell, the outsourced professional too


@role_required(*EVERYONE)
def notification_list(request, firm_slug: str):
    """Newest first; unread ones stand out and can be marked read one by one or all at once."""
    page = Paginator(notifications_for(firm=request.firm, user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "firmops/notifications/list.html", {"page": page})


@role_required(*EVERYONE)
def notification_open(request, firm_slug: str, notification_id: int):
    """Follow a notification to its object, marking it read on the way."""
    notification = notification_mark_read(
        firm=request.firm, user=request.user, notification_id=notification_id
    )
    if notification.url:  # a path inside firmops (notification_create drops anything else)
        return redirect(notification.url)
    return redirect("notifications:list", firm_slug=firm_slug)


@require_POST
@role_required(*EVERYONE)
def notification_read(request, firm_slug: str, notification_id: int):
    notification = notification_mark_read(
        firm=request.firm, user=request.user, notification_id=notification_id
    )
    messages.success(request, f"Marked “{notification.title}” as read.")
    return redirect("notifications:list", firm_slug=firm_slug)


@require_POST
@role_required(*EVERYONE)
def notification_read_all(request, firm_slug: str):
    changed = notification_mark_all_read(firm=request.firm, user=request.user)
    if changed:
        messages.success(request, f"Marked {changed} notification{'s' if changed != 1 else ''} as read.")
    else:
        messages.info(request, "Nothing was unread.")
    return redirect("notifications:list", firm_slug=firm_slug)


@role_required(*EVERYONE)
def email_preferences(request, firm_slug: str):
    """Tick the kinds you want by email; unticked kinds still show under the bell."""
    kinds = kinds_for_preferences()
    if request.method == "POST":
        wanted = set(request.POST.getlist("email"))
        off = [k.key for k in kinds if not k.security and k.key not in wanted]
        email_preferences_set(user=request.user, email_off=off)
        messages.success(
            request,
            "Email preferences saved: "
            + (
                f"{len(off)} kind{'s' if len(off) != 1 else ''} in the app only."
                if off
                else "everything by email."
            ),
        )
        return redirect("notifications:preferences", firm_slug=firm_slug)
    off = {kind for _, kind in email_opted_out(user_ids=[request.user.pk])}
    rows = [(k, k.key not in off) for k in kinds]
    return render(request, "firmops/notifications/preferences.html", {"rows": rows})
