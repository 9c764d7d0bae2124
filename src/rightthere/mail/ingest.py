"""Incoming mail, the action layer: store the raw mail, then turn it into a case.

    inbound = store_raw(raw, Source.IMAP)   # durable and idempotent, own transaction
    process(inbound)                        # parse, thread, open or add to a case

`ingest` does both for one mail (the HTTP endpoint); `ingest_many` does both for
many (`import-eml`), a batch at a time: one transaction stores the batch, then
one transaction processes it, each mail in its own savepoint, so a batch costs
two commits instead of two per mail. Processing never loses a mail: anything
that goes wrong leaves the stored mail `failed` with the reason, listed on the
"Could not process" page, from where `retry` processes it again. A crash in the
middle of a batch leaves its mails stored and unprocessed; they are processed
when they come again (`import-eml` with the same files) or by the next poll's
`process_stranded`.
"""

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.cases.models import Case, Channel, Direction
from rightthere.coach.language import guess_language
from rightthere.core.errors import CaseError
from rightthere.core.rows import insert_row, update_row
from rightthere.customers.language import learnt_language
from rightthere.desk.mail_status import record_bounce
from rightthere.desk.messages import add_customer_message, add_note
from rightthere.desk.opening import acknowledge_new_case, open_case_with_message
from rightthere.mail.authentication import sender_check
from rightthere.mail.automation import Automated
from rightthere.mail.bounces import read_report
from rightthere.mail.casework import (
    body_for_case,
    case_id_from_subject,
    case_subject,
    dropped_attachments_note,
    may_write_by_reference,
    sender_contact,
    storable_attachments,
    stranger_note,
)
from rightthere.mail.headers import message_id_of, subject_of
from rightthere.mail.models import InboundMail, InboundStatus, Mailbox
from rightthere.mail.parser import ParsedMail, ParseError, parse_mail
from rightthere.mail.statements import lock_status, recent_mail_count
from rightthere.mail.threading import case_id_for_message_ids
from rightthere.merging.aliases import live_case

logger = logging.getLogger(__name__)

DONE = (InboundStatus.PROCESSED, InboundStatus.IGNORED, InboundStatus.BOUNCE)
OUTCOME_FIELDS = [
    "status", "error", "sender", "subject", "is_automated", "automated_reason",
    "sender_check", "sender_check_detail", "opened_case", "case", "case_message",
    "processed_at",
]  # fmt: skip
FAILURE_DETAILS = [
    "sender", "subject", "is_automated", "automated_reason", "sender_check",
    "sender_check_detail",
]  # fmt: skip


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
            return insert_row(
                InboundMail(
                    raw=raw,
                    raw_sha256=digest,
                    size=len(raw),
                    message_id=message_id,
                    source=source,
                    mailbox=mailbox,
                    source_detail=detail[:255],
                )
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
            status = lock_status(inbound.pk)
            if status is None:
                raise InboundMail.DoesNotExist(f"Inbound mail {inbound.pk} is gone.")
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


def batch_size() -> int:
    """How many mails one transaction processes (MAIL_PROCESS_BATCH, default 50)."""
    return max(1, _setting("MAIL_PROCESS_BATCH", 50))


def process_many(inbounds: Sequence[InboundMail]) -> None:
    """Process stored mails, a batch per transaction, each mail in its own savepoint.

    A mail that fails is recorded as failed and the others go on. Mail already
    processed (a redelivery) is left alone."""
    size = batch_size()
    for start in range(0, len(inbounds), size):
        with transaction.atomic():
            for inbound in inbounds[start : start + size]:
                process(inbound)


def ingest_many(
    mails: Iterable[tuple[bytes, str]], source: str, *, mailbox: Mailbox | None = None
) -> Iterator[InboundMail]:
    """Store and process (raw, detail) pairs a batch at a time; yields each stored
    mail, in order, once its batch is processed (`duplicate` set on redeliveries)."""
    pending = iter(mails)
    while batch := list(islice(pending, batch_size())):
        with transaction.atomic():
            stored = [
                store_raw(raw, source, mailbox=mailbox, detail=detail) for raw, detail in batch
            ]
        flags = [inbound.duplicate for inbound in stored]
        process_many(stored)
        for inbound, duplicate in zip(stored, flags, strict=True):
            inbound.duplicate = duplicate
            yield inbound


def should_acknowledge(inbound: InboundMail) -> bool:
    """Whether the sender should get an acknowledgement: only a person's mail
    that opened a new case (never auto-replies, bounces, lists or ignored mail)."""
    return (
        inbound.status == InboundStatus.PROCESSED
        and inbound.opened_case
        and not inbound.is_automated
    )


def after_new_case(case: Case, inbound: InboundMail) -> None:
    """Called for each case opened by a person's mail, in the mail's transaction:
    tell them who handles it and by when, as an answer to their mail (the only
    mail on the case yet, so its threading headers need not be looked up)."""
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


def _save_outcome(inbound: InboundMail) -> None:
    """One UPDATE of the outcome's columns (never the raw bytes again)."""
    update_row(inbound, OUTCOME_FIELDS)


def _rate_limited(inbound: InboundMail) -> str:
    """A reason when the sender has sent too much too fast (a mail loop), else ""."""
    count = _setting("MAIL_RATE_LIMIT_COUNT", 20)
    minutes = _setting("MAIL_RATE_LIMIT_MINUTES", 10)
    if count <= 0 or not inbound.sender:
        return ""
    # This mail's own row does not count: its sender is saved only after this check.
    since = inbound.created_at - timedelta(minutes=minutes)
    earlier = recent_mail_count(inbound.sender, since, inbound.created_at)
    if earlier < count:
        return ""
    return gettext(
        "rate limited: more than %(count)s mails from %(sender)s within %(minutes)s minutes"
    ) % {"count": count, "sender": inbound.sender, "minutes": minutes}


def _raw(inbound: InboundMail) -> bytes:
    """The stored bytes (read from the database only if this instance does not hold them)."""
    if "raw" in inbound.get_deferred_fields():
        inbound.raw = InboundMail.objects.values_list("raw", flat=True).get(pk=inbound.pk)
    return bytes(inbound.raw)


def max_mail_bytes() -> int:
    """The largest mail taken in (MAX_INBOUND_MAIL_BYTES, default 50 MB)."""
    return _setting("MAX_INBOUND_MAIL_BYTES", 50 * 1024 * 1024)


def check_size(size: int) -> None:
    """Raise `MailTooLarge`, saying why, for a mail of `size` bytes over the limit."""
    limit = max_mail_bytes()
    if size > limit:
        raise MailTooLarge(
            f"The mail is {size / 1024 / 1024:.1f} MB, larger than the limit of "
            f"{limit / 1024 / 1024:.1f} MB (MAX_INBOUND_MAIL_BYTES)."
        )


def _parse(inbound: InboundMail) -> ParsedMail:
    check_size(inbound.size)
    parsed = parse_mail(_raw(inbound))
    inbound.sender = parsed.from_address.lower()
    inbound.subject = parsed.subject[:250]
    inbound.is_automated = parsed.is_automated
    inbound.automated_reason = parsed.automated_reason[:255]
    # Only ever a warning: mail whose sender could not be confirmed is still taken.
    check = sender_check(
        parsed.authentication_results,
        parsed.from_address,
        authserv_id=str(settings.RIGHTTHERE.get("MAIL_AUTHSERV_ID") or ""),
    )
    inbound.sender_check, inbound.sender_check_detail = check.verdict, check.detail[:100]
    return parsed


def _bounced(inbound: InboundMail) -> None:
    """A bounce marks the mail it answers failed and is kept as a bounce on that mail's
    case; one that matches none of our mail fails (listed under "Could not process")."""
    report = read_report(_raw(inbound))
    bounced = record_bounce(report, now=inbound.created_at)
    inbound.status, inbound.case = InboundStatus.BOUNCE, bounced.case
    said = (
        gettext("Our mail to %(address)s bounced: %(reason)s")
        if report.failed
        else gettext("Our mail to %(address)s is delayed (the server keeps trying): %(reason)s")
    )
    inbound.error = (said % {"address": bounced.to_address, "reason": report.reason})[:5000]
    _save_outcome(inbound)


def _deliver(inbound: InboundMail) -> None:
    parsed = _parse(inbound)
    inbound.processed_at = timezone.now()
    if parsed.automated_kind == Automated.BOUNCE:
        _bounced(inbound)  # before the rate limit: many bounces at once are no loop
        return
    inbound.error = _rate_limited(inbound)
    if inbound.error:
        inbound.status = InboundStatus.IGNORED
        _save_outcome(inbound)
        return
    kept, dropped = storable_attachments(parsed.attachments)
    body = body_for_case(parsed, has_attachments=bool(parsed.attachments))
    answered_id = case_id_for_message_ids(parsed.thread_ids)
    case_id = answered_id or case_id_from_subject(parsed.subject)
    # Read under its row lock: adding the message does not read it again.
    case = live_case(case_id, lock=True) if case_id else None
    named_only = ""  # the note when a stranger only wrote another case's reference
    if case and not answered_id and not may_write_by_reference(case, parsed.from_address):
        named_only, case = stranger_note(case, parsed.from_address) + "\n", None
    if case is None and parsed.automated_kind == Automated.AUTO_REPLY:
        # An out-of-office that answers none of our cases: kept, no case for it.
        inbound.status = InboundStatus.IGNORED
        inbound.error = gettext("An automatic reply (e.g. out of office) to none of our cases.")
        _save_outcome(inbound)
        return
    if case is None:
        # A new customer gets the language their mail is written in (a cheap guess from
        # its commonest words), so the acknowledgement and status page are in it.
        written_in = learnt_language(guess_language(body.text))
        contact = sender_contact(parsed, language=written_in)
        opened = open_case_with_message(
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
        message = add_customer_message(
            case,
            actor=None,
            body_text=body.text,
            body_html=body.html,
            author_contact=sender_contact(parsed, case=case),
            attachments=kept,
            # An out-of-office or bounce does not reopen a solved case.
            reopen=not parsed.is_automated,
            locked=True,
        )
    note = named_only + dropped_attachments_note(dropped, inbound.pk) + body.note
    if note:
        add_note(case, actor=None, body_text=note.strip())
    inbound.case = case
    inbound.case_message = message
    inbound.status = InboundStatus.PROCESSED
    _save_outcome(inbound)
    if should_acknowledge(inbound):
        _acknowledge(case, inbound)


def _acknowledge(case: Case, inbound: InboundMail) -> None:
    """Acknowledge in the same transaction as the case, so the two commit together
    (a crash cannot leave a case whose acknowledgement was never written). In its own
    savepoint: a failing acknowledgement is rolled back alone and logged, and the mail
    stays processed with its case (failing it would make a retry open a second case)."""
    try:
        with transaction.atomic():
            after_new_case(case, inbound)
    except Exception:
        logger.exception("Could not acknowledge case %s (mail %s)", case.reference, inbound.pk)
