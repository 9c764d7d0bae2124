"""The schedule board: per technician and partner company and day, the visits by time,
the booked load and the slack left."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import timezone

from rightthere.field.calendars import load_calendars
from rightthere.field.models import ACTIVE_STATUSES, FieldSettings, Visit, VisitStatus
from rightthere.field.slots import Calendar, booked_minutes, periods_on, working_minutes

# The day's time scale on the board runs at least over these hours.
DAY_STARTS, DAY_ENDS = 7, 19


def hours_text(minutes: int) -> str:
    """90 -> "1 h 30 min", 60 -> "1 h", 45 -> "45 min"."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@dataclass
class PlacedVisit:
    """A visit and where it sits on the day's time scale (percent from the left)."""

    visit: Visit
    left: float
    width: float


@dataclass
class DayLoad:
    day: date
    working_minutes: int
    booked_minutes: int
    max_load: float
    visits: list[Visit] = field(default_factory=list)
    placed: list[PlacedVisit] = field(default_factory=list)

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

    @property
    def booked_text(self) -> str:
        return hours_text(self.booked_minutes)

    @property
    def working_text(self) -> str:
        return hours_text(self.working_minutes)

    @property
    def slack_text(self) -> str:
        return hours_text(self.slack_minutes)


@dataclass
class TechnicianRow:
    """One technician's (or, with kind "partner", one partner company's) days."""

    id: int
    name: str
    days: list[DayLoad]
    kind: str = "technician"


@dataclass
class Board:
    start: date
    days: list[date]
    rows: list[TechnicianRow]
    partner_visits: list[Visit]
    max_load_percent: int
    needs_rebooking: list[Visit]
    # Visits of someone with no calendar here (a technician who left or is not set up
    # for field work any more): still to be done, so they are listed, not dropped.
    unplaced: list[Visit] = field(default_factory=list)
    scale_starts: int = DAY_STARTS  # the hour the day's time scale starts
    scale_ends: int = DAY_ENDS

    @property
    def visit_count(self) -> int:
        return sum(len(d.visits) for row in self.rows for d in row.days)

    @property
    def hour_marks(self) -> list[tuple[int, float]]:
        """The hours marked on the day's time scale, each with its place (percent)."""
        span = self.scale_ends - self.scale_starts
        return [
            (hour, round(100 * (hour - self.scale_starts) / span, 2))
            for hour in range(self.scale_starts, self.scale_ends, 2)
        ]


def _scale(calendars: list[Calendar], visits: list[Visit], tz: tzinfo) -> tuple[int, int]:
    first, last = DAY_STARTS, DAY_ENDS
    for calendar in calendars:
        for periods in calendar.hours.values():
            for starts, ends in periods:
                first, last = min(first, starts.hour), max(last, ends.hour + (ends.minute > 0))
    for visit in visits:
        begins = timezone.localtime(visit.starts_at, tz)
        finishes = timezone.localtime(visit.ends_at, tz)
        first = min(first, begins.hour)
        overnight = finishes.date() > begins.date()
        last = max(last, 24 if overnight else finishes.hour + (finishes.minute > 0))
    return first, min(last, 24)


def _place(visit: Visit, day: date, scale: tuple[int, int], tz: tzinfo) -> PlacedVisit:
    origin = datetime.combine(day, time(scale[0]), tzinfo=tz)
    span = (scale[1] - scale[0]) * 60
    left = (visit.starts_at - origin).total_seconds() / 60
    width = (visit.ends_at - visit.starts_at).total_seconds() / 60
    left = min(max(0.0, left), span)
    width = min(width, span - left)
    return PlacedVisit(visit, round(100 * left / span, 2), round(100 * width / span, 2))


ON_THE_BOARD = (*ACTIVE_STATUSES, VisitStatus.DONE)


def schedule_board(start: date, days: int = 1) -> Board:
    """Every active technician's and partner company's visits and load for `days` days
    from `start` (a fixed number of queries, however many visits)."""
    tz = timezone.get_current_timezone()
    settings = FieldSettings.current()
    first = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    last = first + timedelta(days=days)
    dates = [start + timedelta(days=i) for i in range(days)]
    calendars = load_calendars(first, last, settings=settings)
    # Done visits stay on the board: the day shows what was done, and it took the time.
    visits = list(
        Visit.objects.filter(status__in=ON_THE_BOARD, starts_at__lt=last, ends_at__gt=first)
        .select_related("case", "case__customer", "technician", "partner", "skill")
        .order_by("starts_at", "id")
    )
    scale = _scale(calendars, visits, tz)
    by_doer: dict[tuple[str, int, date], list[Visit]] = {}
    for visit in visits:
        kind, doer = (
            ("technician", visit.technician_id)
            if visit.technician_id is not None
            else ("partner", visit.partner_id)
        )
        key = (kind, doer or 0, timezone.localtime(visit.starts_at, tz).date())
        by_doer.setdefault(key, []).append(visit)
    rows = []
    for calendar in sorted(calendars, key=lambda c: (c.is_partner, c.name)):
        loads = []
        for day in dates:
            periods = periods_on(calendar, day, tz)
            today = by_doer.get((calendar.kind, calendar.id, day), [])
            working = working_minutes(periods) * calendar.crews
            loads.append(
                DayLoad(
                    day=day,
                    working_minutes=int(working),
                    booked_minutes=int(booked_minutes(
                        [(v.starts_at, v.ends_at) for v in today], periods
                    )),
                    max_load=calendar.max_load,
                    visits=today,
                    placed=[_place(v, day, scale, tz) for v in today],
                )
            )  # fmt: skip
        rows.append(TechnicianRow(calendar.id, calendar.name, loads, kind=calendar.kind))
    placed = {(row.kind, row.id) for row in rows}
    unplaced = [
        v for v in visits
        if (("technician", v.technician_id) if v.technician_id else ("partner", v.partner_id))
        not in placed
    ]  # fmt: skip
    return Board(
        unplaced=unplaced,
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
        scale_starts=scale[0],
        scale_ends=scale[1],
    )
