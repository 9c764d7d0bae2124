from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "rightthere.portal"
    label = "portal"
    verbose_name = "Customer portal"
