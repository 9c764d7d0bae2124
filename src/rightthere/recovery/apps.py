from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "rightthere.recovery"
    label = "recovery"
    verbose_name = "Complaint recovery"
