"""Errors raised by case actions; views and the API turn them into messages."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext, ngettext


class CaseError(Exception):
    """A request that cannot be carried out, with a message fit to show a person."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(CaseError):
    code = "invalid"


class AttachmentNotStored(CaseError):
    """The attachment store is full, read-only or unreachable."""

    code = "attachment_not_stored"
    http_status = 503


class NotAllowed(CaseError):
    code = "forbidden"
    http_status = 403


class StaleVersion(CaseError):
    code = "conflict"
    http_status = 409

    def __init__(self, current_version: int) -> None:
        super().__init__(
            gettext(
                "Someone else changed this case after you opened it. "
                "Reload to see their change, then try again."
            )
        )
        self.current_version = current_version


class ReplyCrossed(CaseError):
    """A reply written while someone else replied or the customer wrote: `newer` are
    their messages (oldest first), to read before sending anyway or editing."""

    code = "reply_crossed"
    http_status = 409

    def __init__(self, newer: Sequence[Any]) -> None:
        super().__init__(
            ngettext(
                "While you were writing, a message reached this case. "
                "Read it, then send your reply anyway or edit it first.",
                "While you were writing, %(count)s messages reached this case. "
                "Read them, then send your reply anyway or edit it first.",
                len(newer),
            )
            % {"count": len(newer)}
        )
        self.newer = list(newer)


class InvalidField(InvalidInput):
    """Bad input for one named field: a settings page shows the message next to it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class VisitStillBooked(CaseError):
    """Solving or closing a case whose booked visit's day has not come yet: the message
    names its date; the person may cancel the visit with the change (`cancel_visits`)."""

    code = "visit_booked"
    http_status = 409

    def __init__(self, message: str, status: str) -> None:
        super().__init__(message)
        self.status = status  # the status that was asked for (solved or closed)


class CustomerExists(CaseError):
    """A new customer whose e-mail or phone number an existing customer's contact has:
    `existing` is that customer (`customers.duplicates.ExistingCustomer`). The person
    uses them, or creates the new one anyway (`allow_duplicate_customer`)."""

    code = "customer_exists"
    http_status = 409

    def __init__(self, message: str, existing: Any) -> None:
        super().__init__(message)
        self.existing = existing
