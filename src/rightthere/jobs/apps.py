from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "rightthere.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
