from django.urls import path

from audit import report_views, views

app_name = "audit"

urlpatterns = [
    path("", views.home, name="home"),
    path("log/", views.log_today, name="log_today"),
    path("periods/new/", views.period_new, name="period_new"),
    path("periods/<int:period_id>/", views.period_detail, name="period"),
    path("periods/<int:period_id>/recost/", views.period_recost, name="period_recost"),
    path("periods/<int:period_id>/log/", views.log, name="log"),
    path("periods/<int:period_id>/entries/", views.entries, name="entries"),
    path("periods/<int:period_id>/hit-list/", report_views.hit_list, name="hit_list"),
    path("periods/<int:period_id>/hit-list.csv", report_views.hit_list_csv, name="hit_list_csv"),
    path("entries/<int:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/delete/", views.entry_delete, name="entry_delete"),
    path("entries/<int:entry_id>/override/", views.entry_override, name="entry_override"),
    path("overrides/", views.overrides, name="overrides"),
    path("overrides/<int:override_id>/delete/", views.override_delete, name="override_delete"),
    path("import/", report_views.import_csv, name="import"),
    path("rates/", report_views.rates, name="rates"),
]
