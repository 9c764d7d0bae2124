"""For development: each text is written to its own file in SMS_FILE_PATH."""

import uuid
from pathlib import Path

from django.conf import settings

from rightthere.sms.backends import BaseSmsBackend, SentSms
from rightthere.sms.backends.console import _render


class FileBackend(BaseSmsBackend):
    label = "Files (written, not sent)"

    def __init__(self) -> None:
        self.folder = Path(settings.SMS_FILE_PATH)

    def send(self, *, to: str, from_number: str, body: str, status_callback: str) -> SentSms:
        provider_id = f"file-{uuid.uuid4().hex}"
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{provider_id}.txt").write_text(
            _render(to, from_number, body, provider_id), encoding="utf-8"
        )
        return SentSms(provider_id=provider_id, status="sent")
