"""IMAP transport: fetch unseen mail from the configured mailboxes.

Each mail is stored (committed) first; only then is it marked \\Seen or moved
to the processed folder, so a crash in between means the mail is fetched
again and recognised as a duplicate, never lost. Processing comes last, after
the IMAP session is closed.
"""

import contextlib
import imaplib
import logging
import ssl
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.mail.ingest import process_many, store_raw
from rightthere.mail.models import InboundMail, InboundStatus, Mailbox, Security, Source

logger = logging.getLogger(__name__)


class MailboxError(Exception):
    pass


@dataclass
class PollResult:
    mailbox: str
    fetched: int = 0
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    error: str = ""

    def __str__(self) -> str:
        if self.error:
            return f"{self.mailbox}: could not poll: {self.error}"
        return (
            f"{self.mailbox}: {self.fetched} fetched, {self.new} new, "
            f"{self.duplicates} duplicates, {self.failed} could not be processed"
        )


def _quote(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check(response: tuple[str, list]) -> list:
    status, data = response
    if status != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode(errors="replace")
        raise MailboxError(detail or gettext("the server answered %(status)s") % {"status": status})
    return data


def _connect(mailbox: Mailbox) -> imaplib.IMAP4:
    timeout = float(settings.RIGHTTHERE.get("IMAP_TIMEOUT_SECONDS", 30))
    context = ssl.create_default_context()
    if mailbox.security == Security.SSL:
        return imaplib.IMAP4_SSL(mailbox.host, mailbox.port, ssl_context=context, timeout=timeout)
    connection = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=timeout)
    if mailbox.security == Security.STARTTLS:
        connection.starttls(context)
    return connection


def _unseen_uids(connection: imaplib.IMAP4) -> list[bytes]:
    data = _check(connection.uid("SEARCH", None, "UNSEEN"))  # type: ignore[arg-type]
    return data[0].split() if data and data[0] else []


def _fetch(connection: imaplib.IMAP4, uid: bytes) -> bytes:
    # BODY.PEEK leaves the \Seen flag alone until the mail is stored.
    for item in _check(connection.uid("FETCH", uid, "(BODY.PEEK[])")):  # type: ignore[arg-type]
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    raise MailboxError(f"The server returned no message for UID {uid.decode()}.")


def _capabilities(connection: imaplib.IMAP4) -> set[str]:
    """What the server can do once logged in (many servers announce MOVE only then)."""
    data = _check(connection.capability())
    return set(data[-1].decode(errors="replace").upper().split()) if data else set()


def _mark_done(
    connection: imaplib.IMAP4, mailbox: Mailbox, uid: bytes, capabilities: set[str]
) -> None:
    if not mailbox.processed_folder:
        _check(connection.uid("STORE", uid, "+FLAGS", "(\\Seen)"))  # type: ignore[arg-type]
        return
    folder = _quote(mailbox.processed_folder)
    if "MOVE" in capabilities:
        _check(connection.uid("MOVE", uid, folder))  # type: ignore[arg-type]
        return
    _check(connection.uid("COPY", uid, folder))  # type: ignore[arg-type]
    _check(connection.uid("STORE", uid, "+FLAGS", "(\\Seen \\Deleted)"))  # type: ignore[arg-type]
    if "UIDPLUS" in capabilities:
        _check(connection.uid("EXPUNGE", uid))  # type: ignore[arg-type]
    else:
        _check(connection.expunge())


def _store_unseen(mailbox: Mailbox, password: str, result: PollResult) -> list[InboundMail]:
    stored: list[InboundMail] = []
    batch = int(settings.RIGHTTHERE.get("MAIL_POLL_BATCH", 500))
    connection = _connect(mailbox)
    try:
        _check(connection.login(mailbox.username, password))
        capabilities = _capabilities(connection)
        _check(connection.select(_quote(mailbox.folder)))
        if mailbox.processed_folder:
            connection.create(_quote(mailbox.processed_folder))  # "already exists" is fine
        for uid in _unseen_uids(connection)[:batch]:
            raw = _fetch(connection, uid)
            inbound = store_raw(
                raw, Source.IMAP, mailbox=mailbox, detail=f"{mailbox.folder} UID {uid.decode()}"
            )
            _mark_done(connection, mailbox, uid, capabilities)
            result.fetched += 1
            result.duplicates += inbound.duplicate
            stored.append(inbound)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()
    return stored


def poll_mailbox(mailbox: Mailbox) -> PollResult:
    """Fetch, store and process the unseen mail of one mailbox; record how it went."""
    result = PollResult(mailbox.name)
    stored: list[InboundMail] = []
    try:
        password = mailbox.password()
        if password is None:
            raise MailboxError(
                f"No password: set the environment variable {mailbox.password_variable}."
            )
        stored = _store_unseen(mailbox, password, result)
    except (MailboxError, imaplib.IMAP4.error, OSError) as error:
        result.error = str(error) or type(error).__name__
    except Exception as error:  # keep polling the other mailboxes
        logger.exception("Polling mailbox %s failed", mailbox.name)
        result.error = f"{type(error).__name__}: {error}"
    # Whatever was stored before an error is processed too, a batch per transaction.
    pending = [m for m in stored if not m.duplicate or m.status == InboundStatus.RECEIVED]
    process_many(pending)
    result.new = sum(not inbound.duplicate for inbound in pending)
    result.failed = sum(inbound.status == InboundStatus.FAILED for inbound in pending)
    mailbox.last_polled_at = timezone.now()
    mailbox.last_error = result.error
    mailbox.save(update_fields=["last_polled_at", "last_error"])
    return result


def process_stranded() -> int:
    """Process mail stored but never processed: a worker killed between storing a mail
    (and marking it seen on the server) and processing it. The server will not hand
    it out again, so without this it would wait for ever. `process` locks each mail,
    so one that a concurrent poll is processing right now is not done twice."""
    stranded = list(
        InboundMail.objects.defer("raw").filter(status=InboundStatus.RECEIVED).order_by("pk")
    )
    process_many(stranded)
    return len(stranded)


def poll_all_mailboxes() -> list[PollResult]:
    process_stranded()
    return [poll_mailbox(mailbox) for mailbox in Mailbox.objects.filter(active=True)]
