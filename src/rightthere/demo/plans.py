"""Decide what the demo's cases are: who asked what, when, and where each
case stands today. Old cases are mostly solved or closed; recent ones are
new, open or waiting; a few old ones were left open and are now overdue."""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.models import Channel, Kind, Priority, Status
from rightthere.demo.cast import Cast
from rightthere.demo.clock import is_working_time, next_working_time
from rightthere.demo.customers import SeededCustomer
from rightthere.demo.story import CasePlan
from rightthere.demo.topic import Topic, Variant
from rightthere.demo.topics_office import OFFICE_TOPICS
from rightthere.demo.topics_repairs import REPAIR_TOPICS

TOPICS = REPAIR_TOPICS + OFFICE_TOPICS
HISTORY_DAYS = 90

# Where a case stands today, by how many days ago it was opened.
STATUS_BY_AGE: tuple[tuple[int, dict[str, int]], ...] = (
    (2, {Status.NEW: 30, Status.OPEN: 30, Status.WAITING_US: 12, Status.WAITING_CUSTOMER: 10,
         Status.SOLVED: 18}),
    (7, {Status.NEW: 6, Status.OPEN: 18, Status.WAITING_US: 16, Status.WAITING_CUSTOMER: 14,
         Status.SOLVED: 46}),
    (21, {Status.OPEN: 3, Status.WAITING_US: 4, Status.WAITING_CUSTOMER: 4, Status.SOLVED: 59,
          Status.CLOSED: 30}),
    (HISTORY_DAYS + 1, {Status.OPEN: 1, Status.WAITING_US: 1, Status.WAITING_CUSTOMER: 1,
                        Status.SOLVED: 14, Status.CLOSED: 83}),
)  # fmt: skip
CHANNELS: dict[str, int] = {Channel.EMAIL: 45, Channel.PHONE: 30, Channel.WEB: 25}
COMPLAINT_CHANNELS: dict[str, int] = {Channel.EMAIL: 50, Channel.PHONE: 35, Channel.REVIEW: 15}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plan_cases(
    rng: random.Random, cast: Cast, customers: Sequence[SeededCustomer], count: int, now: datetime
) -> list[CasePlan]:
    plans = [_plan_case(rng, cast, customers, now) for _ in range(count)]
    return sorted(plans, key=lambda plan: plan.opened_at)


def _opened_at(rng: random.Random, now: datetime, channel: str) -> datetime:
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    days = list(range(HISTORY_DAYS))
    # Weekdays are busier, and the last week has more going on than a quiet spell in the past.
    weights = [
        (3 if (today - timedelta(days=d)).weekday() < 5 else 1) * (2 if d < 7 else 1) for d in days
    ]
    day = today - timedelta(days=rng.choices(days, weights=weights)[0])
    moment = day + timedelta(minutes=rng.uniform(7 * 60, 22 * 60))
    if channel in (Channel.PHONE, Channel.INTERNAL) and not is_working_time(moment):
        moment = next_working_time(moment, extra_minutes=rng.uniform(0, 8 * 60))
    if moment > now - timedelta(minutes=10):
        moment = now - timedelta(minutes=rng.uniform(10, 6 * 60))
    return moment.replace(second=0, microsecond=0)


def _status(rng: random.Random, topic: Topic, variant: Variant, age_days: float) -> str:
    weights = next(w for limit, w in STATUS_BY_AGE if age_days < limit)
    status = _pick(rng, weights)
    asks = topic.wordings(variant, "question") or topic.recovery_options
    if status == Status.WAITING_CUSTOMER and not asks:
        return Status.OPEN
    if status == Status.WAITING_US and not topic.wordings(variant, "wait_note"):
        return Status.OPEN
    if status == Status.SOLVED and topic.visit and age_days < 2:
        return Status.OPEN  # the visit has not happened yet
    return status


def _people(rng: random.Random, cast: Cast, topic: Topic) -> tuple[User, User, User]:
    """Who does the work, who writes to the customer, and who goes out."""
    desk = rng.choice(cast.agents) if rng.random() < 0.85 else cast.owner
    technician = rng.choices(cast.technicians, weights=(4, 4, 3))[0]
    if topic.handler == "technician":
        if topic.overflow and rng.random() < 0.18:
            return cast.subcontractor, desk, cast.subcontractor
        return technician, desk, technician
    if topic.handler == "owner" and rng.random() < 0.7:
        return cast.owner, cast.owner, technician
    return desk, desk, technician


def _customer(
    rng: random.Random, customers: Sequence[SeededCustomer], topic: Topic
) -> SeededCustomer:
    if topic.department:
        return next(c for c in customers if c.demo.name == topic.department)
    candidates = [
        c
        for c in customers
        if not c.demo.department and (c.demo.name in topic.customers or not topic.customers)
    ]
    return rng.choices(candidates, weights=[c.demo.weight for c in candidates])[0]


def _plan_case(
    rng: random.Random, cast: Cast, customers: Sequence[SeededCustomer], now: datetime
) -> CasePlan:
    topic = rng.choices(TOPICS, weights=[t.weight for t in TOPICS])[0]
    variant = rng.choice(topic.variants)
    seeded = _customer(rng, customers, topic)
    contact = rng.choices(
        seeded.contacts, weights=[3] + [1] * (len(seeded.contacts) - 1)
    )[0]  # fmt: skip
    channel: str
    if topic.internal:
        channel = Channel.INTERNAL
    else:
        channel = _pick(rng, COMPLAINT_CHANNELS if topic.kind == Kind.COMPLAINT else CHANNELS)
    opened_at = _opened_at(rng, now, channel)
    if channel == Channel.PHONE and not is_working_time(opened_at):
        channel = Channel.EMAIL  # too recent to have been a call in office hours
    handler, desk, technician = _people(rng, cast, topic)
    priority = _pick(rng, topic.priorities)
    in_field = handler in cast.technicians or handler == cast.subcontractor
    return CasePlan(
        topic=topic,
        variant=variant,
        customer=seeded.customer,
        contact=contact,
        opened_at=opened_at,
        channel=channel,
        priority=priority,
        status=_status(rng, topic, variant, (now - opened_at).total_seconds() / 86400),
        handler=handler,
        desk=desk,
        technician=technician,
        intake=desk if channel == Channel.PHONE else None,
        team=cast.field if in_field else cast.front_desk,
        assign_at_open=channel == Channel.PHONE and rng.random() < 0.5,
        escalate=priority != Priority.URGENT and rng.random() < 0.08,
        late_first_reply=rng.random() < 0.08,
        thanks=rng.random() < 0.6,
    )
