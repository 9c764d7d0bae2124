from django.apps import AppConfig


class AutomationConfig(AppConfig):
    name = "rightthere.automation"
    label = "automation"
    verbose_name = "Automation rules"

    def ready(self) -> None:
        # The use cases reach the rules through desk.triggers; the runner that performs
        # a rule's actions with the use cases (desk.automation) is installed here, once,
        # before any case is opened (see .importlinter for why this import is allowed).
        from rightthere.desk import automation

        automation.install()
