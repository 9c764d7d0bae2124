from django.apps import AppConfig


class PromisesConfig(AppConfig):
    name = "rightthere.promises"
    label = "promises"
