"""Every change to time entries: start and stop the timer, add, correct and delete entries.

A person has at most one running timer: starting one on another case stops the
old one first (and says so); starting the one that already runs changes
nothing. Stopping rounds up to whole minutes, at least one. Manual entries
are between 1 minute and 24 hours. Whoever calls these has fetched the case,
visit or entry through the accessors in `cases.access`, `field.access` and
`timetracking.access`; the rules about *whose* time may change live here.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.cases.models import Case
from rightthere.core.errors import CaseError, InvalidInput, NotAllowed
from rightthere.customers.models import Customer
from rightthere.field.models import Visit
from rightthere.timetracking.access import check_may_change
from rightthere.timetracking.models import (
    MAX_MANUAL_MINUTES,
    MAX_NOTE_CHARS,
    Source,
    TimeEntry,
)
from rightthere.timetracking.periods import in_utc


class NoRunningTimer(CaseError):
    code = "conflict"
    http_status = 409


@dataclass(frozen=True)
class TimerStarted:
    entry: TimeEntry
    stopped: TimeEntry | None  # the timer that was running elsewhere, now stopped
    already_running: bool = False


def running_timer(person: User) -> TimeEntry | None:
    return (
        TimeEntry.objects.filter(person=person, ended_at__isnull=True)
        .select_related("case", "visit")
        .first()
    )


def _clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput(
            gettext("The note is too long (at most %(count)s characters).")
            % {"count": number_format(MAX_NOTE_CHARS, force_grouping=True)}
        )
    if "\x00" in note:
        raise InvalidInput(gettext("The note contains a character we cannot store."))
    return note


def _check_minutes(minutes: int) -> int:
    if minutes < 1:
        raise InvalidInput(gettext("Give the time as a whole number of minutes, at least 1."))
    if minutes > MAX_MANUAL_MINUTES:
        raise InvalidInput(
            gettext(
                "One entry can be at most 24 hours (%(minutes)s minutes); "
                "add another entry for the rest."
            )
            % {"minutes": MAX_MANUAL_MINUTES}
        )
    return minutes


def _check_start(started_at: datetime, now: datetime) -> datetime:
    started_at = in_utc(started_at)
    if started_at > now:
        raise InvalidInput(gettext("The work cannot start in the future."))
    return started_at


def _span(started_at: datetime, minutes: int | None, ended_at: datetime | None) -> int:
    """The minutes of an entry given either by its length or by its end."""
    if minutes is not None and ended_at is not None:
        raise InvalidInput(gettext("Give either the minutes or the end time, not both."))
    if ended_at is not None:
        seconds = (in_utc(ended_at) - in_utc(started_at)).total_seconds()
        if seconds <= 0:
            raise InvalidInput(gettext("The end must be after the start."))
        return _check_minutes(math.ceil(seconds / 60))
    if minutes is None:
        raise InvalidInput(gettext("Give the minutes spent, or the end time."))
    return _check_minutes(minutes)


def _check_visit(case: Case, visit: Visit | None) -> None:
    if visit is not None and visit.case_id != case.pk:
        raise InvalidInput(gettext("That visit belongs to another case."))


def _default_billable(case: Case) -> bool:
    """Time for an internal customer (a department, a colleague) is not billed by default."""
    internal = Customer.objects.filter(pk=case.customer_id).values_list("internal", flat=True)
    return not internal.first()


def _lock(person: User) -> None:
    """Timer changes of one person queue up (a double click, two tabs, the phone)."""
    User.objects.select_for_update().filter(pk=person.pk).first()


def _finish(entry: TimeEntry, now: datetime) -> TimeEntry:
    started_at = in_utc(entry.started_at)
    seconds = (now - started_at).total_seconds()
    entry.minutes = max(1, math.ceil(seconds / 60))
    entry.ended_at = started_at + timedelta(minutes=entry.minutes)
    entry.updated_at = now
    entry.save()
    return entry


@transaction.atomic
def start_timer(
    person: User,
    case: Case,
    *,
    visit: Visit | None = None,
    note: str = "",
    billable: bool | None = None,
    now: datetime | None = None,
) -> TimerStarted:
    """Start the person's timer on a case (or one of its visits), stopping any other."""
    _check_visit(case, visit)
    note = _clean_note(note)
    now = in_utc(now or timezone.now())
    _lock(person)
    current = running_timer(person)
    if (
        current is not None
        and current.case_id == case.pk
        and current.visit_id == (visit.pk if visit else None)
    ):
        return TimerStarted(entry=current, stopped=None, already_running=True)
    stopped = _finish(current, now) if current is not None else None
    entry = TimeEntry.objects.create(
        person=person,
        case=case,
        visit=visit,
        started_at=now,
        note=note,
        billable=_default_billable(case) if billable is None else billable,
        source=Source.TIMER,
        created_at=now,
        updated_at=now,
    )
    return TimerStarted(entry=entry, stopped=stopped)


@transaction.atomic
def stop_timer(
    person: User,
    *,
    note: str | None = None,
    billable: bool | None = None,
    now: datetime | None = None,
) -> TimeEntry:
    """Stop the person's running timer: minutes rounded up, at least one."""
    now = in_utc(now or timezone.now())
    _lock(person)
    entry = running_timer(person)
    if entry is None:
        raise NoRunningTimer(gettext("You have no running timer to stop."))
    if note is not None:
        entry.note = _clean_note(note)
    if billable is not None:
        entry.billable = billable
    return _finish(entry, now)


@transaction.atomic
def add_entry(
    actor: User,
    case: Case,
    *,
    started_at: datetime,
    minutes: int | None = None,
    ended_at: datetime | None = None,
    person: User | None = None,
    visit: Visit | None = None,
    note: str = "",
    billable: bool | None = None,
    now: datetime | None = None,
) -> TimeEntry:
    """Record time by hand: when the work started, and its minutes or its end.

    Owners and agents may record time for someone else (a technician who phoned
    it in); everyone else records their own.
    """
    person = person or actor
    if person.pk != actor.pk and not actor.sees_all_cases:
        raise NotAllowed(gettext("Only owners and agents can record time for someone else."))
    if not person.is_active:
        raise InvalidInput(
            gettext("%(name)s no longer works here; time cannot be added.")
            % {"name": person.display_name}
        )
    _check_visit(case, visit)
    now = in_utc(now or timezone.now())
    started_at = _check_start(started_at, now)
    minutes = _span(started_at, minutes, ended_at)
    return TimeEntry.objects.create(
        person=person,
        case=case,
        visit=visit,
        started_at=started_at,
        ended_at=started_at + timedelta(minutes=minutes),
        minutes=minutes,
        note=_clean_note(note),
        billable=_default_billable(case) if billable is None else billable,
        source=Source.MANUAL,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def change_entry(
    actor: User,
    entry: TimeEntry,
    *,
    started_at: datetime | None = None,
    minutes: int | None = None,
    ended_at: datetime | None = None,
    note: str | None = None,
    billable: bool | None = None,
    now: datetime | None = None,
) -> TimeEntry:
    """Correct an entry: its start, its length (minutes or end), its note, billable or not.

    A running timer keeps running: only its start, note and billable flag change.
    """
    check_may_change(actor, entry)
    now = in_utc(now or timezone.now())
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    start = _check_start(started_at, now) if started_at is not None else in_utc(entry.started_at)
    if entry.running:
        if minutes is not None or ended_at is not None:
            raise InvalidInput(
                gettext("The timer is still running: stop it before changing its length.")
            )
        entry.started_at = start
    else:
        if minutes is not None or ended_at is not None:
            entry.minutes = _span(start, minutes, ended_at)
        entry.started_at = start
        entry.ended_at = start + timedelta(minutes=entry.minutes or 0)
    if note is not None:
        entry.note = _clean_note(note)
    if billable is not None:
        entry.billable = billable
    entry.updated_at = now
    entry.save()
    return entry


@transaction.atomic
def delete_entry(actor: User, entry: TimeEntry) -> None:
    """Delete an entry (a running timer is discarded, not counted)."""
    check_may_change(actor, entry)
    TimeEntry.objects.filter(pk=entry.pk).delete()
