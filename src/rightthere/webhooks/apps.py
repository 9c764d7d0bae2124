from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "rightthere.webhooks"
    label = "webhooks"
    verbose_name = "Outgoing webhooks"
