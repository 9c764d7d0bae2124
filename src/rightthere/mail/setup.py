"""Setting up the mailboxes customer mail is fetched from, and testing one.

Owners do this on the Mailboxes screen, through the API (`mail.api`) or with
`rightthere mailbox`; all call these functions. A mailbox's password is never
stored: it comes from the environment variable the mailbox names.
"""

import contextlib
import imaplib
import re
import socket
import ssl
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from rightthere.accounts.changes import record_change
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.mail.imap import MailboxError, _check, _connect, _quote
from rightthere.mail.models import Mailbox, Security

MAILBOX_FIELDS = ("name", "host", "port", "security", "username", "password_env", "folder",
                  "processed_folder", "active")  # fmt: skip
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LIST_LINE = re.compile(r'\((?P<flags>[^)]*)\) (?P<delimiter>"[^"]*"|NIL) (?P<name>.+)')


def _clean(mailbox: Mailbox) -> None:
    mailbox.name = mailbox.name.strip()
    mailbox.host = mailbox.host.strip()
    mailbox.username = mailbox.username.strip()
    mailbox.password_env = mailbox.password_env.strip()
    mailbox.folder = mailbox.folder.strip() or "INBOX"
    mailbox.processed_folder = mailbox.processed_folder.strip()
    if not mailbox.name:
        raise InvalidField("name", gettext("Give the mailbox a name, e.g. Support."))
    if len(mailbox.name) > 100:
        raise InvalidField("name", gettext("A mailbox name is at most 100 characters."))
    clash = Mailbox.objects.filter(name__iexact=mailbox.name).exclude(pk=mailbox.pk)
    if clash.exists():
        raise InvalidField("name", gettext("There is already a mailbox called %(name)s.")
                           % {"name": repr(mailbox.name)})  # fmt: skip
    if not mailbox.host or any(c.isspace() for c in mailbox.host) or len(mailbox.host) > 255:
        raise InvalidField("host", gettext("Give the IMAP server's name, e.g. imap.example.com."))
    if not 1 <= int(mailbox.port) <= 65535:
        raise InvalidField("port", gettext("A port is a number from 1 to 65535 (IMAPS is 993)."))
    if mailbox.security not in Security.values:
        raise InvalidField("security", gettext("Choose how the connection is secured."))
    if not mailbox.username or len(mailbox.username) > 255:
        raise InvalidField("username", gettext("Give the user name the mailbox logs in with."))
    if mailbox.password_env and not _VARIABLE.match(mailbox.password_env):
        raise InvalidField(
            "password_env",
            gettext("A variable name has only letters, digits and _ (e.g. SUPPORT_MAIL_PASSWORD)."),
        )


def _said(mailbox: Mailbox) -> str:
    return (f"{mailbox.username} at {mailbox.host}:{mailbox.port} ({mailbox.security}), "
            f"folder {mailbox.folder}, password from {mailbox.password_variable}"
            f"{'' if mailbox.active else ', not fetched'}.")  # fmt: skip


def _refuse_unknown(values: dict[str, Any]) -> None:
    unknown = set(values) - set(MAILBOX_FIELDS)
    if unknown:
        raise InvalidInput(
            gettext("Unknown mailbox fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )


def add_mailbox(actor: User | None, **values: Any) -> Mailbox:
    """A mailbox to fetch customer mail from."""
    check_owner(actor, gettext("set up mailboxes"))
    _refuse_unknown(values)
    mailbox = Mailbox(**values)
    _clean(mailbox)
    with transaction.atomic():
        mailbox.save()
        record_change(actor, "mailboxes", f"Added the mailbox {mailbox.name}: {_said(mailbox)}")
    return mailbox


def change_mailbox(actor: User | None, mailbox: Mailbox, **changes: Any) -> Mailbox:
    """Change a mailbox's server, login, folders or whether it is fetched."""
    check_owner(actor, gettext("change mailboxes"))
    _refuse_unknown(changes)
    for name, value in changes.items():
        setattr(mailbox, name, value)
    _clean(mailbox)
    with transaction.atomic():
        mailbox.save()
        record_change(actor, "mailboxes", f"Changed the mailbox {mailbox.name}: {_said(mailbox)}")
    return mailbox


def delete_mailbox(actor: User | None, mailbox: Mailbox) -> None:
    """Stop fetching from a mailbox and forget it; mail already taken in stays."""
    check_owner(actor, gettext("remove mailboxes"))
    with transaction.atomic():
        record_change(actor, "mailboxes", f"Removed the mailbox {mailbox.name}: {_said(mailbox)}")
        mailbox.delete()


@dataclass
class ConnectionReport:
    """What a test log-in found: the folders and message counts, or what went wrong."""

    mailbox: str
    ok: bool = False
    error: str = ""
    folders: list[str] = field(default_factory=list)
    messages: int = 0
    unseen: int = 0
    folder_found: bool = False

    def __str__(self) -> str:
        if not self.ok:
            return f"{self.mailbox}: {self.error}"
        folders, mails = len(self.folders), self.messages
        return (f"{self.mailbox}: logged in; {folders} folder{'s' * (folders != 1)}; "
                f"{mails} message{'s' * (mails != 1)} in the fetched folder, "
                f"{self.unseen} unread.")  # fmt: skip


def _folders(connection: imaplib.IMAP4) -> list[str]:
    names = []
    for line in _check(connection.list()):
        match = _LIST_LINE.match(line.decode(errors="replace")) if isinstance(line, bytes) else None
        if match:
            names.append(match.group("name").strip('"'))
    return sorted(names, key=lambda name: (name.upper() != "INBOX", name.lower()))


def _explain(mailbox: Mailbox, error: BaseException) -> str:
    where = f"{mailbox.host}:{mailbox.port}"
    if isinstance(error, socket.gaierror):
        return gettext("Cannot find the server %(host)s: check its name (%(reason)s).") % {
            "host": mailbox.host, "reason": error.strerror}  # fmt: skip
    if isinstance(error, ssl.SSLCertVerificationError):
        return gettext("TLS failed: the server's certificate is not trusted (%(reason)s). "
                       "Check the server name.") % {"reason": error.verify_message}  # fmt: skip
    if isinstance(error, ssl.SSLError):
        return gettext("TLS failed at %(where)s (%(reason)s). Is this port for '%(security)s'? "
                       "IMAPS is usually 993, STARTTLS 143.") % {
            "where": where, "reason": error.reason or error,
            "security": Security(mailbox.security).label}  # fmt: skip
    if isinstance(error, ConnectionRefusedError):
        return gettext("Cannot reach %(where)s: the connection was refused (wrong port, or no "
                       "server).") % {"where": where}  # fmt: skip
    if isinstance(error, TimeoutError | socket.timeout):
        return gettext("Cannot reach %(where)s: no answer (a firewall, or the wrong host or "
                       "port).") % {"where": where}  # fmt: skip
    if isinstance(error, OSError):
        return gettext("Cannot reach %(where)s: %(reason)s.") % {
            "where": where, "reason": error.strerror or error}  # fmt: skip
    return str(error) or type(error).__name__


def _try(mailbox: Mailbox, password: str, report: ConnectionReport) -> None:
    connection = _connect(mailbox)
    try:
        try:
            _check(connection.login(mailbox.username, password))
        except (MailboxError, imaplib.IMAP4.error) as refused:
            detail = str(refused).strip() or gettext("no reason given")
            raise MailboxError(
                gettext("The server refused the log-in of %(username)s: wrong user name or "
                        "password? (It said: %(detail)s.) The password comes from "
                        "%(variable)s.") % {"username": mailbox.username, "detail": detail,
                                            "variable": mailbox.password_variable}
            ) from refused  # fmt: skip
        report.folders = _folders(connection)
        report.folder_found = mailbox.folder in report.folders or (
            mailbox.folder.upper() == "INBOX"
        )
        if not report.folder_found:
            raise MailboxError(
                gettext("Logged in, but there is no folder %(folder)s; the server has: "
                        "%(folders)s.") % {"folder": repr(mailbox.folder),
                                           "folders": ", ".join(report.folders)
                                           or gettext("no folders")}
            )  # fmt: skip
        status = _check(connection.status(_quote(mailbox.folder), "(MESSAGES UNSEEN)"))
        counts = dict(re.findall(r"(MESSAGES|UNSEEN) (\d+)", status[0].decode(errors="replace")))
        report.messages, report.unseen = (
            int(counts.get("MESSAGES", 0)),
            int(counts.get("UNSEEN", 0)),
        )
        report.ok = True
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()


def try_mailbox(mailbox: Mailbox) -> ConnectionReport:
    """Log in to the mailbox's server and look around, changing nothing there."""
    report = ConnectionReport(mailbox.name)
    password = mailbox.password()
    if password is None:
        report.error = gettext("No password: set the environment variable %(variable)s for the "
                               "web server and the worker, then restart them.") % {
            "variable": mailbox.password_variable}  # fmt: skip
        return report
    try:
        _try(mailbox, password, report)
    except MailboxError as error:
        report.error = str(error)
    except (imaplib.IMAP4.error, OSError) as error:
        report.error = _explain(mailbox, error)
    return report


def check_connection(actor: User | None, mailbox: Mailbox) -> ConnectionReport:
    """The Test connection button: try the log-in, keep the outcome on the mailbox (its
    last error) and in the set-up history."""
    check_owner(actor, gettext("test mailboxes"))
    report = try_mailbox(mailbox)
    with transaction.atomic():
        mailbox.last_error = report.error
        mailbox.save(update_fields=["last_error"])
        record_change(actor, "mailboxes", f"Tested the connection of {report}")
    return report
