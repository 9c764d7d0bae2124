from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "rightthere.cases"
    label = "cases"
