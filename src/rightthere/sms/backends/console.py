"""For development: each text is printed (console) or written to a file (file), nothing
is sent. Neither reports delivery, so the texts stay "sent"."""

import sys
import uuid
from typing import TextIO

from django.utils import timezone

from rightthere.sms.backends import BaseSmsBackend, SentSms


def _render(to: str, from_number: str, body: str, provider_id: str) -> str:
    return (
        f"SMS {provider_id} at {timezone.now():%Y-%m-%d %H:%M:%S}\n"
        f"From: {from_number or '(none)'}\nTo: {to}\n\n{body}\n{'-' * 60}\n"
    )


class ConsoleBackend(BaseSmsBackend):
    label = "Console (printed, not sent)"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, to: str, from_number: str, body: str, status_callback: str) -> SentSms:
        provider_id = f"console-{uuid.uuid4().hex}"
        self.stream.write(_render(to, from_number, body, provider_id))
        self.stream.flush()
        return SentSms(provider_id=provider_id, status="sent")
