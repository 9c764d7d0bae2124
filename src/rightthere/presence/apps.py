from django.apps import AppConfig


class PresenceConfig(AppConfig):
    name = "rightthere.presence"
    label = "presence"
