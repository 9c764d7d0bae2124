from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "rightthere.customers"
    label = "customers"
