"""Incoming mail, the action layer: store the raw mail, then turn it into a case.

    inbound = store_raw(raw, Source.IMAP)   # durable and idempotent, own transaction
    process(inbound)                        # parse, thread, open or add to a case

`ingest` does both. Processing never loses a mail: anything that goes wrong
leaves the stored mail `failed` with the reason, listed on the "Could not
process" page, from where `retry` processes it again.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from rightthere.cases import actions
from rightthere.cases.errors import CaseError
from rightthere.cases.models import Case, Channel, Direction
from rightthere.mail.casework import (
    body_for_case,
    case_from_subject,
    case_subject,
    dropped_attachments_note,
    sender_contact,
    storable_attachments,
)
from rightthere.mail.headers import message_id_of, subject_of
from rightthere.mail.models import InboundMail, InboundStatus, Mailbox
from rightthere.mail.parser import ParsedMail, ParseError, parse_mail
from rightthere.mail.threading import case_for_message_ids

logger = logging.getLogger(__name__)

DONE = (InboundStatus.PROCESSED, InboundStatus.IGNORED)
OUTCOME_FIELDS = [
    "status", "error", "sender", "subject", "is_automated", "automated_reason",
    "opened_case", "case", "case_message", "processed_at",
]  # fmt: skip
FAILURE_DETAILS = ["sender", "subject", "is_automated", "automated_reason"]


class MailTooLarge(Exception):
    pass


def _setting(name: str, default: int) -> int:
    return int(settings.RIGHTTHERE.get(name, default))


def _find_stored(message_id: str, digest: str) -> InboundMail | None:
    stored = InboundMail.objects.defer("raw")
    if message_id:
        return stored.filter(message_id=message_id).first()
    return stored.filter(message_id="", raw_sha256=digest).first()


def store_raw(
    raw: bytes, source: str, *, mailbox: Mailbox | None = None, detail: str = ""
) -> InboundMail:
    """Store a mail exactly as received, before anything else, in its own transaction.

    A mail stored before (same Message-ID, or same bytes when it has none)
    is not stored again: the earlier one is returned with `duplicate` set.
    """
    raw = bytes(raw)
    digest = hashlib.sha256(raw).hexdigest()
    message_id = message_id_of(raw)
    try:
        # Insert first: new mail is the common case, and the unique constraints
        # decide races between two deliveries of the same mail.
        with transaction.atomic():
            return InboundMail.objects.create(
                raw=raw,
                raw_sha256=digest,
                size=len(raw),
                message_id=message_id,
                source=source,
                mailbox=mailbox,
                source_detail=detail[:255],
            )
    except IntegrityError:
        existing = _find_stored(message_id, digest)
        if existing is None:
            raise
    existing.duplicate = True
    return existing


def process(inbound: InboundMail) -> InboundMail:
    """Turn a stored mail into a new case or a message on an existing one.

    Processed and ignored mail is left alone; failures are recorded on the
    mail (status `failed` with the error), never raised.
    """
    if inbound.status in DONE:
        return inbound
    try:
        with transaction.atomic():
            # Lock the row so two workers never process the same mail twice.
            status = (
                InboundMail.objects.select_for_update()
                .filter(pk=inbound.pk)
                .values_list("status", flat=True)
                .get()
            )
            if status in DONE:
                inbound.refresh_from_db(fields=OUTCOME_FIELDS)
                return inbound
            _deliver(inbound)
    except Exception as error:
        _record_failure(inbound, error)
    return inbound


def retry(inbound: InboundMail) -> InboundMail:
    """Process a mail that could not be processed again, e.g. after a settings change."""
    return process(inbound)


def ingest(
    raw: bytes, source: str, *, mailbox: Mailbox | None = None, detail: str = ""
) -> InboundMail:
    """Store, then process. A redelivered mail is only processed if it never was."""
    inbound = store_raw(raw, source, mailbox=mailbox, detail=detail)
    if inbound.duplicate and inbound.status != InboundStatus.RECEIVED:
        return inbound
    duplicate = inbound.duplicate
    inbound = process(inbound)
    inbound.duplicate = duplicate
    return inbound


def should_acknowledge(inbound: InboundMail) -> bool:
    """Whether the sender should get an acknowledgement: only a person's mail
    that opened a new case (never auto-replies, bounces, lists or ignored mail)."""
    return (
        inbound.status == InboundStatus.PROCESSED
        and inbound.opened_case
        and not inbound.is_automated
    )


def after_new_case(case: Case, inbound: InboundMail) -> None:
    """Called after commit for each case opened by a person's mail: tell them
    who handles it and by when, as an answer to their mail (the only mail on
    the case yet, so its threading headers need not be looked up)."""
    from rightthere.outbox.acknowledgement import acknowledge_new_case  # outbox builds on mail

    opening = [f"<{inbound.message_id}>"] if inbound.message_id else []
    acknowledge_new_case(case, thread=(opening[-1] if opening else "", opening))


# -- processing -------------------------------------------------------------


def _record_failure(inbound: InboundMail, error: Exception) -> None:
    if isinstance(error, CaseError):
        reason = error.message
    elif isinstance(error, ParseError | MailTooLarge):
        reason = str(error)
    else:
        logger.exception("Could not process inbound mail %s", inbound.pk)
        reason = f"{type(error).__name__}: {error}"
    inbound.status = InboundStatus.FAILED
    inbound.error = reason[:5000]
    inbound.processed_at = timezone.now()
    # The rolled-back attempt may have set case and message: they do not exist.
    inbound.case, inbound.case_message, inbound.opened_case = None, None, False
    if not inbound.subject:  # for the failed list, even when the mail could not be parsed
        inbound.subject = subject_of(_raw(inbound))[:250]
    fields = ["status", "error", "processed_at", "opened_case", *FAILURE_DETAILS]
    InboundMail.objects.filter(pk=inbound.pk).update(
        case=None, case_message=None, **{f: getattr(inbound, f) for f in fields}
    )


def _rate_limited(inbound: InboundMail) -> str:
    """A reason when the sender has sent too much too fast (a mail loop), else ""."""
    count = _setting("MAIL_RATE_LIMIT_COUNT", 20)
    minutes = _setting("MAIL_RATE_LIMIT_MINUTES", 10)
    if count <= 0 or not inbound.sender:
        return ""
    # This mail's own row does not count: its sender is saved only after this check.
    earlier = (
        InboundMail.objects.filter(
            sender=inbound.sender,
            created_at__gte=inbound.created_at - timedelta(minutes=minutes),
            created_at__lte=inbound.created_at,
        )
        .exclude(status=InboundStatus.FAILED)
        .count()
    )
    if earlier < count:
        return ""
    return f"rate limited: more than {count} mails from {inbound.sender} within {minutes} minutes"


def _raw(inbound: InboundMail) -> bytes:
    """The stored bytes (read from the database only if this instance does not hold them)."""
    if "raw" in inbound.get_deferred_fields():
        inbound.raw = InboundMail.objects.values_list("raw", flat=True).get(pk=inbound.pk)
    return bytes(inbound.raw)


def _parse(inbound: InboundMail) -> ParsedMail:
    limit = _setting("MAX_INBOUND_MAIL_BYTES", 50 * 1024 * 1024)
    if inbound.size > limit:
        raise MailTooLarge(
            f"The mail is {inbound.size / 1024 / 1024:.1f} MB, larger than the limit of "
            f"{limit / 1024 / 1024:.1f} MB (MAX_INBOUND_MAIL_BYTES)."
        )
    parsed = parse_mail(_raw(inbound))
    inbound.sender = parsed.from_address.lower()
    inbound.subject = parsed.subject[:250]
    inbound.is_automated = parsed.is_automated
    inbound.automated_reason = parsed.automated_reason[:255]
    return parsed


def _deliver(inbound: InboundMail) -> None:
    parsed = _parse(inbound)
    inbound.processed_at = timezone.now()
    inbound.error = _rate_limited(inbound)
    if inbound.error:
        inbound.status = InboundStatus.IGNORED
        inbound.save(update_fields=OUTCOME_FIELDS)
        return
    kept, dropped = storable_attachments(parsed.attachments)
    body = body_for_case(parsed, has_attachments=bool(parsed.attachments))
    case = case_for_message_ids(parsed.thread_ids) or case_from_subject(parsed.subject)
    if case is None:
        contact = sender_contact(parsed)
        opened = actions.open_case_with_message(
            actor=None,
            subject=case_subject(parsed.subject),
            customer=contact.customer,
            contact=contact,
            channel=Channel.EMAIL,
            tags=["automated"] if parsed.is_automated else [],
            body_text=body.text,
            body_html=body.html,
            direction=Direction.INBOUND,
            attachments=kept,
            opened_at=inbound.created_at,
        )
        case, message = opened.case, opened.first_message
        inbound.opened_case = True
    else:
        message = actions.add_message(
            case,
            actor=None,
            direction=Direction.INBOUND,
            body_text=body.text,
            body_html=body.html,
            author_contact=sender_contact(parsed, case=case),
            attachments=kept,
            # An out-of-office or bounce does not reopen a solved case.
            reopen=not parsed.is_automated,
        )
    note = dropped_attachments_note(dropped, inbound.pk) + body.note
    if note:
        actions.add_message(case, actor=None, direction=Direction.NOTE, body_text=note.strip())
    inbound.case = case
    inbound.case_message = message
    inbound.status = InboundStatus.PROCESSED
    inbound.save(update_fields=OUTCOME_FIELDS)  # not the raw bytes again
    if should_acknowledge(inbound):
        # Looked up when the transaction commits, so the outgoing-mail work can replace it.
        # Robust: the case is committed by then, so a failing acknowledgement is logged
        # and must not mark the mail as not processed (a retry would open a second case).
        transaction.on_commit(lambda: after_new_case(case, inbound), robust=True)
