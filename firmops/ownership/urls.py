"""The firm's data page, under /f/<slug>/settings/data/ (included in firmops.firm_urls)."""

from django.urls import path

from firmops.ownership import views

urlpatterns = [
    path("", views.data, name="data"),
    path("export/", views.export_start, name="data_export"),
    path("exports/<int:export_id>/status/", views.export_status, name="data_export_status"),
    path("exports/<int:export_id>/download/", views.export_download, name="data_export_download"),
    path("deletion/", views.deletion_schedule, name="data_deletion"),
    path("deletion/cancel/", views.deletion_cancel, name="data_deletion_cancel"),
]
