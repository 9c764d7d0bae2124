from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rightthere.accounts"
    label = "accounts"
    verbose_name = "People and teams"

    def ready(self) -> None:
        # Connects the log-in signal that notes whether two-factor is required (kept in
        # the session), also for log-ins before the first request loads the middleware.
        from rightthere.accounts import two_factor_gate  # noqa: F401
