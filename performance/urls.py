from django.urls import path

from performance.surveys import views as surveys
from performance.views import checkins, dashboard, work

app_name = "performance"

urlpatterns = [
    path("", dashboard.index, name="index"),
    path("engagements/<int:engagement_id>/", dashboard.dashboard, name="dashboard"),
    path("engagements/<int:engagement_id>/report.pdf", dashboard.report_pdf, name="report_pdf"),
    path("engagements/<int:engagement_id>/signals/", dashboard.signals, name="signals"),
    path("signals/<int:signal_id>/", dashboard.signal_act, name="signal"),
    path("engagements/<int:engagement_id>/work/", work.work_items, name="work_items"),
    path("work/<int:item_id>/", work.work_item, name="work_item"),
    path("engagements/<int:engagement_id>/hours/", work.hours, name="hours"),
    path("engagements/<int:engagement_id>/hours/import/", work.hours_import, name="hours_import"),
    path("hours/<int:entry_id>/delete/", work.hour_entry_delete, name="hour_entry_delete"),
    path("engagements/<int:engagement_id>/matters/", work.matters, name="matters"),
    path("matters/<int:matter_id>/", work.matter, name="matter"),
    path("engagements/<int:engagement_id>/surveys/", work.surveys, name="surveys"),
    path("surveys/settings/", surveys.survey_settings_view, name="survey_settings"),
    path("matters/<int:matter_id>/survey/", surveys.survey_send_view, name="survey_send"),
    path("engagements/<int:engagement_id>/checkins/", checkins.checkins, name="checkins"),
    path("engagements/<int:engagement_id>/checkins.ics", checkins.checkins_ics, name="checkins_ics"),
    path("checkins/<int:checkin_id>/", checkins.checkin, name="checkin"),
]
