"""The bell over the API: a person's own notifications in the firm, and marking them read."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from firmops.api.base import FirmViewMixin
from firmops.messaging.notifications import (
    notification_mark_all_read,
    notification_mark_read,
    notifications_for,
    unread_count,
)
from firmops.models import Notification, Role


class NotificationOut(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "shown_at", "read_at"]


class NotificationViewSet(
    FirmViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Only the signed-in person's notifications that have come due; another person's id is a 404."""

    model = Notification
    serializer_class = NotificationOut
    allowed_roles = tuple(Role.values)
    write_roles = tuple(Role.values)

    def firm_queryset(self):
        return notifications_for(firm=self.firm, user=self.request.user)

    @extend_schema(request=None, responses={200: NotificationOut})
    @action(detail=True, methods=["post"])
    def read(self, request, *args, **kwargs):
        """Mark one notification read."""
        notification = notification_mark_read(
            firm=self.firm, user=request.user, notification_id=self.get_object().pk
        )
        return Response(NotificationOut(notification).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("ReadAllOut", {"marked": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request, *args, **kwargs):
        """Mark every notification read; says how many changed."""
        return Response({"marked": notification_mark_all_read(firm=self.firm, user=request.user)})

    @extend_schema(responses={200: inline_serializer("UnreadOut", {"unread": serializers.IntegerField()})})
    @action(detail=False, methods=["get"])
    def unread(self, request, *args, **kwargs):
        """The bell's number."""
        return Response({"unread": unread_count(firm=self.firm, user=request.user)})
