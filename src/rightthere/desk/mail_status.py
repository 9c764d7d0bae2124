"""What comes back from the mail we sent: a bounce marks it failed and tells the case's
owner, so someone reaches the customer another way."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext

from rightthere.core.errors import InvalidInput
from rightthere.desk.messages import add_note
from rightthere.mail.bounces import DeliveryReport
from rightthere.notifications import actions as notifications
from rightthere.outbox.bounces import find_bounced, find_by_provider_id, mark_bounced
from rightthere.outbox.models import DeliveryStatus, OutboundMail


def _unmatched(report: DeliveryReport) -> str:
    said = []
    if report.original_ids:
        said.append(gettext("Message-IDs %(ids)s") % {"ids": ", ".join(report.original_ids[:3])})
    if report.recipients:
        said.append(gettext("recipients %(who)s") % {"who": ", ".join(report.recipients[:3])})
    found = (
        gettext("; it names %(what)s") % {"what": gettext(" and ").join(said)}
        if said
        else gettext("; no Message-ID or recipient in it")
    )
    return gettext(
        "A bounce (a report that mail could not be delivered) that matches none of the "
        "mail we sent%(found)s. Reason given: %(reason)s. Kept here, no case opened."
    ) % {"found": found, "reason": report.reason}


@transaction.atomic
def record_bounce(report: DeliveryReport, *, now: datetime) -> OutboundMail:
    """A bounce came back for mail we sent.

    In order: the outbox finds the mail it answers (our Message-ID in it, else the
    latest mail to its failed recipient this week) and marks it failed with the
    reason, with a delivery event (a delay report is only the event); the case gets an
    internal note saying what to do; its assignee (or the owners, when nobody has it)
    is notified. A bounce that matches none of our mail is refused (`InvalidInput`),
    so mail intake keeps it under "Could not process"."""
    mail = find_bounced(report.original_ids, report.recipients, now=now)
    if mail is None:
        raise InvalidInput(_unmatched(report))
    return _came_back(mail, reason=report.reason, failed=report.failed, now=now)


def _came_back(mail: OutboundMail, *, reason: str, failed: bool, now: datetime) -> OutboundMail:
    mark_bounced(mail, reason=reason, failed=failed, at=now)
    if failed:
        add_note(
            mail.case,
            actor=None,
            at=now,
            body_text=gettext(
                "Our mail “%(subject)s” to %(address)s bounced: %(reason)s. The customer has "
                "not read it: check the address with them by phone, or send it again to "
                "another address."
            )
            % {"subject": mail.subject, "address": mail.to_address, "reason": reason},
        )
        notifications.mail_bounced(mail.case, to_address=mail.to_address, reason=reason)
    return mail


@transaction.atomic
def record_provider_report(
    message_id: str, *, recipient: str, reason: str, failed: bool, now: datetime
) -> OutboundMail | None:
    """A mail provider's tracking webhook says mail we sent through it bounced, was
    rejected (`failed`) or is delayed: the same as a bounce that came back by mail
    (`record_bounce`), the mail found by the id the provider gave it (or our own
    Message-ID). None when it is none of ours; a report repeated for a mail already
    marked failed changes nothing (providers deliver webhooks more than once)."""
    mail = find_by_provider_id(message_id, recipient=recipient)
    if mail is None:
        return None
    if failed and mail.status == DeliveryStatus.FAILED and mail.last_error.startswith("Bounced"):
        return mail
    return _came_back(mail, reason=reason, failed=failed, now=now)
