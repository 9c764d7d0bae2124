"""SMS backends, chosen by the SMS_BACKEND setting as mail's by EMAIL_BACKEND.

A backend sends one text (`send`) and returns the provider's id and status; it raises
`SmsSendError` (with `retry` for a provider that may take it later: a 5xx, a timeout, no
connection, too many requests) and says which settings it still needs (`missing`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SentSms:
    provider_id: str
    status: str


class SmsSendError(Exception):
    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


class BaseSmsBackend:
    label = "SMS backend"
    # Whether the provider reports delivery to our status callback.
    reports_delivery = False
    needs_from_number = False

    def send(self, *, to: str, from_number: str, body: str, status_callback: str) -> SentSms:
        raise NotImplementedError

    def missing(self) -> list[str]:
        """The settings this backend still needs, as a person fixes them."""
        return []

    def auth_token(self) -> str:
        """The secret the provider signs its callbacks with ("" when it sends none)."""
        return ""


def configured() -> bool:
    return bool(settings.SMS_BACKEND)


def get_backend() -> BaseSmsBackend:
    backend: BaseSmsBackend = import_string(settings.SMS_BACKEND)()
    return backend
