from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rightthere.api"
    label = "api"
    verbose_name = "API"
