from django.urls import path
from rest_framework.routers import SimpleRouter

from performance.api import views
from performance.surveys.api import ClientSurveyViewSet

router = SimpleRouter()
router.register("work-items", views.WorkItemViewSet, basename="work-item")
router.register("hour-entries", views.HourEntryViewSet, basename="hour-entry")
router.register("matters", views.MatterViewSet, basename="matter")
router.register("surveys", views.SurveyViewSet, basename="survey")
router.register("client-surveys", ClientSurveyViewSet, basename="client-survey")
router.register("check-ins", views.CheckInViewSet, basename="check-in")
router.register("action-items", views.ActionItemViewSet, basename="action-item")
router.register("signals", views.SignalViewSet, basename="signal")

app_name = "performance-api"

urlpatterns = [
    path("engagements/<int:engagement_id>/summary/", views.SummaryView.as_view(), name="summary"),
    path("engagements/<int:engagement_id>/evaluate/", views.EvaluateView.as_view(), name="evaluate"),
    path("engagements/<int:engagement_id>/report.pdf", views.ReportView.as_view(), name="report"),
    path("engagements/<int:engagement_id>/check-ins.ics", views.CalendarView.as_view(), name="calendar"),
    *router.urls,
]
