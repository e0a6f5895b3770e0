from django.urls import path

from onboarding.views import exits, guide, pack, plan, setup

app_name = "onboarding"

urlpatterns = [
    path("", plan.index, name="index"),
    path("engagements/<int:engagement_id>/", plan.plan, name="plan"),
    path("engagements/<int:engagement_id>/generate/", plan.plan_generate, name="plan_generate"),
    path("engagements/<int:engagement_id>/calendar.ics", plan.calendar, name="calendar"),
    path("engagements/<int:engagement_id>/access/", plan.access, name="access"),
    path("engagements/<int:engagement_id>/guide/", guide.guide, name="guide"),
    path("engagements/<int:engagement_id>/guide/edit/", guide.guide_edit, name="guide_edit"),
    path("engagements/<int:engagement_id>/guide/history/", guide.guide_history, name="guide_history"),
    path("engagements/<int:engagement_id>/pack/", pack.pack, name="pack"),
    path("items/<int:plan_item_id>/", plan.item_update, name="item_update"),
    path("access/<int:access_check_id>/", plan.access_check, name="access_check"),
    path("exit/<int:exit_check_id>/", exits.exit_check, name="exit_check"),
    path("guide-versions/<int:guide_version_id>/", guide.guide_version, name="guide_version"),
    path("exports/<int:pack_export_id>/status/", pack.export_status, name="export_status"),
    path("exports/<int:pack_export_id>/download/", pack.export_download, name="export_download"),
    path("setup/templates/", setup.templates, name="templates"),
    path("setup/templates/new/", setup.template_new, name="template_new"),
    path("setup/templates/reset/", setup.templates_reset, name="templates_reset"),
    path("setup/templates/<int:plan_template_id>/", setup.template_edit, name="template_edit"),
    path("setup/tools/", setup.tools, name="tools"),
    path("setup/tools/<int:firm_tool_id>/toggle/", setup.tool_toggle, name="tool_toggle"),
    path("setup/playbooks/", setup.playbooks, name="playbooks"),
]
