from django.apps import AppConfig


class MergingConfig(AppConfig):
    name = "rightthere.merging"
    label = "merging"
    verbose_name = "Merging duplicate cases"
