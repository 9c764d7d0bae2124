from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "rightthere.notifications"
    label = "notifications"
