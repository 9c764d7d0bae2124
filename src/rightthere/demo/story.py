"""Play one demo case from first contact to where it stands today.

A case's story is a list of steps (reply, note, assignment, status change),
each done through the case actions by the person who would really do it,
at a plausible moment: staff work in office hours, customers write whenever,
and a visit happens on the day the customer was promised. The status the
case should end in decides how much of the story is written; the clock
decides how much of it has happened by now.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from rightthere.accounts.models import Team, User
from rightthere.cases.models import Case, Direction, Priority, Status
from rightthere.customers.models import Contact, Customer
from rightthere.demo.clock import (
    clock_at,
    next_working_time,
    spoken_day,
    waking_time,
    working_day_after,
)
from rightthere.demo.topic import Topic, Variant
from rightthere.desk import casework, messages, opening
from rightthere.promises.actions import keep_promise
from rightthere.promises.models import Promise, PromiseSource, PromiseState

VISIT_HOURS = (8, 10, 12, 14)  # start of the two-hour windows offered to customers
FIRST_REPLY_MINUTES = {
    Priority.URGENT: (3, 20),
    Priority.HIGH: (5, 45),
    Priority.NORMAL: (10, 150),
    Priority.LOW: (30, 400),
}
# How far each status gets through the story (see `Story._steps`).
STAGES: dict[str, int] = {
    Status.NEW: 0,
    Status.OPEN: 1,
    Status.WAITING_CUSTOMER: 2,
    Status.WAITING_US: 3,
    Status.SOLVED: 4,
    Status.CLOSED: 5,
}


@dataclass(frozen=True)
class CasePlan:
    topic: Topic
    variant: Variant
    customer: Customer
    contact: Contact
    opened_at: datetime
    channel: str
    priority: str
    status: str  # where the case stands today
    handler: User  # who does the work: a technician, sam, an agent or the owner
    desk: User  # who writes to the customer
    technician: User  # who goes out, as far as the customer is told
    intake: User | None  # who took the phone call; None when it came in by itself
    team: Team
    assign_at_open: bool = False
    escalate: bool = False
    late_first_reply: bool = False
    thanks: bool = True


@dataclass(frozen=True)
class Step:
    minutes: float  # after the previous step
    run: Callable[[Case, datetime], Case]
    staff: bool = True  # done in office hours
    promises_visit: bool = False  # tells the customer the day of the visit
    on_visit_day: bool = False  # happens on the day promised


def _first_name(name: str) -> str:
    words = [w for w in name.split() if w.rstrip(".") not in ("Dr", "Mr", "Mrs", "Ms", "Miss")]
    return words[0] if words else name


class _Blanks(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


class Story:
    def __init__(self, plan: CasePlan, rng: random.Random) -> None:
        self.plan = plan
        self.rng = rng
        # Working days from a promise to the visit: urgent work is done the next day.
        urgent = plan.priority in (Priority.URGENT, Priority.HIGH)
        self.lead_days = 1 if urgent else rng.randint(1, 3)
        self.visit_hour = rng.choice(VISIT_HOURS)
        self.last_customer_words = ""
        facts = {**plan.topic.facts, **plan.variant.facts}
        self.facts = _Blanks({key: rng.choice(values) for key, values in facts.items()})
        self.facts.update(
            first=_first_name(plan.contact.name),
            customer=plan.customer.name,
            agent=plan.desk.first_name,
            tech=plan.technician.first_name,
            window=f"{self.visit_hour:02d}:00 and {self.visit_hour + 2:02d}:00",
        )
        for key, value in list(self.facts.items()):
            self.facts[key.capitalize()] = value[:1].upper() + value[1:]

    def text(self, wordings: tuple[str, ...], at: datetime) -> str:
        facts = _Blanks(self.facts)
        facts["day"] = spoken_day(working_day_after(at, self.lead_days))
        facts["soon"] = f"{timezone.localtime(at + timedelta(minutes=90)):%H:%M}"
        text = self.rng.choice(wordings).format_map(facts)
        # Facts may themselves have blanks (a whole opening message as a fact).
        return text.format_map(facts) if "{" in text else text

    def say(self, step: str, at: datetime) -> str:
        return self.text(self.plan.topic.wordings(self.plan.variant, step), at)

    def play(self, now: datetime) -> Case:
        plan = self.plan
        with clock_at(plan.opened_at):
            case = opening.open_case(
                actor=plan.intake,
                subject=self.text((plan.variant.subject,), plan.opened_at),
                customer=plan.customer,
                contact=plan.contact,
                channel=plan.channel,
                kind=plan.topic.kind,
                priority=plan.priority,
                assignee=plan.handler if plan.assign_at_open else None,
                team=plan.team,
                tags=plan.topic.tags,
                body_text=self._opening(),
                direction=Direction.INBOUND,
                opened_at=plan.opened_at,
            )
        steps = self._steps()
        for step, at in zip(steps, self._schedule(steps), strict=True):
            if at > now:
                break  # the rest of the story has not happened yet
            with clock_at(at):
                case = step.run(case, at)
        return case

    def _opening(self) -> str:
        text = self.text((self.plan.variant.opening,), self.plan.opened_at)
        if self.plan.intake is None:
            return text
        # A phone call is written down by whoever took it.
        return f"Phone call from {self.plan.contact.name}, noted by {self.plan.intake.first_name}:\n\n{text}"

    def _visit(self, promised_at: datetime) -> datetime:
        day = timezone.localtime(working_day_after(promised_at, self.lead_days))
        start = day.replace(hour=self.visit_hour, minute=0, second=0, microsecond=0)
        return start + timedelta(minutes=self.rng.uniform(10, 110))

    def _schedule(self, steps: list[Step]) -> list[datetime]:
        moments = []
        at = self.plan.opened_at
        visit: datetime | None = None
        for step in steps:
            at += timedelta(minutes=step.minutes)
            if step.staff:
                at = next_working_time(at, extra_minutes=self.rng.uniform(2, 40))
            else:
                at = waking_time(at, self.rng.uniform(0, 120))
            if step.on_visit_day:
                at = visit if visit is not None and visit > at else self._visit(at)
                visit = None
            moments.append(at)
            if step.promises_visit:
                visit = self._visit(at)
        return moments

    def _steps(self) -> list[Step]:
        plan, rng = self.plan, self.rng

        def has(step: str) -> bool:
            return bool(plan.topic.wordings(plan.variant, step))

        stage = STAGES[plan.status]
        steps: list[Step] = []
        if not plan.assign_at_open:
            steps.append(Step(rng.uniform(5, 60), self._assign))
        if plan.escalate:
            steps.append(Step(rng.uniform(5, 60), self._escalate))
        if stage == 0:
            return steps
        low, high = FIRST_REPLY_MINUTES[Priority(plan.priority)]
        delay = rng.uniform(1.5, 3) * 24 * 60 if plan.late_first_reply else rng.uniform(low, high)
        steps.append(Step(delay, self._write("first_reply"), promises_visit=plan.topic.visit))
        if stage == 1:
            return steps
        if has("question") and (stage == 2 or rng.random() < plan.topic.asks):
            steps.append(Step(rng.uniform(2, 40), self._write("question")))
            steps.append(Step(1, self._wait_on_customer))
            if stage == 2:
                return steps
            steps.append(Step(rng.uniform(60, 1500), self._customer("answer"), staff=False))
        if has("wait_note") and (stage == 3 or rng.random() < 0.35):
            steps.append(Step(60, self._note("wait_note"), on_visit_day=plan.topic.visit))
            steps.append(Step(2, self._wait_on_us))
            if has("promise"):
                steps.append(Step(rng.uniform(5, 30), self._write("promise"), promises_visit=True))
            if stage == 3:
                return steps
        if has("work_note"):
            steps.append(
                Step(rng.uniform(60, 600), self._note("work_note"), on_visit_day=plan.topic.visit)
            )
        steps.append(Step(1, self._keep_promises))
        steps.append(Step(rng.uniform(30, 240), self._write("resolution")))
        if has("thanks") and plan.thanks:
            steps.append(Step(rng.uniform(60, 1440), self._customer("thanks"), staff=False))
        closer = plan.handler if rng.random() < 0.3 else plan.desk
        steps.append(Step(rng.uniform(5, 120), self._status(Status.SOLVED, closer)))
        if stage == 5:
            steps.append(Step(rng.uniform(3, 7) * 24 * 60, self._status(Status.CLOSED, plan.desk)))
        return steps

    def _assign(self, case: Case, at: datetime) -> Case:
        return casework.assign_case(case, actor=self.plan.desk, assignee=self.plan.handler)

    def _escalate(self, case: Case, at: datetime) -> Case:
        higher = {Priority.LOW: Priority.NORMAL, Priority.NORMAL: Priority.HIGH}
        priority = higher.get(Priority(case.priority), Priority.URGENT)
        return casework.change_priority(case, actor=self.plan.desk, priority=priority)

    def _message(
        self, step: str, author: User | None, direction: str
    ) -> Callable[[Case, datetime], Case]:
        def run(case: Case, at: datetime) -> Case:
            text = self.say(step, at)
            if author is None:
                self.last_customer_words = text
            messages.add_message(
                case,
                actor=author,
                direction=direction,
                author_contact=self.plan.contact if author is None else None,
                body_text=text,
                at=at,
            )
            return case  # stale, but every action re-reads the case under a lock

        return run

    def _write(self, step: str) -> Callable[[Case, datetime], Case]:
        return self._message(step, self.plan.desk, Direction.OUTBOUND)

    def _note(self, step: str) -> Callable[[Case, datetime], Case]:
        return self._message(step, self.plan.handler, Direction.NOTE)

    def _customer(self, step: str) -> Callable[[Case, datetime], Case]:
        return self._message(step, None, Direction.INBOUND)

    def _wait_on_customer(self, case: Case, at: datetime) -> Case:
        return casework.change_status(
            case,
            actor=self.plan.desk,
            status=Status.WAITING_CUSTOMER,
            waiting_reason=self.plan.topic.waiting_on_customer,
        )

    def _wait_on_us(self, case: Case, at: datetime) -> Case:
        """Name what we wait for, and promise the customer a day (the promise step says it)."""
        day = timezone.localtime(working_day_after(at, self.lead_days))
        due = day.replace(hour=self.visit_hour + 2, minute=0, second=0, microsecond=0)
        return casework.change_status(
            case,
            actor=self.plan.handler,
            status=Status.WAITING_US,
            waiting_reason=self.plan.topic.waiting_on_us,
            promise_due=due,
            promise_what=self.plan.topic.promise_what.format_map(self.facts),
        )

    def _keep_promises(self, case: Case, at: datetime) -> Case:
        """The work is done: what we promised while waiting on us is kept."""
        for promise in Promise.objects.filter(case=case, state=PromiseState.OPEN).exclude(
            source=PromiseSource.FIRST_RESPONSE
        ):
            keep_promise(promise, actor=self.plan.handler, now=at)
        return case

    def _status(self, status: str, actor: User) -> Callable[[Case, datetime], Case]:
        def run(case: Case, at: datetime) -> Case:
            return casework.change_status(case, actor=actor, status=status)

        return run
