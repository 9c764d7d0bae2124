from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rightthere.accounts"
    label = "accounts"
    verbose_name = "People and teams"
