from rest_framework.routers import SimpleRouter

from onboarding.api.views import (
    ExitCheckViewSet,
    GuideViewSet,
    PackExportViewSet,
    PlanItemViewSet,
    PlanViewSet,
)

app_name = "onboarding-api"

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("items", PlanItemViewSet, basename="plan-item")
router.register("guides", GuideViewSet, basename="guide")
router.register("exports", PackExportViewSet, basename="pack-export")
router.register("exit-checks", ExitCheckViewSet, basename="exit-check")

urlpatterns = router.urls
