"""Due times in business minutes.

`add_business_minutes` is pure: it takes the opening periods and holidays as
data so it can be tested without a database. `compute_due_times` reads the
configuration from the admin tables.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from rightthere.cases.models.case import Priority
from rightthere.cases.models.targets import DEFAULT_TARGETS, BusinessHours, Holiday, PriorityTarget

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


def configured_periods() -> dict[int, list[tuple[time, time]]]:
    periods: dict[int, list[tuple[time, time]]] = {}
    for row in BusinessHours.objects.all():
        periods.setdefault(row.weekday, []).append((row.opens, row.closes))
    return periods


def target_minutes(priority: str) -> tuple[int, int]:
    target = PriorityTarget.objects.filter(priority=priority).first()
    if target is not None:
        return target.first_response_minutes, target.resolution_minutes
    return DEFAULT_TARGETS.get(Priority(priority), DEFAULT_TARGETS[Priority.NORMAL])


def compute_due_times(opened_at: datetime, priority: str) -> DueTimes:
    first_minutes, resolution_minutes = target_minutes(priority)
    periods = configured_periods()
    holidays = list(Holiday.objects.values_list("date", flat=True))
    local_start = timezone.localtime(opened_at)
    return DueTimes(
        first_response=add_business_minutes(local_start, first_minutes, periods, holidays),
        resolution=add_business_minutes(local_start, resolution_minutes, periods, holidays),
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
    holidays = list(Holiday.objects.values_list("date", flat=True))
    return add_business_days(timezone.localtime(start), days, configured_periods(), holidays)
