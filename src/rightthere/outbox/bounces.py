"""A bounce answers mail we sent: find that mail and mark it failed, with the reason.

The whole job (the note on the case, telling its owner) is
`rightthere.desk.mail_status.record_bounce`; the bounce is read by
`rightthere.mail.bounces.read_report`.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext

from rightthere.cases.events import record_event
from rightthere.cases.models import EventKind
from rightthere.outbox.models import DeliveryStatus, OutboundMail

# A bounce matched by its recipient alone must come within this long of our mail.
RECIPIENT_WINDOW = timedelta(days=7)


def find_bounced(
    message_ids: Sequence[str], recipients: Sequence[str], *, now: datetime
) -> OutboundMail | None:
    """The mail a bounce answers: by our Message-ID quoted in it (ids without angle
    brackets), else the latest mail to one of its failed recipients in the last week.
    Locked for the caller's transaction."""
    mails = OutboundMail.objects.select_for_update(of=("self",)).select_related("case")
    ids = [f"<{i}>" for i in message_ids if i]
    if ids:
        found = mails.filter(mail_message_id__in=ids).order_by("-created_at", "-id").first()
        if found is not None:
            return found
    addresses = Q()
    for address in recipients:
        addresses |= Q(to_address__iexact=address)
    if not recipients:
        return None
    return (
        mails.filter(addresses, created_at__gte=now - RECIPIENT_WINDOW, created_at__lte=now)
        .order_by("-created_at", "-id")
        .first()
    )


def find_by_provider_id(message_id: str, *, recipient: str = "") -> OutboundMail | None:
    """The mail a provider's report names by the id it gave it when we sent it (or by our
    own Message-ID), locked for the caller's transaction; with `recipient` it must also
    have gone to that address."""
    bare = message_id.strip().strip("<>")
    if not bare:
        return None
    named = Q(provider_message_id__in=[bare, f"<{bare}>"]) | Q(mail_message_id=f"<{bare}>")
    mails = OutboundMail.objects.select_for_update(of=("self",)).select_related("case")
    found = mails.filter(named)
    if recipient:
        found = found.filter(to_address__iexact=recipient)
    return found.order_by("-created_at", "-id").first()


def mark_bounced(mail: OutboundMail, *, reason: str, failed: bool, at: datetime) -> OutboundMail:
    """The mail came back: failed with the reason (shown under the message on the case
    and in the Outbox), with a delivery event; a delay report is only an event."""
    if failed:
        mail.status, mail.last_error = DeliveryStatus.FAILED, f"Bounced: {reason}"[:2000]
        mail.save(update_fields=["status", "last_error"])
    after = (
        gettext("bounced: %(reason)s")
        if failed
        else gettext("delayed, the server keeps trying: %(reason)s")
    ) % {"reason": reason}
    record_event(mail.case_id, None, EventKind.DELIVERY, field="email", before=mail.to_address,
                 after=after[:255], at=at)  # fmt: skip
    return mail
