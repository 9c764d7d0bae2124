"""Due times in business minutes.

`add_business_minutes` is pure: it takes the opening periods and holidays as
data so it can be tested without a database. `compute_due_times` reads the
configuration from the admin tables, through a per-process cache (every case
opened needs it; see `rightthere.core.config_cache`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from rightthere.cases.models.case import Priority
from rightthere.cases.models.targets import DEFAULT_TARGETS, BusinessHours, Holiday, PriorityTarget
from rightthere.core.config_cache import ConfigCache

Periods = Mapping[int, list[tuple[time, time]]]
MAX_SEARCH_DAYS = 3 * 366


def add_business_minutes(
    start: datetime, minutes: int, periods: Periods, holidays: Iterable[date] = ()
) -> datetime:
    """Return the moment `minutes` of opening time after `start`.

    With no opening periods configured the desk is treated as always open.
    Times are interpreted in `start`'s timezone (the desk's local time).
    """
    if not any(periods.values()):
        return start + timedelta(minutes=minutes)
    closed_days = set(holidays)
    tz = start.tzinfo
    remaining = timedelta(minutes=minutes)
    day = start.date()
    for _ in range(MAX_SEARCH_DAYS):
        if day not in closed_days:
            for opens, closes in sorted(periods.get(day.weekday(), [])):
                period_start = datetime.combine(day, opens, tzinfo=tz)
                period_end = datetime.combine(day, closes, tzinfo=tz)
                begin = max(period_start, start)
                if begin >= period_end:
                    continue
                available = period_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += timedelta(days=1)
    raise ValueError("No business hours found within three years; check the opening times")


@dataclass(frozen=True)
class DueTimes:
    first_response: datetime
    resolution: datetime


@dataclass(frozen=True)
class DeskHours:
    """The opening periods, holidays and per-priority targets set up in the admin."""

    periods: dict[int, list[tuple[time, time]]]
    holidays: tuple[date, ...]
    targets: dict[str, tuple[int, int]]


def _load_desk_hours() -> DeskHours:
    periods: dict[int, list[tuple[time, time]]] = {}
    for row in BusinessHours.objects.all():
        periods.setdefault(row.weekday, []).append((row.opens, row.closes))
    targets = {
        t.priority: (t.first_response_minutes, t.resolution_minutes)
        for t in PriorityTarget.objects.all()
    }
    return DeskHours(periods, tuple(Holiday.objects.values_list("date", flat=True)), targets)


_desk_hours = ConfigCache(_load_desk_hours, BusinessHours, Holiday, PriorityTarget)


def opening_periods() -> tuple[dict[int, list[tuple[time, time]]], tuple[date, ...]]:
    """The desk's opening periods by weekday and its holidays (cached)."""
    desk = _desk_hours.get()
    return desk.periods, desk.holidays


def target_minutes(priority: str) -> tuple[int, int]:
    target = _desk_hours.get().targets.get(priority)
    if target is not None:
        return target
    return DEFAULT_TARGETS.get(Priority(priority), DEFAULT_TARGETS[Priority.NORMAL])


def compute_due_times(opened_at: datetime, priority: str) -> DueTimes:
    first_minutes, resolution_minutes = target_minutes(priority)
    desk = _desk_hours.get()
    local_start = timezone.localtime(opened_at)
    return DueTimes(
        first_response=add_business_minutes(
            local_start, first_minutes, desk.periods, desk.holidays
        ),
        resolution=add_business_minutes(
            local_start, resolution_minutes, desk.periods, desk.holidays
        ),
    )


def add_business_days(
    start: datetime, days: int, periods: Periods, holidays: Iterable[date] = ()
) -> datetime:
    """The same clock time on the `days`-th open day after `start` (Mon-Fri when unset)."""
    open_weekdays = {wd for wd, spans in periods.items() if spans} or {0, 1, 2, 3, 4}
    closed = set(holidays)
    moment = start
    counted = 0
    for _ in range(MAX_SEARCH_DAYS):
        if counted == days:
            return moment
        moment += timedelta(days=1)
        if moment.weekday() in open_weekdays and moment.date() not in closed:
            counted += 1
    raise ValueError("No business days found within three years; check the opening times")


def business_days_after(start: datetime, days: int) -> datetime:
    """`add_business_days` with the desk's configured hours and holidays."""
    desk = _desk_hours.get()
    return add_business_days(timezone.localtime(start), days, desk.periods, desk.holidays)


def next_opening(at: datetime) -> datetime:
    """`at` itself when the desk is open then, else the moment it next opens
    (local time); with no opening hours set the desk is always open."""
    desk = _desk_hours.get()
    return add_business_minutes(timezone.localtime(at), 0, desk.periods, desk.holidays)
