from django.apps import AppConfig


class ChecklistsConfig(AppConfig):
    name = "rightthere.checklists"
    label = "checklists"
