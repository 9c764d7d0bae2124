"""A doer's own visits, day by day: My day (today, tomorrow, the week) and their calendar feed.

A technician's own visits are those they go to; a subcontractor's, those handed to their
company. Owners and agents do not go to visits: their day is everyone's (`visible_visits`).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from rightthere.accounts.models import Role, User
from rightthere.field.access import visible_visits
from rightthere.field.models import Visit

WEEK_DAYS = 7


def goes_to_visits(user: User) -> bool:
    """Technicians and a partner company's users go out; owners and agents send them."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.role == Role.TECHNICIAN or (
        user.role == Role.SUBCONTRACTOR and user.partner_id is not None
    )


def own_visits(user: User) -> QuerySet[Visit]:
    """The visits the user goes to (every visit they may see, for owners and agents)."""
    found = visible_visits(user)
    if user.is_authenticated and user.role == Role.TECHNICIAN:
        found = found.filter(technician=user)
    return found


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@dataclass(frozen=True)
class Day:
    day: date
    visits: list[Visit]


def days_of_visits(user: User, first: date, count: int = 1) -> list[Day]:
    """The user's own visits from `first` for `count` days, one entry per day (empty or
    not), soonest first; one query."""
    start = day_start(first)
    found = own_visits(user).filter(
        starts_at__gte=start, starts_at__lt=day_start(first + timedelta(days=count))
    )
    by_day: dict[date, list[Visit]] = {first + timedelta(days=n): [] for n in range(count)}
    for visit in found.select_related("case__customer", "case__contact").order_by(
        "starts_at", "id"
    ):
        by_day[timezone.localdate(visit.starts_at)].append(visit)
    return [Day(day, visits) for day, visits in by_day.items()]
