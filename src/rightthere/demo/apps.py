from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "rightthere.demo"
    label = "demo"
