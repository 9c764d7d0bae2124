"""Errors raised by case actions; views and the API turn them into messages."""


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
            "Someone else changed this case after you opened it. "
            "Reload to see their change, then try again."
        )
        self.current_version = current_version
