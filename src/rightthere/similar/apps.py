from django.apps import AppConfig


class SimilarConfig(AppConfig):
    name = "rightthere.similar"
    label = "similar"
    verbose_name = "Similar past cases"
