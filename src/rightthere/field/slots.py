"""The slot finder: the earliest times someone with the skill can do a visit.

Pure: it takes calendars as plain data and touches no database, so it can be
tested exhaustively and timed on its own. The rules a proposed slot keeps:

- the technician (or partner) has the skill;
- the visit lies inside one working period of theirs, on a day in the calendar's
  time zone;
- it overlaps none of their time off and none of their booked visits (a partner
  with several crews may have that many visits at once);
- their day stays at or under the maximum load (booked minutes / working minutes);
- it starts no earlier than `earliest` (now, or a part's arrival plus the
  handling buffer).

In-house technicians come first. Only when none of them has a slot starting
by the request's deadline (the promise window) are partner slots offered too.
No slot at all is an answer with a reason, not an error.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from django.conf import settings
from django.utils import formats, translation

Interval = tuple[datetime, datetime]


def gettext(message: str) -> str:
    """Django's gettext (the request's language); the English as it is when the slot finder
    runs without Django set up (benchmarks/slots.py)."""
    return translation.gettext(message) if settings.configured else message


def _when(value: datetime) -> str:
    """ "Mon 07 Dec 14:00" in the request's language; in English without Django set up."""
    if not settings.configured:
        return f"{value:%a %d %b %H:%M}"
    return formats.date_format(value, "D d M H:i")


@dataclass(frozen=True)
class Calendar:
    """One technician's or partner company's calendar."""

    kind: str  # "technician" or "partner"
    id: int
    name: str
    skills: frozenset[int]
    hours: Mapping[int, Sequence[tuple[time, time]]]  # weekday (Monday 0) -> periods
    time_off: Sequence[Interval] = ()
    busy: Sequence[Interval] = ()
    max_load: float = 0.8
    crews: int = 1

    @property
    def is_partner(self) -> bool:
        return self.kind == "partner"


@dataclass(frozen=True)
class SlotRequest:
    skill: int | None
    duration: timedelta
    earliest: datetime
    horizon: datetime
    deadline: datetime | None = None
    count: int = 3
    step: timedelta = timedelta(minutes=30)
    skill_name: str = ""
    # Count distinct times, not slots: every doer free at those times is kept (a customer
    # is offered each time once, whoever does it).
    distinct_times: bool = False


@dataclass(frozen=True)
class Slot:
    kind: str
    id: int
    name: str
    starts_at: datetime
    ends_at: datetime
    load_after: float  # the day's load with this visit, 0..1

    @property
    def is_partner(self) -> bool:
        return self.kind == "partner"


@dataclass(frozen=True)
class Proposal:
    slots: list[Slot]
    overflow: bool = False
    message: str = ""
    rules: list[str] = field(default_factory=list)


def _overlaps(start: datetime, end: datetime, other: Interval) -> bool:
    return start < other[1] and other[0] < end


def periods_on(calendar: Calendar, day: date, tz: tzinfo) -> list[Interval]:
    return [
        (datetime.combine(day, starts, tzinfo=tz), datetime.combine(day, ends, tzinfo=tz))
        for starts, ends in calendar.hours.get(day.weekday(), ())
        if ends > starts
    ]


def working_minutes(periods: Iterable[Interval]) -> float:
    return sum((end - start).total_seconds() for start, end in periods) / 60


def booked_minutes(busy: Iterable[Interval], periods: Sequence[Interval]) -> float:
    total = 0.0
    for start, end in busy:
        for p_start, p_end in periods:
            overlap = (min(end, p_end) - max(start, p_start)).total_seconds()
            if overlap > 0:
                total += overlap
    return total / 60


def _load_after(
    calendar: Calendar, periods: Sequence[Interval], busy: Iterable[Interval], minutes: float
) -> float:
    capacity = working_minutes(periods) * calendar.crews
    if capacity <= 0:
        return math.inf
    return (booked_minutes(busy, periods) + minutes) / capacity


def check_slot(
    calendar: Calendar, start: datetime, end: datetime, skill: int | None, tz: tzinfo
) -> str | None:
    """Why this visit would break a rule for this calendar, or None when it keeps them all."""
    if end <= start:
        return gettext("The visit must end after it starts.")
    if skill is not None and skill not in calendar.skills:
        return gettext("%(name)s does not have the skill.") % {"name": calendar.name}
    day = start.astimezone(tz).date()
    periods = periods_on(calendar, day, tz)
    if not any(p_start <= start and end <= p_end for p_start, p_end in periods):
        return gettext("%(name)s does not work then.") % {"name": calendar.name}
    if any(_overlaps(start, end, off) for off in calendar.time_off):
        return gettext("%(name)s is off then.") % {"name": calendar.name}
    if sum(1 for b in calendar.busy if _overlaps(start, end, b)) >= calendar.crews:
        return gettext("%(name)s already has a visit then.") % {"name": calendar.name}
    minutes = (end - start).total_seconds() / 60
    if _load_after(calendar, periods, calendar.busy, minutes) > calendar.max_load + 1e-9:
        return gettext("%(name)s's day would be over %(load)s booked.") % {
            "name": calendar.name,
            "load": f"{calendar.max_load:.0%}",
        }
    return None


class _Index:
    """A calendar's busy intervals and time off by local day, built once per search."""

    def __init__(self, calendar: Calendar, first: date, last: date, tz: tzinfo) -> None:
        self.calendar = calendar
        self.busy: dict[date, list[Interval]] = {}
        self.off: dict[date, list[Interval]] = {}
        for target, intervals in ((self.busy, calendar.busy), (self.off, calendar.time_off)):
            for interval in intervals:
                day, last_day = interval[0].astimezone(tz).date(), interval[1].astimezone(tz).date()
                day, last_day = max(day, first), min(last_day, last)
                while day <= last_day:
                    target.setdefault(day, []).append(interval)
                    day += timedelta(days=1)

    def first_slot(self, day: date, request: SlotRequest, tz: tzinfo) -> Slot | None:
        calendar = self.calendar
        periods = periods_on(calendar, day, tz)
        if not periods:
            return None
        busy = self.busy.get(day, [])
        minutes = request.duration.total_seconds() / 60
        load = _load_after(calendar, periods, busy, minutes)
        if load > calendar.max_load + 1e-9:
            return None
        off = self.off.get(day, [])
        step = request.step.total_seconds()
        for p_start, p_end in periods:
            k = max(0, math.ceil((request.earliest - p_start).total_seconds() / step))
            start = p_start + timedelta(seconds=k * step)
            while start + request.duration <= p_end:
                end = start + request.duration
                if end > request.horizon:
                    return None
                clash = next((i for i in off if _overlaps(start, end, i)), None)
                if clash is None:
                    taken = [b for b in busy if _overlaps(start, end, b)]
                    if len(taken) < calendar.crews:
                        return Slot(calendar.kind, calendar.id, calendar.name, start, end, load)
                    # A crew is free again once all but crews - 1 of these visits are over:
                    # not only after the last of them ends (with two crews, 09:00-09:30 and
                    # 09:00-11:00 booked, 09:30 is free).
                    clash = sorted(taken, key=lambda b: b[1])[len(taken) - calendar.crews]
                # Jump past whatever is in the way, staying on the step grid.
                skip = max(1, math.ceil((clash[1] - start).total_seconds() / step))
                start += timedelta(seconds=skip * step)
        return None


def _search(request: SlotRequest, calendars: Sequence[Calendar], tz: tzinfo) -> list[Slot]:
    """The earliest slots, at most one per calendar per day, earliest and least loaded first."""
    able = [c for c in calendars if request.skill is None or request.skill in c.skills]
    if not able or request.count <= 0:
        return []
    first = request.earliest.astimezone(tz).date()
    last = request.horizon.astimezone(tz).date()
    indexes = [_Index(c, first, last, tz) for c in able]
    found: list[Slot] = []
    day = first
    while day <= last and _counted(found, request) < request.count:
        today = [s for s in (i.first_slot(day, request, tz) for i in indexes) if s is not None]
        today.sort(key=lambda s: (s.starts_at, s.load_after, s.name, s.id))
        found.extend(today)
        day += timedelta(days=1)
    return _first(found, request)


def _counted(slots: Sequence[Slot], request: SlotRequest) -> int:
    return len({s.starts_at for s in slots}) if request.distinct_times else len(slots)


def _first(slots: Sequence[Slot], request: SlotRequest) -> list[Slot]:
    """The first `count` slots (earliest first), or with `distinct_times` every slot at the
    first `count` times."""
    if not request.distinct_times:
        return list(slots[: request.count])
    times = sorted({s.starts_at for s in slots})[: request.count]
    return [s for s in slots if s.starts_at in times]


def find_slots(request: SlotRequest, calendars: Sequence[Calendar], tz: tzinfo) -> Proposal:
    """Propose the earliest valid slots; partners only when in-house cannot meet the deadline."""
    staff = [c for c in calendars if not c.is_partner]
    partners = [c for c in calendars if c.is_partner]
    slots = _search(request, staff, tz)
    deadline = request.deadline or request.horizon
    in_time = [s for s in slots if s.starts_at <= deadline]
    if in_time or not partners:
        overflow = False
    else:
        partner_slots = _search(request, partners, tz)
        overflow = bool(partner_slots)
        slots = sorted(slots + partner_slots, key=lambda s: (s.starts_at, s.is_partner))
        slots = _first(slots, request)
    if slots:
        message = (
            gettext("No technician of ours is free in time; a partner can go.")
            if overflow
            else (
                ""
                if in_time or request.deadline is None
                else gettext("No slot meets the promise date.")
            )
        )
        return Proposal(slots=slots, overflow=overflow, message=message)
    between = {
        "skill": request.skill_name,
        "start": _when(request.earliest.astimezone(tz)),
        "end": _when(request.horizon.astimezone(tz)),
    }
    message = (
        gettext(
            "Nobody with the skill “%(skill)s” is free between %(start)s and %(end)s. Add "
            "working hours, a partner, or search further."
        )
        if request.skill_name
        else gettext(
            "Nobody is free between %(start)s and %(end)s. Add working hours, a partner, or "
            "search further."
        )
    )
    return Proposal(slots=[], message=message % between)
