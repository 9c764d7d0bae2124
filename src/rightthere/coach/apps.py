from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "rightthere.coach"
    label = "coach"
    verbose_name = "Reply check"

    def ready(self) -> None:
        from rightthere.coach import rules

        # A bad rule file stops start-up here, with the file and entry named,
        # instead of failing when an agent presses Send.
        rules.install(rules.load_installed_rules())
