"""The schedule board: per technician and day, visits, booked load and remaining slack."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from rightthere.field.calendars import load_calendars
from rightthere.field.models import ACTIVE_STATUSES, FieldSettings, Visit
from rightthere.field.slots import booked_minutes, periods_on, working_minutes


@dataclass
class DayLoad:
    day: date
    working_minutes: int
    booked_minutes: int
    max_load: float
    visits: list[Visit] = field(default_factory=list)

    @property
    def load_percent(self) -> int | None:
        if not self.working_minutes:
            return None if not self.booked_minutes else 999
        return round(100 * self.booked_minutes / self.working_minutes)

    @property
    def slack_minutes(self) -> int:
        """Working time still free of visits."""
        return max(0, self.working_minutes - self.booked_minutes)

    @property
    def bookable_minutes(self) -> int:
        """What may still be booked without going over the maximum load."""
        return max(0, int(self.working_minutes * self.max_load) - self.booked_minutes)

    @property
    def overloaded(self) -> bool:
        return self.booked_minutes > self.working_minutes * self.max_load + 1e-9


@dataclass
class TechnicianRow:
    id: int
    name: str
    days: list[DayLoad]


@dataclass
class Board:
    start: date
    days: list[date]
    rows: list[TechnicianRow]
    partner_visits: list[Visit]
    max_load_percent: int
    needs_rebooking: list[Visit]


def schedule_board(start: date, days: int = 1) -> Board:
    """Every active technician's load for `days` days from `start` (a few queries)."""
    tz = timezone.get_current_timezone()
    settings = FieldSettings.current()
    first = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    last = first + timedelta(days=days)
    dates = [start + timedelta(days=i) for i in range(days)]
    calendars = load_calendars(first, last, settings=settings, partners=False)
    visits = list(
        Visit.objects.filter(status__in=ACTIVE_STATUSES, starts_at__lt=last, ends_at__gt=first)
        .select_related("case", "technician", "partner", "skill")
        .order_by("starts_at", "id")
    )
    by_doer: dict[tuple[int, date], list[Visit]] = {}
    for visit in visits:
        if visit.technician_id is not None:
            key = (visit.technician_id, timezone.localtime(visit.starts_at, tz).date())
            by_doer.setdefault(key, []).append(visit)
    rows = []
    for calendar in sorted(calendars, key=lambda c: c.name):
        loads = []
        for day in dates:
            periods = periods_on(calendar, day, tz)
            today = by_doer.get((calendar.id, day), [])
            loads.append(
                DayLoad(
                    day=day,
                    working_minutes=int(working_minutes(periods)),
                    booked_minutes=int(booked_minutes(
                        [(v.starts_at, v.ends_at) for v in today], periods
                    )),
                    max_load=calendar.max_load,
                    visits=today,
                )
            )  # fmt: skip
        rows.append(TechnicianRow(calendar.id, calendar.name, loads))
    return Board(
        start=start,
        days=dates,
        rows=rows,
        partner_visits=[v for v in visits if v.partner_id is not None],
        max_load_percent=settings.max_load_percent,
        needs_rebooking=list(
            Visit.objects.filter(status__in=ACTIVE_STATUSES, needs_rebooking=True).select_related(
                "case", "technician", "partner"
            )
        ),
    )
