"""Building raw test mail, and reading the .eml fixtures in tests/fixtures/mail/."""

import sysconfig
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from django.utils import timezone

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "mail"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_names() -> list[str]:
    return sorted(path.name for path in FIXTURES.glob("*.eml"))


def make_mail(
    *,
    sender: str = "Jo Bloggs <jo@example.com>",
    subject: str = "Boiler makes a banging noise",
    body: str = "Since this morning the boiler bangs every few minutes.",
    message_id: str | None = "request-1@example.com",
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> bytes:
    """A mail as a customer's program sends it. `message_id=None` leaves the header out."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "Support <support@rightthere.test>"
    mail["Subject"] = subject
    mail["Date"] = format_datetime(timezone.now())
    if message_id is not None:
        mail["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        mail["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        mail["References"] = references
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    for filename, content_type, content in attachments:
        maintype, subtype = content_type.split("/")
        mail.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return mail.as_bytes()


def cpython_email_data() -> Path:
    """CPython's own e-mail test messages (msg_*.txt), shipped with most Python builds."""
    return Path(sysconfig.get_paths()["stdlib"]) / "test" / "test_email" / "data"


def corpus() -> list[Path]:
    return sorted(cpython_email_data().glob("msg_*.txt")) + [FIXTURES / n for n in fixture_names()]
