from django.urls import path

from rightthere.notifications.views import bell, pages

urlpatterns = [
    path("notifications/", pages.notification_list, name="notification_list"),
    path("notifications/bell/", bell.bell, name="notification_bell"),
    path("notifications/read-all/", pages.read_all, name="notification_read_all"),
    path("notifications/settings/", pages.notification_settings, name="notification_settings"),
    path("notifications/<int:pk>/", pages.open_notification, name="notification_open"),
]
