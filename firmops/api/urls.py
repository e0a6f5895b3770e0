from django.urls import include, path
from rest_framework.routers import SimpleRouter

from firmops.api.views import EngagementViewSet, MemberViewSet, MyFirmsView
from firmops.messaging.api import NotificationViewSet
from firmops.ownership.api import DataExportViewSet, DeletionView

router = SimpleRouter()
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("members", MemberViewSet, basename="member")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("data-exports", DataExportViewSet, basename="data-export")

app_name = "api"

urlpatterns = [
    path("firms/", MyFirmsView.as_view(), name="my-firms"),
    path("firms/<slug:firm_slug>/", include(router.urls)),
    path("firms/<slug:firm_slug>/deletion/", DeletionView.as_view(), name="data-deletion"),
]
