from django.apps import AppConfig


class SmsConfig(AppConfig):
    name = "rightthere.sms"
    label = "sms"
    verbose_name = "SMS"
