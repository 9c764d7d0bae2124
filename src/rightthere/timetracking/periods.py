"""Periods of whole days in the desk's time zone, and the minutes of an entry inside one.

Day boundaries are local midnights (the business's zone, else TIME_ZONE), turned into UTC
instants; all arithmetic on instants is done in UTC, because Python adds and
subtracts datetimes that share a zoneinfo by wall clock, which is wrong
across a daylight-saving change.
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from rightthere.core.errors import InvalidInput

MAX_PERIOD_DAYS = 366
# Reports cover days in this range: year 9999 has no "midnight after its last day".
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(2999, 12, 31)

PERIOD_CHOICES = [
    ("this_week", gettext_lazy("This week")),
    ("last_week", gettext_lazy("Last week")),
    ("this_month", gettext_lazy("This month")),
    ("last_month", gettext_lazy("Last month")),
    ("custom", gettext_lazy("From – to")),
]


@dataclass(frozen=True)
class Period:
    """Whole local days, `first` to `last` inclusive."""

    first: date
    last: date

    @property
    def starts_at(self) -> datetime:
        return local_midnight(self.first)

    @property
    def ends_at(self) -> datetime:
        """The instant the period is over: midnight after its last day (exclusive)."""
        return local_midnight(self.last + timedelta(days=1))

    @property
    def label(self) -> str:
        if self.first == self.last:
            return f"{_day(self.first)} {self.first.year}"
        return f"{_day(self.first)} – {_day(self.last)} {self.last.year}"


def _day(day: date) -> str:
    return date_format(day, "D j M")


def local_midnight(day: date) -> datetime:
    """The start of `day` in the desk's time zone, as a UTC instant."""
    local = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
    return local.astimezone(UTC)


def in_utc(moment: datetime) -> datetime:
    """An aware instant in UTC; a naive one is read as desk time."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return moment.astimezone(UTC)


def named_period(name: str, today: date) -> Period:
    """This week, last week (Monday to Sunday), this month or last month around `today`."""
    monday = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    if name == "this_week":
        return Period(monday, monday + timedelta(days=6))
    if name == "last_week":
        return Period(monday - timedelta(days=7), monday - timedelta(days=1))
    if name == "this_month":
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        return Period(month_start, next_month - timedelta(days=1))
    if name == "last_month":
        last_day = month_start - timedelta(days=1)
        return Period(last_day.replace(day=1), last_day)
    raise InvalidInput(
        gettext("Unknown period '%(name)s'. Use this_week, last_week, this_month, last_month "
                "or custom.") % {"name": name[:20]}
    )  # fmt: skip


def custom_period(first: date, last: date) -> Period:
    if not (EARLIEST_DAY <= first <= LATEST_DAY and EARLIEST_DAY <= last <= LATEST_DAY):
        raise InvalidInput(
            gettext("Choose dates between %(first)s and %(last)s.")
            % {
                "first": date_format(EARLIEST_DAY, "j F Y"),
                "last": date_format(LATEST_DAY, "j F Y"),
            }
        )
    if last < first:
        raise InvalidInput(gettext("The period ends before it starts: choose a 'to' date on or "
                                   "after the 'from' date."))  # fmt: skip
    if (last - first).days >= MAX_PERIOD_DAYS:
        raise InvalidInput(
            gettext("Choose a period of at most %(count)s days.") % {"count": MAX_PERIOD_DAYS}
        )
    return Period(first, last)


def parse_day(text: str, label: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(
            gettext("Give the %(label)s date as YYYY-MM-DD.") % {"label": label}
        ) from exc


def _minute_offset(started_at: datetime, minutes: int, moment: datetime) -> int:
    """Whole minutes of the entry before `moment`, between 0 and `minutes`."""
    seconds = (moment - started_at).total_seconds()
    return min(max(math.floor(seconds / 60), 0), minutes)


def minutes_within(started_at: datetime, minutes: int, starts: datetime, ends: datetime) -> int:
    """The entry's minutes between two instants.

    Counted through one offset function, so the parts of an entry cut at any
    boundaries always add up to its minutes: 23:30 to 00:45 is 30 + 45.
    """
    start = in_utc(started_at)
    return _minute_offset(start, minutes, in_utc(ends)) - _minute_offset(
        start, minutes, in_utc(starts)
    )
