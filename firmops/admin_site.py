"""Django's admin, shown to staff only: everyone else gets the site's ordinary 404.

Django's admin answers anyone with its own login page. That tells the world (the external
professional included) where the cross-firm back office is, and its form takes passwords without
allauth's lockout or two-factor step: on this code base it answered 8 wrong passwords in a row and
then let the right one in. Here staff sign in like everyone else, at /accounts/login/, and then open
the admin (at ADMIN_PATH); for anyone else every admin URL, its login page included, is a 404.
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import Http404
from django.views.decorators.common import no_append_slash


class StaffOnlyAdminSite(AdminSite):
    def _refuse_unless_staff(self, request) -> None:
        if not self.has_permission(request):  # active and is_staff
            raise Http404

    def admin_view(self, view, cacheable=False):
        """Every admin page and model view: a 404 before Django's redirect to its login page."""
        inner = super().admin_view(view, cacheable)

        def staff_only(request, *args, **kwargs):
            self._refuse_unless_staff(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(staff_only, inner)

    def login(self, request, extra_context=None):
        """Only signed-in staff reach it (Django then sends them to the index)."""
        self._refuse_unless_staff(request)
        return super().login(request, extra_context)

    @no_append_slash
    def catch_all_view(self, request, url):
        """No slash-appending redirect for others: it would confirm that an admin page exists."""
        self._refuse_unless_staff(request)
        return super().catch_all_view(request, url)


class StaffOnlyAdminConfig(AdminConfig):
    """Installed in place of django.contrib.admin, so `admin.site` is the staff-only site."""

    default_site = "firmops.admin_site.StaffOnlyAdminSite"
