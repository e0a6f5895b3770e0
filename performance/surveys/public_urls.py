"""The client survey link at /s/: outside any firm's URLs, as the client has no account."""

from django.urls import path

from performance.surveys.public import survey_opt_out_public, survey_public

app_name = "surveys-public"

urlpatterns = [
    path("<str:token>/", survey_public, name="survey"),
    path("<str:token>/opt-out/", survey_opt_out_public, name="opt_out"),
]
