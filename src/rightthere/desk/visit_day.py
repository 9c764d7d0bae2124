"""The day of a field visit: the reminder the day before, the technician's "On my
way" and "Running late", each sent to the customer by mail (and by text to a mobile
number) and kept with the visit's day.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.desk.messages import send_reply
from rightthere.desk.visit_notices import notify_visit_moved, send_move_notice
from rightthere.field import visit_day, visit_texts
from rightthere.field.models import DayMessageKind, Visit
from rightthere.outbox.models import OutboundMail
from rightthere.sms.models import SmsKind, SmsStatus
from rightthere.sms.sending import queue_sms


def send_visit_reminders(now: datetime | None = None) -> dict[str, int]:
    """Periodic: the day before a visit, its customer is reminded of the time window and
    who comes; once per visit and start time (a visit that moves is reminded of again).
    One transaction per visit."""
    now = now or timezone.now()
    sent = 0
    for visit in visit_day.reminders_due(now):
        with transaction.atomic():
            claimed = visit_day.claim_reminder(visit, now=now)
            if claimed is None:
                continue
            message = send_reply(visit.case, actor=None, body_text=visit_day.reminder_text(visit),
                                 at=now, check_wording=False)  # fmt: skip
            visit_day.note_reminder(claimed, message, now=now)
            queue_sms(message, kind=SmsKind.VISIT_REMINDER, body=visit_texts.reminder(visit))
            sent += 1
    return {"visit_reminders": sent}


@dataclass(frozen=True)
class SetOff:
    """What "On my way" did: `told` is False when the customer already knew this arrival
    (a repeated tap: nothing was sent again); `channels` are the ways the message went
    ("email", "sms"; none when the customer has neither: only their status page says it)."""

    visit: Visit
    told: bool
    channels: tuple[str, ...] = ()


@transaction.atomic
def set_off_to_visit(
    visit: Visit, *, actor: User | None, eta_minutes: int, now: datetime | None = None
) -> SetOff:
    """The technician taps "On my way" (their visit, today, around its time:
    `field.visit_day.check_set_off_time`).

    In order: field checks and sets the visit on the way with the estimated arrival; the
    customer is sent the name and the time (by mail, and by text to a mobile number); the
    message is kept with the visit's day. Tapped again with about the same arrival, nothing
    is sent twice (`field.visit_day.set_off`); a changed arrival is sent."""
    now = now or timezone.now()
    visit, notice = visit_day.set_off(visit, actor=actor, eta_minutes=eta_minutes, now=now)
    if notice is None:
        return SetOff(visit=visit, told=False)
    message = send_reply(notice.visit.case, actor=notice.author, body_text=notice.text, at=now,
                         check_wording=False)  # fmt: skip
    sms = queue_sms(message, kind=SmsKind.ON_MY_WAY, body=visit_texts.on_my_way(notice.visit))
    visit_day.record_sent(notice.visit, DayMessageKind.ON_MY_WAY, message, now=now)
    mailed = OutboundMail.objects.filter(message=message).exists()
    texted = sms is not None and sms.status == SmsStatus.QUEUED
    channels = (("sms",) if texted else ()) + (("email",) if mailed else ())
    return SetOff(visit=notice.visit, told=True, channels=channels)


@transaction.atomic
def report_running_late(
    visit: Visit, *, actor: User | None, minutes: int, now: datetime | None = None
) -> Visit:
    """The technician taps "Running late".

    In order: field checks and moves the visit's window (and estimated arrival) by the
    delay; the customer is told the new window with the updated invite, through
    renegotiating the visit's promise while it is open (as any move of a visit); the
    case's assignee is notified; the message is kept with the visit's day. A mobile
    number is also texted the new window."""
    now = now or timezone.now()
    notice = visit_day.run_late(visit, actor=actor, minutes=minutes, now=now)
    message = send_move_notice(notice, now=now)
    queue_sms(message, kind=SmsKind.RUNNING_LATE,
              body=visit_texts.running_late(notice.visit, minutes=minutes, now=now))  # fmt: skip
    notify_visit_moved(notice.visit, actor=actor)
    visit_day.record_sent(notice.visit, DayMessageKind.RUNNING_LATE, message, now=now)
    return notice.visit
