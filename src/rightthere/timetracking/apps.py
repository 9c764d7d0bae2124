from django.apps import AppConfig


class TimeTrackingConfig(AppConfig):
    name = "rightthere.timetracking"
    label = "timetracking"
    verbose_name = "Time tracking"
