from django.apps import AppConfig


class SavedViewsConfig(AppConfig):
    name = "rightthere.saved_views"
    label = "saved_views"
