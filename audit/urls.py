from django.urls import path

from audit.imports import views as imports
from audit.views import entries, periods, reports

app_name = "audit"

urlpatterns = [
    path("", periods.home, name="home"),
    path("log/", entries.log_today, name="log_today"),
    path("periods/new/", periods.period_new, name="period_new"),
    path("periods/<int:period_id>/", periods.period_detail, name="period"),
    path("periods/<int:period_id>/recost/", periods.period_recost, name="period_recost"),
    path("periods/<int:period_id>/log/", entries.log, name="log"),
    path("periods/<int:period_id>/entries/", entries.entries, name="entries"),
    path("periods/<int:period_id>/entries/delete/", entries.entries_delete, name="entries_delete"),
    path("periods/<int:period_id>/hit-list/", reports.hit_list, name="hit_list"),
    path("periods/<int:period_id>/hit-list.csv", reports.hit_list_csv, name="hit_list_csv"),
    path("entries/<int:entry_id>/edit/", entries.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/delete/", entries.entry_delete, name="entry_delete"),
    path("entries/<int:entry_id>/override/", entries.entry_override, name="entry_override"),
    path("overrides/", entries.overrides, name="overrides"),
    path("overrides/<int:override_id>/delete/", entries.override_delete, name="override_delete"),
    path("import/", imports.upload, name="import"),
    path("imports/<int:import_id>/", imports.job, name="import_job"),
    path("imports/<int:import_id>/status/", imports.job_status, name="import_job_status"),
    path("imports/<int:import_id>/map/", imports.map_columns, name="import_map"),
    path("imports/mappings/<int:mapping_id>/delete/", imports.mapping_delete, name="import_mapping_delete"),
    path("rates/", reports.rates, name="rates"),
]
