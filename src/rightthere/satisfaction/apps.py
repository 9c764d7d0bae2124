from django.apps import AppConfig


class SatisfactionConfig(AppConfig):
    name = "rightthere.satisfaction"
    label = "satisfaction"
    verbose_name = "Customer satisfaction"
