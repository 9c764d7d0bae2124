"""Replaying the demo's history at the moments it happened.

`open_case` and `add_message` take the moment as a parameter, but
`assign_case`, `change_status` and `change_priority` stamp their events with
`timezone.now()`, and `auto_now` fields do the same. While a demo story is
played, `timezone.now()` is set to the simulated moment so that every event,
`solved_at` and `updated_at` lands where the story puts it. Only the
single-threaded seed command does this.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from unittest import mock

from django.utils import timezone

OPENS = time(8, 0)
CLOSES = time(18, 0)


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def is_working_time(moment: datetime) -> bool:
    local = timezone.localtime(moment)
    return local.weekday() < 5 and OPENS <= local.time() < CLOSES


def next_working_time(moment: datetime, extra_minutes: float = 0) -> datetime:
    """`moment` if the office is open then, else the next opening plus `extra_minutes`."""
    if is_working_time(moment):
        return moment
    local = timezone.localtime(moment)
    day = local.date()
    if local.time() >= CLOSES or local.weekday() >= 5:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    opening = datetime.combine(day, OPENS, tzinfo=local.tzinfo)
    return opening + timedelta(minutes=extra_minutes)


def waking_time(moment: datetime, rng_minutes: float) -> datetime:
    """`moment` if people are awake then (07:00-22:30), else the next morning."""
    local = timezone.localtime(moment)
    if time(7, 0) <= local.time() < time(22, 30):
        return moment
    day = local.date() + timedelta(days=1 if local.time() >= time(22, 30) else 0)
    return datetime.combine(day, time(7, 0), tzinfo=local.tzinfo) + timedelta(minutes=rng_minutes)


def working_day_after(moment: datetime, days: int) -> datetime:
    """The same clock time `days` working days later (weekends skipped)."""
    local = timezone.localtime(moment)
    day = local.date()
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return datetime.combine(day, local.time(), tzinfo=local.tzinfo)


def spoken_day(moment: datetime) -> str:
    """'Thursday 14 March', the way a person writes a date in a message."""
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B}"
