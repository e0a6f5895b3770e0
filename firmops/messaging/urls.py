from django.urls import path

from firmops.messaging import views as notifications

app_name = "notifications"

urlpatterns = [
    path("", notifications.notification_list, name="list"),
    path("read-all/", notifications.notification_read_all, name="read_all"),
    path("email/", notifications.email_preferences, name="preferences"),
    path("<int:notification_id>/", notifications.notification_open, name="open"),
    path("<int:notification_id>/read/", notifications.notification_read, name="read"),
]
