"""The firm's SSO settings, under /f/<slug>/settings/sso/ (included in firmops.firm_urls)."""

from django.urls import path

from firmops.sso import views

urlpatterns = [
    path("", views.sso_settings, name="sso_settings"),
    path("test/", views.sso_test, name="sso_test"),
    path("domains/", views.sso_domain_add, name="sso_domain_add"),
    path("domains/<int:domain_id>/remove/", views.sso_domain_remove, name="sso_domain_remove"),
]
