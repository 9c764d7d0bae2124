from django.apps import AppConfig


class FieldConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rightthere.field"
    label = "field"
    verbose_name = "Field service"
