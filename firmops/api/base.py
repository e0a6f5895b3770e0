"""What every firm API view shares: the active firm from the URL, role permissions, firm-scoped lookups."""

from rest_framework import viewsets

from firmops.permissions import STAFF, FirmRole


class FirmViewMixin:
    """The firm comes from the URL via FirmMiddleware, never from the client."""

    permission_classes = [FirmRole]
    allowed_roles = STAFF
    write_roles = None

    @property
    def firm(self):
        return self.request.firm

    @property
    def membership(self):
        return self.request.membership


class FirmModelViewSet(FirmViewMixin, viewsets.ModelViewSet):
    """CRUD over one firm's rows of `model` (set `queryset` via get_queryset)."""

    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.all_firms().none()
        return self.model.objects.for_firm(self.firm)
