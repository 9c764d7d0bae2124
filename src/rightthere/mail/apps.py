from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "rightthere.mail"
    label = "mail"
    verbose_name = "E-mail"
