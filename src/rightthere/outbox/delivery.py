"""Queueing and sending customer mail through Django's mail framework.

`queue_mail` runs inside the action's transaction, so a reply, its mail and
the task that sends it are stored together; the send itself happens in the
background worker after commit and is retried with back-off. Sending is idempotent: a mail already sent is
never sent again, whatever the worker does.
"""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from rightthere.cases import actions as case_actions
from rightthere.cases.actions import NewAttachment
from rightthere.cases.events import record_event
from rightthere.cases.models import Case, Direction, EventKind, Message
from rightthere.core.rows import insert_row
from rightthere.core.tasks import enqueue_on_commit
from rightthere.outbox.compose import known_mail, new_message_id, render_bodies, subject_for
from rightthere.outbox.models import DeliveryStatus, MailKind, OutboundMail

logger = logging.getLogger(__name__)
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
]


def sending_enabled() -> bool:
    return bool(settings.RIGHTTHERE.get("SEND_MAIL"))


def thread_ids(message: Message) -> tuple[str, list[str]]:
    """In-Reply-To and References for a new mail on the message's case."""
    from rightthere.mail.models import InboundMail

    ours = OutboundMail.objects.filter(case_id=message.case_id).values_list(
        "created_at", "mail_message_id"
    )
    theirs = (
        InboundMail.objects.filter(case_id=message.case_id)
        .exclude(message_id="")
        .values_list("created_at", "message_id")
    )
    # Inbound ids are stored bare; headers need them in angle brackets.
    ids = [mid if mid.startswith("<") else f"<{mid}>" for _, mid in sorted([*ours, *theirs])]
    return (ids[-1] if ids else ""), ids[-20:]


def send_automatic_message(
    case: Case,
    *,
    body_text: str,
    body_html: str = "",
    attachments: Sequence[NewAttachment] = (),
    at: datetime | None = None,
    locked: bool = False,
) -> Message:
    """A message the desk writes by itself (an acknowledgement, a reminder, a survey),
    mailed like a reply; it is not a first response and not a person's words, so
    nothing else reacts to it. `locked` as for `cases.actions.record_message`: the
    caller holds the case in its transaction (the acknowledgement of a case opened just
    now), which the message and its mail join without a savepoint of their own (two
    statements fewer per case opened; mail intake's acknowledgement has its own)."""
    with transaction.atomic(savepoint=not locked):
        message = case_actions.record_message(
            case,
            actor=None,
            direction=Direction.OUTBOUND,
            body_text=body_text,
            body_html=body_html,
            attachments=attachments,
            at=at,
            automatic=True,
            locked=locked,
        )
        queue_mail(message)
    return message


def queue_mail(message: Message) -> OutboundMail | None:
    """Store the e-mail for an outbound message and send it after commit.

    Returns None when the case has no e-mail address to write to (a phone
    customer, say); the reply is still on the case and the status page.
    """
    case = message.case
    if message.direction != Direction.OUTBOUND or case.contact is None or not case.contact.email:
        return None
    text, html = render_bodies(case, message)
    known = known_mail(case)
    in_reply_to, references = known.thread if known and known.thread else thread_ids(message)
    mail = insert_row(
        OutboundMail(
            case=case,
            message=message,
            kind=MailKind.ACKNOWLEDGEMENT if message.automatic else MailKind.REPLY,
            to_address=case.contact.email,
            subject=subject_for(case),
            body_text=text,
            body_html=html,
            mail_message_id=new_message_id(case),
            in_reply_to=in_reply_to,
            references=" ".join(references),
        )
    )
    enqueue_on_commit(deliver_outbound_mail, mail.pk)
    return mail


@task()
def deliver_outbound_mail(outbound_id: int) -> str:
    return deliver(outbound_id)


def _claim(outbound_id: int) -> OutboundMail | None:
    with transaction.atomic():
        mail = OutboundMail.objects.select_for_update().filter(pk=outbound_id).first()
        if mail is None or mail.status not in (DeliveryStatus.QUEUED, DeliveryStatus.RETRYING):
            return None
        if not sending_enabled():
            mail.status = DeliveryStatus.HELD
            mail.save(update_fields=["status"])
            return None
        mail.attempts += 1
        mail.save(update_fields=["attempts"])
        return mail


def _email(mail: OutboundMail) -> EmailMultiAlternatives:
    headers = {"Message-ID": mail.mail_message_id, "Auto-Submitted": "no"}
    if mail.kind == MailKind.ACKNOWLEDGEMENT:
        headers["Auto-Submitted"] = "auto-replied"  # so the customer's autoresponder stays quiet
    if mail.in_reply_to:
        headers["In-Reply-To"] = mail.in_reply_to
    if mail.references:
        headers["References"] = mail.references
    email = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to_address],
        headers=headers,
    )
    email.attach_alternative(mail.body_html, "text/html")
    # Files on the message (e.g. a visit's calendar invite) go with the mail.
    for attachment in mail.message.attachments.all():
        with attachment.file.open("rb") as handle:
            email.attach(attachment.filename, handle.read(), attachment.content_type)
    return email


def deliver(outbound_id: int) -> str:
    """Send one queued mail; on failure schedule a retry or give up visibly."""
    mail = _claim(outbound_id)
    if mail is None:
        return "skipped"
    try:
        email = _email(mail)
        email.send(fail_silently=False)
    except Exception as exc:  # any transport error: keep it, retry, show it
        logger.warning("Sending mail %s failed: %s", mail.pk, exc)
        return _failed(mail, f"{type(exc).__name__}: {exc}")
    OutboundMail.objects.filter(pk=mail.pk).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        provider_message_id=provider_message_id(email),
    )
    return "sent"


def provider_message_id(email: EmailMultiAlternatives) -> str:
    """The id a mail provider gave the mail when anymail sent it through its API, so its
    bounce reports find it ("" over SMTP, or when the provider named none)."""
    status = getattr(email, "anymail_status", None)
    found = getattr(status, "message_id", None)
    if isinstance(found, set):  # one id per recipient; ours have one recipient
        found = min((str(one) for one in found if one), default=None)
    return str(found or "").strip().strip("<>")[:255]


def _failed(mail: OutboundMail, error: str) -> str:
    if mail.attempts <= len(RETRY_DELAYS):
        OutboundMail.objects.filter(pk=mail.pk).update(
            status=DeliveryStatus.RETRYING, last_error=error[:2000]
        )
        run_after = timezone.now() + RETRY_DELAYS[mail.attempts - 1]
        transaction.on_commit(
            lambda: deliver_outbound_mail.using(run_after=run_after).enqueue(mail.pk)
        )
        return "retrying"
    with transaction.atomic():
        OutboundMail.objects.filter(pk=mail.pk).update(
            status=DeliveryStatus.FAILED, last_error=error[:2000]
        )
        record_event(mail.case_id, None, EventKind.DELIVERY, field="email",
                     before=mail.to_address,
                     after=gettext("not delivered after %(attempts)s attempts: %(error)s")
                     % {"attempts": mail.attempts, "error": error})  # fmt: skip
    return "failed"


def requeue_unsent(older_than: timedelta = timedelta(minutes=10)) -> int:
    """Re-enqueue mail left queued (e.g. the process stopped before enqueueing)."""
    stale = OutboundMail.objects.filter(
        status=DeliveryStatus.QUEUED, created_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    count = 0
    for pk in stale:
        deliver_outbound_mail.enqueue(pk)
        count += 1
    return count
