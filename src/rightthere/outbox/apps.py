from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "rightthere.outbox"
    label = "outbox"
    verbose_name = "Outgoing mail"
