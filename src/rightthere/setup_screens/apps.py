from django.apps import AppConfig


class SetupScreensConfig(AppConfig):
    name = "rightthere.setup_screens"
    label = "setup_screens"
    verbose_name = "Set-up screens"
