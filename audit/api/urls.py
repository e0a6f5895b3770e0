from django.urls import path
from rest_framework.routers import SimpleRouter

from audit.api.views import CategoryListView, ClassifyView, EntryViewSet, PeriodViewSet
from audit.imports.api.views import ColumnMappingViewSet, ImportViewSet

app_name = "audit-api"

router = SimpleRouter()
router.register("periods", PeriodViewSet, basename="period")
router.register("entries", EntryViewSet, basename="entry")
router.register("imports", ImportViewSet, basename="import")
router.register("import-mappings", ColumnMappingViewSet, basename="import-mapping")

urlpatterns = [
    path("classify/", ClassifyView.as_view(), name="classify"),
    path("categories/", CategoryListView.as_view(), name="categories"),
    *router.urls,
]
