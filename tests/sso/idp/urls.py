from django.contrib.auth import views as auth
from django.urls import include, path

from tests.sso.idp.control import control

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("control/", control),
]
