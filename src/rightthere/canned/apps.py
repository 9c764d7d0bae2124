from django.apps import AppConfig


class CannedConfig(AppConfig):
    name = "rightthere.canned"
    label = "canned"
    verbose_name = "Canned replies"
