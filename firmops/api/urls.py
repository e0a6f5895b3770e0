from django.urls import include, path
from rest_framework.routers import SimpleRouter

from firmops.api.views import EngagementViewSet, MemberViewSet, MyFirmsView
from firmops.messaging.api import NotificationViewSet

router = SimpleRouter()
router.register("engagements", EngagementViewSet, basename="engagement")
router.register("members", MemberViewSet, basename="member")
router.register("notifications", NotificationViewSet, basename="notification")

app_name = "api"

urlpatterns = [
    path("firms/", MyFirmsView.as_view(), name="my-firms"),
    path("firms/<slug:firm_slug>/", include(router.urls)),
]
