"""The provider's questionnaire link at /q/: outside any firm's URLs, as the provider has no account."""

from django.urls import path

from providers.evidence.public import link_document
from providers.questionnaires.public import questionnaire_public

app_name = "providers-public"

urlpatterns = [
    path("<str:token>/", questionnaire_public, name="questionnaire"),
    path("<str:token>/documents/<int:document_id>/", link_document, name="evidence"),
]
