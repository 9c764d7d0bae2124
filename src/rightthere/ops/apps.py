from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "rightthere.ops"
    label = "ops"
    verbose_name = "Operations"
