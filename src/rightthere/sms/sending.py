"""Queueing and sending texts, and what the provider tells us afterwards.

`queue_sms` runs inside the use case's transaction: the text and the task that sends it
are stored with the message they belong to, and the worker sends it after commit, so a
slow provider never holds up a page. Sending is at most once: the worker claims a text
(QUEUED or RETRYING -> SENDING) in its own short transaction before calling the
provider, so two workers never both send it and a text the provider took is never sent
again. A 5xx, a timeout or no connection is tried again after RETRY_DELAYS; any other
refusal fails at once, on the case's timeline. A number that said STOP gets nothing.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from rightthere.cases.events import record_event
from rightthere.cases.models import EventKind, Message
from rightthere.core.public_links import base_url
from rightthere.core.tasks import enqueue_on_commit
from rightthere.customers import phones
from rightthere.customers.models import Contact
from rightthere.sms import backends
from rightthere.sms.models import FINAL, OptOut, SmsKind, SmsMessage, SmsSettings, SmsStatus

logger = logging.getLogger(__name__)

# Visit-day texts are about the next hours: a few quick tries, then it fails visibly.
RETRY_DELAYS = [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10)]
# The longest text we send: three segments of 160 GSM characters.
MAX_CHARS = 459
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
START_WORDS = {"START", "YES", "UNSTOP", "OPTIN"}
# The provider's words for a message's state -> ours.
PROVIDER_STATUS = {
    "accepted": SmsStatus.ACCEPTED,
    "scheduled": SmsStatus.ACCEPTED,
    "queued": SmsStatus.ACCEPTED,
    "sending": SmsStatus.ACCEPTED,
    "sent": SmsStatus.SENT,
    "delivered": SmsStatus.DELIVERED,
    "read": SmsStatus.DELIVERED,
    "undelivered": SmsStatus.UNDELIVERED,
    "failed": SmsStatus.FAILED,
    "canceled": SmsStatus.FAILED,
}
# Order of the provider's states: a late report never moves a text backwards.
RANK: dict[str, int] = {SmsStatus.ACCEPTED: 1, SmsStatus.SENT: 2}


def from_number() -> str:
    """The number texts come from: the screen's, else SMS_FROM_NUMBER."""
    row = SmsSettings.objects.first()
    return (row.from_number if row and row.from_number else "") or settings.SMS_FROM_NUMBER


def status_callback_url() -> str:
    return base_url() + "/sms/status/"


def is_opted_out(number: str) -> bool:
    return OptOut.objects.filter(number=number).exists()


def number_for(contact: Contact | None) -> str:
    """The contact's number an SMS can go to (E.164), or ""."""
    if contact is None or not contact.phone:
        return ""
    number = phones.normalise_or_keep(contact.phone)
    return number if phones.is_e164(number) and phones.mobile_or_unknown(number) else ""


def can_text(contact: Contact | None) -> bool:
    """Whether a text to the contact would be sent: SMS is set up and the contact has a
    number that did not say STOP."""
    number = number_for(contact)
    return bool(number) and backends.configured() and not is_opted_out(number)


def queue_sms(message: Message, *, kind: SmsKind, body: str) -> SmsMessage | None:
    """Store a text for the case's contact, about `message` (shown with it on the case),
    and send it after commit. None when SMS is off or the contact has no number to text;
    a number that said STOP gets a text marked so (the case shows why), never sent."""
    number = number_for(message.case.contact)
    if not number or not backends.configured():
        return None
    sms = SmsMessage.objects.create(
        case_id=message.case_id, message=message, kind=kind, to_number=number,
        from_number=from_number(), body=body[:MAX_CHARS],
        status=SmsStatus.OPTED_OUT if is_opted_out(number) else SmsStatus.QUEUED,
    )  # fmt: skip
    if sms.status == SmsStatus.QUEUED:
        enqueue_on_commit(deliver_sms, sms.pk)
    return sms


@task()
def deliver_sms(sms_id: int) -> str:
    return deliver(sms_id)


def _claim(sms_id: int) -> SmsMessage | None:
    with transaction.atomic():
        sms = SmsMessage.objects.select_for_update().filter(pk=sms_id).first()
        if sms is None or sms.status not in (SmsStatus.QUEUED, SmsStatus.RETRYING):
            return None
        if is_opted_out(sms.to_number):  # STOP arrived after it was queued
            sms.status, sms.status_at = SmsStatus.OPTED_OUT, timezone.now()
            sms.save(update_fields=["status", "status_at"])
            return None
        sms.status, sms.attempts = SmsStatus.SENDING, sms.attempts + 1
        sms.from_number = sms.from_number or from_number()
        sms.status_at = timezone.now()  # the claim's time: a stalled send is found by it
        sms.save(update_fields=["status", "attempts", "from_number", "status_at"])
        return sms


def deliver(sms_id: int) -> str:
    """Send one queued text; on failure schedule a retry or give up on the timeline."""
    if not backends.configured():
        return "skipped"
    sms = _claim(sms_id)
    if sms is None:
        return "skipped"
    backend = backends.get_backend()
    missing = backend.missing() + (
        ["no From number"] if backend.needs_from_number and not sms.from_number else []
    )
    if missing:
        return _failed(sms, "SMS is not set up: " + "; ".join(missing), retry=False)
    callback = status_callback_url() if backend.reports_delivery else ""
    try:
        sent = backend.send(to=sms.to_number, from_number=sms.from_number, body=sms.body,
                            status_callback=callback)  # fmt: skip
    except backends.SmsSendError as error:
        logger.warning("Sending SMS %s failed: %s", sms.pk, error)
        return _failed(sms, str(error), retry=error.retry)
    now = timezone.now()
    status = PROVIDER_STATUS.get(sent.status, SmsStatus.ACCEPTED)
    try:
        SmsMessage.objects.filter(pk=sms.pk).update(
            status=status, provider_id=sent.provider_id, sent_at=now, status_at=now, last_error=""
        )
    except IntegrityError:  # the same provider id twice: keep the text, say so
        SmsMessage.objects.filter(pk=sms.pk).update(status=status, sent_at=now, status_at=now,
                                                    last_error=f"provider id {sent.provider_id}")  # fmt: skip
    return "sent"


def _failed(sms: SmsMessage, error: str, *, retry: bool) -> str:
    if retry and sms.attempts <= len(RETRY_DELAYS):
        SmsMessage.objects.filter(pk=sms.pk).update(
            status=SmsStatus.RETRYING, last_error=error[:2000]
        )
        run_after = timezone.now() + RETRY_DELAYS[sms.attempts - 1]
        transaction.on_commit(lambda: deliver_sms.using(run_after=run_after).enqueue(sms.pk))
        return "retrying"
    with transaction.atomic():
        SmsMessage.objects.filter(pk=sms.pk).update(
            status=SmsStatus.FAILED, last_error=error[:2000], status_at=timezone.now()
        )
        after = (
            gettext("SMS to %(number)s not sent after %(attempts)s attempts: %(error)s")
            if sms.attempts > 1
            else gettext("SMS to %(number)s not sent: %(error)s")
        ) % {"number": sms.to_number, "attempts": sms.attempts, "error": error}
        record_event(sms.case_id, None, EventKind.DELIVERY, field="sms", before=sms.to_number,
                     after=after)  # fmt: skip
    return "failed"


STALLED_AFTER = timedelta(minutes=10)


def sweep(now: datetime | None = None) -> dict[str, int]:
    """Periodic: a text still queued after STALLED_AFTER (its task was lost) is queued
    again; one a worker was killed while sending is marked failed on the case's timeline,
    not sent again (the provider may have it: the customer must not get it twice)."""
    now = now or timezone.now()
    requeued = 0
    if backends.configured():
        stale = SmsMessage.objects.filter(status=SmsStatus.QUEUED,
                                          created_at__lt=now - STALLED_AFTER)  # fmt: skip
        for pk in stale.values_list("pk", flat=True):
            deliver_sms.enqueue(pk)
            requeued += 1
    stalled = 0
    for sms in SmsMessage.objects.filter(status=SmsStatus.SENDING,
                                         status_at__lt=now - STALLED_AFTER):  # fmt: skip
        with transaction.atomic():
            if SmsMessage.objects.filter(pk=sms.pk, status=SmsStatus.SENDING).update(
                status=SmsStatus.FAILED, status_at=now,
                last_error="The worker stopped while sending it; not sent again, so the "
                "customer does not get it twice.",
            ):  # fmt: skip
                record_event(sms.case_id, None, EventKind.DELIVERY, field="sms",
                             before=sms.to_number,
                             after=gettext("SMS to %(number)s perhaps not sent: the worker "
                                           "stopped while sending it")
                             % {"number": sms.to_number}, at=now)  # fmt: skip
                stalled += 1
    return {"sms_requeued": requeued, "sms_stalled": stalled}


@dataclass(frozen=True)
class StatusReport:
    provider_id: str
    status: str
    error_code: str = ""
    error_message: str = ""


def record_status(report: StatusReport, *, now: datetime | None = None) -> SmsMessage | None:
    """The provider's delivery report for one of our texts (None: not ours). Reports
    may come late or twice: a final state stays, "accepted" never follows "sent"."""
    now = now or timezone.now()
    new = PROVIDER_STATUS.get(report.status.lower())
    with transaction.atomic():
        sms = SmsMessage.objects.select_for_update().filter(provider_id=report.provider_id).first()
        if sms is None or new is None:
            return sms
        if sms.status in FINAL or RANK.get(sms.status, 0) > RANK.get(new, 3):
            return sms
        sms.status, sms.status_at = new, now
        if report.error_code or report.error_message:
            sms.last_error = f"{report.error_code} {report.error_message}".strip()[:2000]
        sms.save(update_fields=["status", "status_at", "last_error"])
        if new in (SmsStatus.UNDELIVERED, SmsStatus.FAILED):
            what = (
                gettext("SMS to %(number)s not delivered")
                if new == SmsStatus.UNDELIVERED
                else gettext("SMS to %(number)s failed")
            ) % {"number": sms.to_number}
            if report.error_code:
                what = gettext("%(what)s (error %(code)s)") % {
                    "what": what, "code": report.error_code
                }  # fmt: skip
            record_event(sms.case_id, None, EventKind.DELIVERY, field="sms",
                         before=sms.to_number, after=what, at=now)  # fmt: skip
    return sms


def keyword(body: str) -> str:
    """STOP, START or "" for a customer's text (its first word, any case)."""
    words = (body or "").strip().upper().split()
    word = words[0].strip(".!") if words else ""
    return "STOP" if word in STOP_WORDS else "START" if word in START_WORDS else ""


def receive_text(*, from_raw: str, body: str, now: datetime | None = None) -> str:
    """A customer's text to our number: STOP (and its synonyms) opts the number out of
    every further SMS, START opts it back in. Returns "STOP", "START" or "" (anything
    else, which changes nothing)."""
    now = now or timezone.now()
    number = phones.normalise_or_keep(from_raw.strip())
    word = keyword(body)
    if not number or not word:
        return ""
    if word == "STOP":
        OptOut.objects.update_or_create(number=number, defaults={"keyword": body.strip()[:20],
                                                                 "at": now})  # fmt: skip
    else:
        OptOut.objects.filter(number=number).delete()
    return word
