"""Outgoing mail's set-up: what the desk sends through, and a test mail to prove it.

The mail server is configured in the environment (EMAIL_HOST, EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL,
DEFAULT_FROM_EMAIL), never in the database; the Outgoing mail screen shows it and
says which variable to set. The screen, the API and `rightthere send_test_mail` call
`send_test_mail`.
"""

import smtplib
import socket
import ssl
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidInput
from rightthere.mail.providers import configured as mail_provider
from rightthere.outbox.delivery import sending_enabled
from rightthere.outbox.models import DeliveryStatus, OutboundMail

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@dataclass
class OutgoingMail:
    """How outgoing mail is set up now, for the screen."""

    sending: bool
    backend: str
    host: str
    port: int
    security: str
    username: str
    password_set: bool
    from_address: str
    held: int
    # A mail provider's API instead of the server (RIGHTTHERE_MAIL_PROVIDER), "" if none.
    provider: str = ""
    provider_label: str = ""
    inbound_url: str = ""
    tracking_url: str = ""
    provider_problems: list[str] = field(default_factory=list)

    @property
    def uses_smtp(self) -> bool:
        return self.backend == SMTP_BACKEND


def outgoing_mail() -> OutgoingMail:
    security = ("TLS from the start (SSL)" if settings.EMAIL_USE_SSL
                else "STARTTLS" if settings.EMAIL_USE_TLS else "none (plain text)")  # fmt: skip
    provider = mail_provider()
    if provider is not None:
        return OutgoingMail(
            sending=sending_enabled(), backend=settings.EMAIL_BACKEND, host="", port=0,
            security="HTTPS (the provider's API)", username="", password_set=False,
            from_address=settings.DEFAULT_FROM_EMAIL, held=_held(),
            provider=provider.provider.key, provider_label=provider.provider.label,
            inbound_url=provider.inbound_url, tracking_url=provider.tracking_url,
            provider_problems=provider.problems,
        )  # fmt: skip
    return OutgoingMail(
        sending=sending_enabled(), backend=settings.EMAIL_BACKEND, host=settings.EMAIL_HOST,
        port=settings.EMAIL_PORT, security=security, username=settings.EMAIL_HOST_USER,
        password_set=bool(settings.EMAIL_HOST_PASSWORD), from_address=settings.DEFAULT_FROM_EMAIL,
        held=_held(),
    )  # fmt: skip


def _held() -> int:
    return OutboundMail.objects.filter(status=DeliveryStatus.HELD).count()


@dataclass
class MailTestReport:
    to: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return self.detail


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def _explain(error: BaseException) -> str:
    where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return gettext("The mail server refused the log-in of %(user)r: check "
                       "EMAIL_HOST_USER and EMAIL_HOST_PASSWORD (%(code)s %(answer)s).") % {
            "user": settings.EMAIL_HOST_USER, "code": error.smtp_code,
            "answer": _text(error.smtp_error)}  # fmt: skip
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return gettext("The mail server refused the address: %(recipients)s.") % {
            "recipients": error.recipients}  # fmt: skip
    if isinstance(error, smtplib.SMTPSenderRefused):
        return gettext("The mail server refused the sender %(sender)r (%(code)s): check "
                       "DEFAULT_FROM_EMAIL.") % {"sender": error.sender,
                                                 "code": error.smtp_code}  # fmt: skip
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return gettext("The mail server at %(where)s does not offer STARTTLS or log-in: check "
                       "EMAIL_USE_TLS and EMAIL_USE_SSL.") % {"where": where}  # fmt: skip
    if isinstance(error, socket.gaierror):
        return gettext("Cannot find the mail server %(host)s: check EMAIL_HOST.") % {
            "host": settings.EMAIL_HOST}  # fmt: skip
    if isinstance(error, ssl.SSLError):
        return gettext("TLS failed at %(where)s (%(reason)s): port 465 is TLS from the start "
                       "(EMAIL_USE_SSL=true), 587 is STARTTLS (EMAIL_USE_TLS=true).") % {
            "where": where, "reason": error.reason or error}  # fmt: skip
    if isinstance(error, ConnectionRefusedError):
        return gettext("Cannot reach %(where)s: the connection was refused (check EMAIL_HOST "
                       "and EMAIL_PORT).") % {"where": where}  # fmt: skip
    if isinstance(error, TimeoutError | socket.timeout):
        return gettext("Cannot reach %(where)s: no answer (a firewall, or the wrong host or "
                       "port).") % {"where": where}  # fmt: skip
    if isinstance(error, smtplib.SMTPException | OSError):
        return gettext("Sending failed at %(where)s: %(error)s.") % {"where": where,
                                                                      "error": error}  # fmt: skip
    return f"{type(error).__name__}: {error}"


def send_test_mail(actor: User | None, *, to: str) -> MailTestReport:
    """The Send a test mail button: send one short mail now, straight through the
    configured mail server (not the queue), and say what the server answered."""
    check_owner(actor, gettext("send a test mail"))
    to = to.strip()
    try:
        validate_email(to)
    except ValidationError as error:
        raise InvalidInput(gettext("%(to)r is not an e-mail address.") % {"to": to}) from error
    failure: BaseException | None = None
    if sending_enabled():
        message = EmailMessage(
            subject="Rightthere test mail",
            body=("This is a test mail from Rightthere's Outgoing mail settings. If it "
                  "reached you, customers get your replies and acknowledgements.\n"),
            from_email=settings.DEFAULT_FROM_EMAIL, to=[to],
            connection=get_connection(fail_silently=False, timeout=15),
        )  # fmt: skip
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - every failure is reported on the screen
            failure = error
    report = MailTestReport(to, sending_enabled() and failure is None, _outcome(to, failure))
    with translation.override(settings.LANGUAGE_CODE):  # the change log is in English
        said = _outcome(to, failure)
    with transaction.atomic():
        record_change(actor, "outgoing_mail", f"Sent a test mail to {to}: {said}")
    return report


def _outcome(to: str, failure: BaseException | None) -> str:
    """What the test mail did, in the active language."""
    if not sending_enabled():
        return gettext("No mail server is set: set EMAIL_HOST (and EMAIL_PORT, "
                       "EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) for the web server and the "
                       "worker, then restart them.")  # fmt: skip
    if failure is not None:
        return _explain(failure)
    return gettext("Sent to %(to)s through %(through)s.") % {"to": to, "through": _through()}


def _through() -> str:
    if settings.EMAIL_BACKEND == SMTP_BACKEND:
        return f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    provider = mail_provider()
    if provider is not None and provider.provider.backend == settings.EMAIL_BACKEND:
        return gettext("%(provider)s's API") % {"provider": provider.provider.label}
    return gettext("%(name)s backend") % {"name": settings.EMAIL_BACKEND.rsplit(".", 2)[-2]}
