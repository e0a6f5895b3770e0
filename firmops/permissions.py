"""Role checks shared by pages and the API. The firm itself is resolved by FirmMiddleware."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from firmops.models import Role

STAFF = (Role.PARTNER, Role.ATTORNEY, Role.PARALEGAL, Role.OPS)
MANAGERS = (Role.PARTNER, Role.OPS)


def has_role(request, roles) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in roles


def role_required(*roles: str):
    """Page decorator: only these roles of the active firm may open the view (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request, roles):
                raise PermissionDenied("Your role in this firm cannot open this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class FirmRole(BasePermission):
    """API permission: the view's `allowed_roles` (reads) and `write_roles` (writes) of the active firm."""

    message = "Your role in this firm cannot do this."

    def has_permission(self, request, view) -> bool:
        if getattr(request, "membership", None) is None:
            return False
        write = request.method not in ("GET", "HEAD", "OPTIONS")
        roles = getattr(view, "write_roles", None) if write else None
        roles = roles or getattr(view, "allowed_roles", STAFF)
        return request.membership.role in roles
