from django.urls import include, path

from firmops.engagements import views as engagements
from firmops.trail import views as trail
from firmops.views import home, members

app_name = "firm"

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("members/", members.members, name="members"),
    path("members/<int:membership_id>/remove/", members.member_remove, name="member_remove"),
    path("settings/", engagements.firm_settings, name="settings"),
    path("settings/sso/", include("firmops.sso.urls")),
    path("settings/data/", include("firmops.ownership.urls")),
    path("trail/", trail.trail, name="trail"),
    path("engagements/", engagements.engagement_list, name="engagements"),
    path("engagements/new/", engagements.engagement_new, name="engagement_new"),
    path("engagements/<int:engagement_id>/", engagements.engagement_detail, name="engagement"),
]
