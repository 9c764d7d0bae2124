"""A doer's own visits, day by day: My day (today, tomorrow, the week) and their calendar feed.

A technician's own visits are those they go to; a subcontractor's, those handed to their
company. Owners and agents do not go to visits: their day is everyone's (`visible_visits`).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from rightthere.accounts.models import Role, User
from rightthere.field.access import visible_visits
from rightthere.field.models import DayMessageKind, Visit, VisitDayMessage, VisitStatus

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
    told = VisitDayMessage.objects.filter(visit=OuterRef("pk"), kind=DayMessageKind.ON_MY_WAY)
    found = found.annotate(
        told_at=Subquery(told.order_by("-sent_at", "-id").values("sent_at")[:1])
    )  # when the customer was told "On my way" (shown with "On the way")
    for visit in found.select_related("case__customer", "case__contact").order_by(
        "starts_at", "id"
    ):
        by_day[timezone.localdate(visit.starts_at)].append(visit)
    return [Day(day, visits) for day, visits in by_day.items()]


TO_DO = (VisitStatus.TENTATIVE, VisitStatus.CONFIRMED, VisitStatus.ON_THE_WAY)
# A visit still counts as the next one this long after its window ends ("On my way" is
# taken until half an hour after it).
NEXT_UNTIL_AFTER = timedelta(minutes=30)


def next_visit(days: list[Day], now: datetime) -> Visit | None:
    """Today's first visit not yet done, missed or cancelled whose time is not long over
    (one forgotten this morning does not hide the next): the one My day offers "On my way"
    and "Running late" for (the others are a tap away)."""
    today = timezone.localdate(now)
    for day in days:
        if day.day == today:
            return next((v for v in day.visits if v.status in TO_DO
                         and v.ends_at + NEXT_UNTIL_AFTER > now), None)  # fmt: skip
    return None
