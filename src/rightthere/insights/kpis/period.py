"""The period a figure covers (whole weeks ending with the current one) and the audience."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12
AUDIENCES = ("all", "external", "internal")


@dataclass(frozen=True)
class Period:
    """`weeks` whole weeks (Monday to Sunday, local time), the last one holding `now`."""

    weeks: int = DEFAULT_WEEKS
    # Looked up at each call (not bound at import), so a test's clock reaches it too.
    now: datetime = field(default_factory=lambda: timezone.now())

    @property
    def week_starts(self) -> list[date]:
        today = timezone.localtime(self.now).date()
        monday = today - timedelta(days=today.weekday())
        return [monday - timedelta(weeks=n) for n in range(self.weeks - 1, -1, -1)]

    @property
    def start(self) -> datetime:
        return local_midnight(self.week_starts[0])

    @property
    def end(self) -> datetime:
        return self.now

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def week_of(value: date | datetime) -> date:
    """The Monday of the week holding `value` (local time)."""
    day = timezone.localtime(value).date() if isinstance(value, datetime) else value
    return day - timedelta(days=day.weekday())


def first_bound(field: str, lookup: str, bounds: list[datetime]) -> Case:
    """The index of the first of the ascending `bounds` that `field <lookup> bound` holds
    for (len(bounds) if none): a binary search in nested CASEs, so a row is compared
    with about log2(len(bounds)) bounds, not all of them in turn (52 weeks: 6, not 26)."""

    def search(low: int, high: int) -> Case | Value:
        if low == high:
            return Value(low)
        middle = (low + high) // 2
        return Case(
            When(**{f"{field}__{lookup}": bounds[middle]}, then=search(low, middle)),
            default=search(middle + 1, high),
            output_field=IntegerField(),
        )

    found = search(0, len(bounds))
    return found if isinstance(found, Case) else Case(default=found, output_field=IntegerField())


def week_index(field: str, period: Period) -> Case:
    """Which week of the period a moment in it falls in (0 for the first): the weeks of
    TruncWeek in the desk's time zone, found by comparing the column with the local
    Monday midnights, which is cheaper than converting every row's time zone (SQLite
    does that in Python)."""
    return first_bound(field, "lt", [local_midnight(week) for week in period.week_starts[1:]])


def parse_period(weeks: str | int | None, now: datetime | None = None) -> Period:
    try:
        count = int(weeks) if weeks not in (None, "") else DEFAULT_WEEKS
    except (TypeError, ValueError):
        count = DEFAULT_WEEKS
    if count not in WEEK_CHOICES:
        count = DEFAULT_WEEKS
    return Period(weeks=count, now=now or timezone.now())


def parse_audience(value: str | None) -> str:
    return value if value in AUDIENCES else "all"


def audience_filter(audience: str, prefix: str = "") -> Q:
    """Cases (or rows reached through `prefix`, e.g. "case__") of the audience."""
    if audience == "internal":
        return Q(**{f"{prefix}internal": True})
    if audience == "external":
        return Q(**{f"{prefix}internal": False})
    return Q()


def internal_flag(audience: str) -> bool | None:
    return {"internal": True, "external": False}.get(audience)
