"""What every firm API view shares: the active firm from the URL, role permissions, firm-scoped lookups."""

from rest_framework import viewsets

from firmops.permissions import STAFF, FirmRole


class FirmViewMixin:
    """The firm comes from the URL via FirmMiddleware, never from the client."""

    # A view names its firm-owned `model` and narrows `firm_queryset()` to what the member may see;
    # get_queryset adds what every view shares: while drf-spectacular builds the schema there is no
    # request firm, so the answer is an empty queryset. (Docstrings here become API descriptions.)

    permission_classes = [FirmRole]
    allowed_roles = STAFF
    write_roles = None
    model = None

    @property
    def generating_schema(self) -> bool:
        """True while the OpenAPI schema is built (a fake request: no firm, no member)."""
        return getattr(self, "swagger_fake_view", False)

    def get_queryset(self):
        if self.generating_schema:
            return self.model.objects.all_firms().none()
        return self.firm_queryset()

    def firm_queryset(self):
        """The firm's rows of `model` this member may see; views narrow it."""
        return self.model.objects.for_firm(self.firm)

    @property
    def firm(self):
        return self.request.firm

    @property
    def membership(self):
        return self.request.membership


class FirmModelViewSet(FirmViewMixin, viewsets.ModelViewSet):
    """CRUD over one firm's rows of `model`."""
