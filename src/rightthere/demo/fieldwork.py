"""The demo's visits: a month of finished ones behind the Quality page, and this week's
on the schedule board and the technicians' My day.

Every visit is booked, set off, finished or sent back for a part through the desk's use
cases (`desk.visits`), by the person who would do it, at the moment they would have
done it (the clock is set back while they do), so the case timeline, the promises, the
customer's mail with its calendar invite and the part orders are the real thing. Times
are chosen relative to `now`: today's visits for Tom, one tomorrow, one for the partner
company, a part due tomorrow and one that is late, and a visit that needed a return.
"""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from rightthere.accounts.models import Role, User
from rightthere.cases.models import Case, Kind, Status
from rightthere.core.errors import InvalidInput
from rightthere.demo.cast import Cast
from rightthere.demo.clock import clock_at, next_working_time
from rightthere.demo.field import DAY, WEEKDAYS, Periods, rota, working_days
from rightthere.desk import casework
from rightthere.desk import part_orders as desk_part_orders
from rightthere.desk import visits as desk_visits
from rightthere.field import visits as field_visits
from rightthere.field.booking import ChosenSlot
from rightthere.field.models import Outcome, Part, ReturnReason, RootCause, Visit, VisitStatus
from rightthere.timetracking.actions import add_entry

OPEN = (Status.NEW, Status.OPEN, Status.WAITING_US, Status.WAITING_CUSTOMER)
DONE = (Status.SOLVED, Status.CLOSED)
HISTORY_DAYS = 30
HISTORY_VISITS = 16  # cases with a visit in the last month (seeding time)
FIXED_NOTES = (
    "Replaced the faulty part and tested; all working.",
    "Fixed and tested with the customer; left the area clean.",
    "Bled the system and reset the pressure; running fine.",
    "Cleared the blockage and checked the flow; no leaks.",
)


@dataclass
class Cases:
    """Cases to hang visits on, each used once, oldest first."""

    desk: User
    now: datetime
    used: set[int] = field(default_factory=set)

    def take(self, user: User, statuses: Iterable[str], before: datetime) -> Case | None:
        """The first unused case of `user` in those statuses opened before `before`
        (repairs first); else an unassigned repair, or a technician's (overflow for the
        partner), which the desk gives them first."""
        found = (
            Case.objects.filter(status__in=statuses, created_at__lt=before)
            .exclude(kind__in=(Kind.COMPLAINT, Kind.QUESTION))  # nothing to visit for
            .exclude(pk__in=self.used)
            .order_by("created_at")
        )
        repairs = found.filter(kind=Kind.REPAIR)
        case = (
            repairs.filter(assignee=user).first()
            or found.filter(assignee=user).first()
            or repairs.filter(assignee=None).first()
            or repairs.filter(assignee__role=Role.TECHNICIAN).exclude(assignee=user).last()
            or found.filter(assignee=None).first()
            or found.filter(assignee__role=Role.TECHNICIAN).exclude(assignee=user).last()
        )
        if case is None:
            return None
        self.used.add(case.pk)
        if case.assignee_id != user.pk:
            at = max(
                case.created_at + timedelta(minutes=10), min(before, self.now) - timedelta(hours=21)
            )
            with clock_at(at):
                case = casework.assign_case(case, actor=self.desk, assignee=user)
        return case


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _first_fit(book: Callable[[datetime], Visit], starts: Iterable[datetime]) -> Visit | None:
    """The first start the slot rules allow (a demo day can be full)."""
    for start in starts:
        try:
            with transaction.atomic():
                return book(start)
        except InvalidInput:
            continue
    return None


def _book(
    case: Case, booker: User, doer: User, starts_at: datetime, minutes: int, at: datetime
) -> Visit:
    partner = doer.partner if doer.partner_id else None
    with clock_at(at):
        return desk_visits.book_visit(
            case,
            actor=booker,
            starts_at=starts_at,
            duration_minutes=minutes,
            technician=None if partner else doer,
            partner=partner,
            now=at,
        )


def _booking_moment(case: Case, starts_at: datetime, now: datetime) -> datetime | None:
    """The day before, or soon after the case came in; None when there was no time."""
    base = min(starts_at, now)
    at = max(case.created_at + timedelta(minutes=25), base - timedelta(hours=20))
    return at if at < base - timedelta(minutes=30) else None


def _set_off(visit: Visit, who: User, at: datetime) -> None:
    with clock_at(at):
        field_visits.set_visit_status(visit, actor=who, status=VisitStatus.ON_THE_WAY, now=at)


def _confirm(visit: Visit, who: User, at: datetime) -> None:
    with clock_at(at):
        field_visits.set_visit_status(visit, actor=who, status=VisitStatus.CONFIRMED, now=at)


def _fixed(visit: Visit, who: User, at: datetime, note: str) -> None:
    """Fixed: the outcome, and the time on the visit on the technician's time sheet."""
    with clock_at(at):
        desk_visits.record_visit_outcome(visit, actor=who, outcome=Outcome.FIXED, note=note, now=at)
        add_entry(who, visit.case, started_at=visit.starts_at, ended_at=at, visit=visit,
                  note="Visit", now=at)  # fmt: skip


def hours_of(user: User) -> dict[int, Periods]:
    """When a technician works (their rota), or a partner company (weekdays)."""
    if user.partner_id is not None:
        return dict.fromkeys(WEEKDAYS, DAY)
    return rota(user.username).hours


def _live(visit: Visit, who: User, now: datetime, rng: random.Random) -> None:
    """Where a visit stands now: done, under way, or confirmed by its technician."""
    if visit.ends_at <= now:
        _set_off(visit, who, visit.starts_at - timedelta(minutes=20))
        _fixed(visit, who, visit.ends_at - timedelta(minutes=5), rng.choice(FIXED_NOTES))
    elif visit.starts_at - timedelta(minutes=20) <= now:
        _set_off(visit, who, visit.starts_at - timedelta(minutes=20))
    else:
        _confirm(visit, who, min(visit.created_at + timedelta(hours=1), now))


class Fieldwork:
    def __init__(self, cast: Cast, rng: random.Random, now: datetime) -> None:
        self.cast, self.rng, self.now = cast, rng, now
        self.today = timezone.localdate(now)
        self.cases = Cases(desk=cast.agents[0], now=now)
        self.people = {u.username: u for u in (*cast.technicians, cast.subcontractor)}

    def booker(self) -> User:
        return self.rng.choice(self.cast.agents)

    def visit(
        self, who: str, statuses: Iterable[str], starts: Iterable[datetime], minutes: int
    ) -> Visit | None:
        """Book a visit for `who` on one of their cases at the first start that fits."""
        person = self.people[who]
        starts = list(starts)
        # Booked at least half an hour after the case came in and before the visit or now
        # (`_booking_moment`): a case opened in the last hour cannot have a visit yet.
        before = min(*starts, self.now) - timedelta(hours=1)
        case = self.cases.take(person, statuses, before=before)
        if case is None:
            return None
        booker = self.booker()

        def book(start: datetime) -> Visit:
            at = _booking_moment(case, start, self.now)
            if at is None:
                raise InvalidInput("no time to book it")
            return _book(case, booker, person, start, minutes, at)

        return _first_fit(book, starts)

    # -- the last month, for the Quality page ------------------------------------------

    def history(self) -> None:
        """Visits on repairs solved in the last month: most fixed first time, two not."""
        returns = [
            (ReturnReason.WRONG_PART, RootCause.OFFICE, "DV-2210",
             "The diverter valve on the van was for the older model; the order had the "
             "wrong boiler. Ordered the right one."),
            (ReturnReason.MISSING_PART, RootCause.DIAGNOSIS, "EXV-8",
             "The expansion vessel has failed as well, not only the valve; we did not "
             "bring one."),
        ]  # fmt: skip
        start = self.now - timedelta(days=HISTORY_DAYS)
        solved = (
            Case.objects.filter(
                assignee__in=[*self.cast.technicians, self.cast.subcontractor],
                status__in=DONE,
                kind=Kind.REPAIR,
                created_at__gte=start,
                solved_at__lt=self.now - timedelta(days=1),
            )
            .select_related("assignee")
            .order_by("created_at")
        )
        for case in list(solved)[::2]:  # every other one, spread over the month
            technician = case.assignee
            assert technician is not None and case.solved_at is not None
            days = working_days(hours_of(technician), timezone.localdate(
                case.created_at) + timedelta(days=1), 2)  # fmt: skip
            hours = self.rng.sample((9, 10, 11, 13, 14), 3)
            starts = [local(day, hour) for day in days for hour in hours]
            enough = case.solved_at - case.created_at > timedelta(days=4) and (
                case.created_at < self.now - timedelta(days=10)
            )
            if returns and enough and technician.partner_id is None:
                self._history_return(case, technician, starts, *returns.pop(0))
                continue
            if len(self.cases.used) >= HISTORY_VISITS:
                break
            late = [s for s in starts if s + timedelta(hours=2) < case.solved_at]
            visit = self._history_visit(case, technician, late)
            if visit is not None:
                _fixed(visit, technician, visit.ends_at - timedelta(minutes=10),
                       self.rng.choice(FIXED_NOTES))  # fmt: skip

    def _history_visit(self, case: Case, technician: User, starts: list[datetime]) -> Visit | None:
        at = next_working_time(case.created_at + timedelta(minutes=self.rng.uniform(20, 90)))
        booker = self.booker()
        self.cases.used.add(case.pk)
        return _first_fit(
            lambda start: _book(case, booker, technician, start, 90, at),
            (start for start in starts if start > at + timedelta(hours=1)),
        )

    def _history_return(
        self, case: Case, technician: User, starts: list[datetime],
        reason: str, cause: str, sku: str, note: str,
    ) -> None:  # fmt: skip
        """Return needed: the part is ordered and the return booked on the spot; the part
        comes in, the return visit fixes it."""
        final = case.status
        visit = self._history_visit(case, technician, starts)
        if visit is None:
            return
        done = visit.ends_at - timedelta(minutes=10)
        arrival = local(timezone.localdate(done) + timedelta(days=1), 11)
        returned = self._return(visit, technician, done, reason, cause, sku, note, arrival)
        if returned is None:
            return
        order = returned.waits_for
        assert order is not None
        with clock_at(arrival):
            desk_part_orders.receive_part(order, actor=self.cast.agents[0], now=arrival)
        if returned.ends_at >= self.now:
            return
        _fixed(returned, technician, returned.ends_at - timedelta(minutes=5),
               "Fitted the part that came in; tested and working.")  # fmt: skip
        # Waiting for the part reopened the case; the desk solves it again (and closes it).
        with clock_at(returned.ends_at + timedelta(minutes=40)):
            for status in (Status.SOLVED, Status.CLOSED)[: DONE.index(final) + 1]:
                casework.change_status(case, actor=self.cast.agents[0], status=status)

    def _return(
        self, visit: Visit, who: User, at: datetime, reason: str, cause: str, sku: str,
        note: str, arrival: datetime, not_before: datetime | None = None,
    ) -> Visit | None:  # fmt: skip
        """Record "return needed" and book the return with the part, on the spot."""
        with clock_at(at):
            desk_visits.record_visit_outcome(visit, actor=who, outcome=Outcome.RETURN_NEEDED,
                                             return_reason=reason, root_cause=cause, note=note,
                                             now=at)  # fmt: skip
        part = Part.objects.get(sku=sku)
        hours = hours_of(who)
        earliest = max(arrival + timedelta(hours=5), not_before or arrival)
        first = timezone.localdate(earliest)
        starts = [local(day, hour) for day in working_days(hours, first, 4) for hour in (10, 14, 9)]
        for start in starts:
            if start < earliest:
                continue
            try:
                with transaction.atomic(), clock_at(at):
                    booked = desk_visits.book_return(
                        visit, actor=who, part=part, expected_arrival=arrival,
                        slot=ChosenSlot("technician", who.pk, start), now=at,
                    )  # fmt: skip
            except InvalidInput:
                continue
            # `book_return` renegotiated the visit's promise to the return, agreed on the spot.
            return booked.visit
        return None

    # -- this week, on the board and on My day ----------------------------------------

    def this_week(self) -> None:
        today, now = self.today, self.now
        weekend = today.weekday() not in WEEKDAYS
        # Tom: a day of visits today (done, under way or to come), one tomorrow.
        slots = ((9, 0, 60), (10, 30, 60), (12, 0, 60)) if weekend else (
            (8, 30, 90), (11, 0, 90), (14, 0, 90))  # fmt: skip
        tom = self.people["tom"]
        for hour, minute, minutes in slots:
            visit = self.visit("tom", OPEN, [local(today, hour, minute)], minutes)
            if visit is not None:
                _live(visit, tom, now, self.rng)
        tomorrow = today + timedelta(days=1)
        hour = 9 if tomorrow.weekday() not in WEEKDAYS else 10
        visit = self.visit("tom", OPEN, [local(tomorrow, hour, 30)], 60)
        if visit is not None:
            _confirm(visit, tom, min(visit.created_at + timedelta(hours=2), now))
        self._returns_this_week()
        # The partner company: today when it is a weekday, and its next working day.
        sam = self.people["sam"]
        if not weekend:
            visit = self.visit("sam", OPEN, [local(today, 10), local(today, 14)], 120)
            if visit is not None:
                _live(visit, sam, now, self.rng)
        days = working_days(dict.fromkeys(WEEKDAYS, ()), tomorrow, 2)
        self.visit("sam", OPEN, [local(day, h) for day in days for h in (10, 13)], 120)
        # Tara and Theo: a visit done this week and two to come.
        for who in ("tara", "theo"):
            person = self.people[who]
            hours = rota(who).hours
            past = working_days(hours, today - timedelta(days=1), 1, step=-1)[0]
            visit = self.visit(who, OPEN + DONE, [local(past, 9), local(past, 13)], 90)
            if visit is not None:
                _live(visit, person, now, self.rng)
            for _ in range(2):
                days = working_days(hours, tomorrow, 4)
                starts = [local(day, h) for day in days for h in (9, 13, 11)]
                self.visit(who, OPEN, starts, 90)

    def _returns_this_week(self) -> None:
        """Tom needed a part yesterday (due tomorrow); Tara's came wrong, and the right one
        is late."""
        today, tom, tara = self.today, self.people["tom"], self.people["tara"]
        yesterday = today - timedelta(days=1)
        visit = self.visit("tom", OPEN, [local(yesterday, 9), local(yesterday, 11)], 90)
        if visit is not None:
            _set_off(visit, tom, visit.starts_at - timedelta(minutes=15))
            self._return(
                visit, tom, visit.ends_at - timedelta(minutes=10), ReturnReason.WRONG_PART,
                RootCause.OFFICE, "PCB-77",
                "The control board we had on order is for the combi model; this is a system "
                "boiler. Ordered the right board.",
                local(today + timedelta(days=1), 12),
            )  # fmt: skip
        hours = rota("tara").hours
        three_back = working_days(hours, today - timedelta(days=1), 3, step=-1)
        visit = self.visit("tara", OPEN, [local(three_back[-1], 9), local(three_back[-1], 13)], 90)
        if visit is None:
            return
        _set_off(visit, tara, visit.starts_at - timedelta(minutes=15))
        returned = self._return(
            visit, tara, visit.ends_at - timedelta(minutes=10), ReturnReason.MISSING_PART,
            RootCause.DIAGNOSIS, "RCD-40",
            "The RCD itself is failing, not only the circuit; ordered a 40A one.",
            local(three_back[1], 10), not_before=self.now + timedelta(days=1),
        )  # fmt: skip
        order = returned.waits_for if returned is not None else None
        if order is None:
            return
        # The wholesaler sent the wrong rating and promised the right one for the last
        # working day: it has not come (the part is late; the return is still ahead).
        at = local(three_back[1], 11)
        with clock_at(at):
            desk_part_orders.change_part_order(order, actor=self.cases.desk, wrong_part=True,
                                               root_cause=RootCause.VENDOR,
                                               expected_arrival=local(three_back[0], 10),
                                               now=at)  # fmt: skip


def seed_fieldwork(cast: Cast, rng: random.Random, now: datetime) -> None:
    work = Fieldwork(cast, rng, now)
    work.history()
    work.this_week()
