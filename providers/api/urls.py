from django.urls import include, path
from rest_framework.routers import SimpleRouter

from providers.api import evidence, roles, views

router = SimpleRouter()
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("professionals", views.ProfessionalViewSet, basename="professional")
router.register("templates", views.TemplateViewSet, basename="template")
router.register("questionnaires", views.QuestionnaireViewSet, basename="questionnaire")
router.register("answers", views.AnswerViewSet, basename="answer")
router.register("selections", views.SelectionViewSet, basename="selection")
router.register("roles", roles.RoleDefinitionViewSet, basename="role")
router.register("evidence", evidence.EvidenceViewSet, basename="evidence")

app_name = "providers-api"

urlpatterns = [
    path("", include(router.urls)),
    path("engagements/<int:engagement_id>/comparison/", views.ComparisonView.as_view(), name="comparison"),
    path("engagements/<int:engagement_id>/fit-hint/", views.FitHintView.as_view(), name="fit-hint"),
]
