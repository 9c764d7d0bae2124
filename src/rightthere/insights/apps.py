from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "rightthere.insights"
    label = "insights"
    verbose_name = "Insights"
