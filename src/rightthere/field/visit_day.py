"""The visit's day, as the customer hears it: a reminder the day before (the time window
and the technician's first name), "on my way" with an estimated arrival, and "running
late" with the new window.

Field decides and drafts (a `VisitNotice`) and records each on the case timeline; the
desk sends the text like every customer mail (`rightthere.desk.visit_day`). A reminder is
sent once per visit and start time (`VisitDayMessage`), so the periodic job may run as
often as it likes, and a visit that moves is reminded of again.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.models import EventKind, Message
from rightthere.core import spoken
from rightthere.core.errors import InvalidInput
from rightthere.field import events, invites
from rightthere.field.access import check_visit_worker
from rightthere.field.agenda import day_start
from rightthere.field.invites import VisitNotice
from rightthere.field.models import (
    ACTIVE_STATUSES,
    DayMessageKind,
    Visit,
    VisitDayMessage,
    VisitStatus,
)

# Reminders go out on the day before, from this hour (local time), not at midnight.
REMINDER_FROM_HOUR = 9
ETA_MINUTES = (10, 20, 30, 45, 60)
LATE_MINUTES = (15, 30, 45, 60)
# "On my way" is taken from this long before the visit's window until this long after it.
SET_OFF_BEFORE = timedelta(hours=3)
SET_OFF_GRACE = timedelta(minutes=30)
# A repeated "On my way" whose arrival is this close to the one the customer was told
# sends nothing again.
ETA_UNCHANGED_WITHIN = timedelta(minutes=5)


def first_name(visit: Visit) -> str:
    """Who comes, as the customer is told on the day: the technician's first name, or
    "a technician from" the partner company."""
    if visit.technician is not None:
        return visit.technician.first_name or visit.technician.display_name
    return invites.who_comes(visit)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clock(at: datetime) -> str:
    return spoken.clock(at)


def _day(at: datetime) -> str:
    return spoken.day(at)


def window(visit: Visit) -> str:
    return gettext("between %(start)s and %(end)s") % {
        "start": _clock(visit.starts_at), "end": _clock(visit.ends_at)
    }  # fmt: skip


def reminders_due(now: datetime) -> list[Visit]:
    """Visits tomorrow (local time) not reminded of at their present start, once it is
    REMINDER_FROM_HOUR today."""
    local = timezone.localtime(now)
    if local.hour < REMINDER_FROM_HOUR:
        return []
    tomorrow = local.date() + timedelta(days=1)
    reminded = VisitDayMessage.objects.filter(kind=DayMessageKind.REMINDER).values_list(
        "visit_id", "starts_at"
    )
    found = (
        Visit.objects.filter(
            status__in=ACTIVE_STATUSES,
            starts_at__gte=day_start(tomorrow),
            starts_at__lt=day_start(tomorrow + timedelta(days=1)),
            case__contact__isnull=False,
        )
        .select_related("case", "case__contact", "case__customer", "technician", "partner")
        .order_by("starts_at", "id")
    )
    visits = list(found)
    done = set(reminded.filter(visit__in=[v.pk for v in visits]))
    return [v for v in visits if (v.pk, v.starts_at) not in done]


def claim_reminder(visit: Visit, *, now: datetime) -> VisitDayMessage | None:
    """Mark the reminder for the visit's present start as sent (before sending it, in the
    same transaction); None when it was already (another run got there first)."""
    try:
        with transaction.atomic():
            return VisitDayMessage.objects.create(
                visit=visit, kind=DayMessageKind.REMINDER, starts_at=visit.starts_at, sent_at=now
            )
    except IntegrityError:
        return None


def reminder_text(visit: Visit) -> str:
    """The day-before reminder, in the customer's language."""
    with invites.in_customer_language(visit):
        words = {"day": _day(visit.starts_at), "window": window(visit),
                 "who": first_name(visit), "address": visit.address}  # fmt: skip
        reminder = (
            gettext("A reminder of your visit tomorrow, %(day)s, %(window)s at %(address)s: "
                    "%(who)s will come.")
            if visit.address
            else gettext("A reminder of your visit tomorrow, %(day)s, %(window)s: %(who)s will come.")
        ) % words  # fmt: skip
        return (
            f"{invites.greeting(visit)}\n\n{reminder}\n\n"
            + gettext("You need do nothing. If the time no longer suits you, reply to this "
                      "message and we will find another with you.")
        )  # fmt: skip


def note_reminder(day_message: VisitDayMessage, message: Message, *, now: datetime) -> None:
    day_message.message = message
    day_message.save(update_fields=["message"])
    visit = day_message.visit
    events.record(visit.case_id, None, EventKind.VISIT, field="reminder sent",
                  after=gettext("for %(when)s") % {"when": events.when(visit.starts_at)},
                  at=now)  # fmt: skip


def _locked(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related(
            "case", "case__contact", "case__customer", "technician", "partner", "promise"
        )
        .get(pk=visit.pk)
    )


def _check_minutes(minutes: int, allowed: tuple[int, ...], refusal: str) -> timedelta:
    """`refusal`: what is said when `minutes` is out of range, with %(choices)s."""
    if not 1 <= minutes <= 240:
        raise InvalidInput(refusal % {"choices": ", ".join(str(m) for m in allowed)})
    return timedelta(minutes=minutes)


def check_set_off_time(visit: Visit, now: datetime) -> None:
    """“On my way” only around the visit's time, on its day: from SET_OFF_BEFORE before
    its window starts until SET_OFF_GRACE after it ends. Outside that the arrival time the
    customer would be told makes no sense (hours after their window, or another day)."""
    starts, ends = timezone.localtime(visit.starts_at), timezone.localtime(visit.ends_at)
    if starts.date() != timezone.localdate(now):
        raise InvalidInput(
            gettext("This visit is on %(day)s, not today: “On my way” is for today's visits.")
            % {"day": date_format(starts, "D d M")}
        )
    if now < visit.starts_at - SET_OFF_BEFORE:
        earliest = timezone.localtime(visit.starts_at - SET_OFF_BEFORE)
        raise InvalidInput(
            gettext(
                "It is too early for “On my way”: this visit starts at %(starts)s; you can "
                "tap it from %(earliest)s."
            )
            % {"starts": f"{starts:%H:%M}", "earliest": f"{earliest:%H:%M}"}
        )
    if now > visit.ends_at + SET_OFF_GRACE:
        raise InvalidInput(
            gettext(
                "This visit's time ended at %(ends)s: “On my way” would tell the customer an "
                "arrival after it. Ask the office to move the visit (the customer is told the "
                "new time), or record its outcome."
            )
            % {"ends": f"{ends:%H:%M}"}
        )


def set_off(
    visit: Visit, *, actor: User | None, eta_minutes: int, now: datetime
) -> tuple[Visit, VisitNotice | None]:
    """The technician sets off (field's part of `desk.visit_day.set_off_to_visit`): the visit
    is on the way with an estimated arrival, on the timeline. Returns the visit and the
    customer's message with the name and the time, for the desk to send.

    A repeated tap (a double tap, a stale page) is idempotent: on the way already, with an
    arrival within ETA_UNCHANGED_WITHIN of the one the customer was told, nothing changes
    and the message is None. A new arrival outside that is kept and sent."""
    check_visit_worker(actor, visit)
    eta = _check_minutes(
        eta_minutes,
        ETA_MINUTES,
        gettext("Give the time to get there in minutes, 1 to 240 (e.g. %(choices)s)."),
    )
    visit = _locked(visit)
    if visit.status not in (VisitStatus.TENTATIVE, VisitStatus.CONFIRMED, VisitStatus.ON_THE_WAY):
        raise InvalidInput(
            gettext("This visit is already %(status)s.")
            % {"status": visit.get_status_display().lower()}
        )
    check_set_off_time(visit, now)
    expected = now + eta
    told = visit.expected_at if visit.status == VisitStatus.ON_THE_WAY else None
    if told is not None and abs(expected - told) < ETA_UNCHANGED_WITHIN:
        return visit, None
    before = VisitStatus(visit.status).label
    visit.status, visit.expected_at = VisitStatus.ON_THE_WAY, expected
    visit.save(update_fields=["status", "expected_at"])
    events.record(visit.case_id, actor, EventKind.VISIT, field="status", before=before,
                  after=gettext("On the way, there at about %(eta)s")
                  % {"eta": _clock(expected)},
                  at=now)  # fmt: skip
    with invites.in_customer_language(visit):
        text = f"{invites.greeting(visit)}\n\n" + gettext(
            "%(who)s is on the way to you now and should be with you at about %(eta)s."
        ) % {"who": _capital(first_name(visit)), "eta": _clock(expected)}
    return visit, invites.notice(visit, actor=actor, text=text)


def told_on_the_way(visit: Visit) -> VisitDayMessage | None:
    """The last "On my way" message the customer was sent for the visit (its time and
    arrival), or None."""
    return (
        VisitDayMessage.objects.filter(visit=visit, kind=DayMessageKind.ON_MY_WAY)
        .order_by("-sent_at", "-id")
        .first()
    )


def run_late(visit: Visit, *, actor: User | None, minutes: int, now: datetime) -> VisitNotice:
    """The technician runs late (field's part of `desk.visit_day.report_running_late`), on
    the visit's day only: the visit's window moves by `minutes` (and the estimated
    arrival, when on the way), on the timeline and in its calendar invite. Returns the
    customer's message with the new window, for the desk to send."""
    check_visit_worker(actor, visit)
    delay = _check_minutes(
        minutes, LATE_MINUTES, gettext("Give the delay in minutes, 1 to 240 (e.g. %(choices)s).")
    )
    visit = _locked(visit)
    if visit.status not in ACTIVE_STATUSES:
        raise InvalidInput(
            gettext("This visit is already %(status)s.")
            % {"status": visit.get_status_display().lower()}
        )
    starts = timezone.localtime(visit.starts_at)
    if starts.date() != timezone.localdate(now):
        raise InvalidInput(
            gettext(
                "This visit is on %(day)s, not today: “Running late” is for today's visits. "
                "To change another day's time, ask the office to move the visit."
            )
            % {"day": date_format(starts, "D d M")}
        )
    if visit.ends_at <= now:
        raise InvalidInput(
            gettext("This visit's time is over; record its outcome or ask the office.")
        )
    old = window(visit)
    visit.starts_at, visit.ends_at = visit.starts_at + delay, visit.ends_at + delay
    if visit.expected_at is not None:
        visit.expected_at += delay
    visit.sequence += 1
    visit.save(update_fields=["starts_at", "ends_at", "expected_at", "sequence"])
    events.record(visit.case_id, actor, EventKind.VISIT, field="running late",
                  before=old, after=gettext("%(window)s (%(minutes)s min later)")
                  % {"window": window(visit), "minutes": minutes}, at=now)  # fmt: skip
    today = timezone.localdate(visit.starts_at) == timezone.localdate(now)
    with invites.in_customer_language(visit):
        text = f"{invites.greeting(visit)}\n\n" + _late_text(visit, minutes, today)
    return invites.notice(visit, actor=actor, text=text)


def _late_text(visit: Visit, minutes: int, today: bool) -> str:
    words = {"who": first_name(visit), "minutes": minutes, "window": window(visit),
             "eta": _clock(visit.expected_at) if visit.expected_at else "",
             "day": _day(visit.starts_at)}  # fmt: skip
    late = (
        gettext("I am sorry: %(who)s is running about %(minutes)s minutes late and should be "
                "with you at about %(eta)s.")
        if visit.expected_at is not None
        else gettext("I am sorry: %(who)s is running about %(minutes)s minutes late.")
    ) % words  # fmt: skip
    now_at = (
        gettext("Your visit is now today %(window)s.")
        if today
        else gettext("Your visit is now on %(day)s %(window)s.")
    ) % words
    return (
        f"{late} {now_at} "
        + gettext("The updated calendar invite is attached; it replaces the old one.")
        + "\n\n"
        + gettext("If the new time does not suit you, reply to this message and we will find "
                  "another.")
    )  # fmt: skip


def record_sent(
    visit: Visit, kind: DayMessageKind, message: Message, *, now: datetime
) -> VisitDayMessage:
    return VisitDayMessage.objects.create(visit=visit, kind=kind, starts_at=visit.starts_at,
                                          expected_at=visit.expected_at, message=message,
                                          sent_at=now)  # fmt: skip
