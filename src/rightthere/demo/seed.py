"""Seed the Brightside Home Repairs demo: people, customers and 90 days of cases.

Idempotent: when the demo's people already exist nothing is written, unless
`reset` first removes everything the demo created. The history is drawn from
a fixed random seed, relative to the moment of seeding, and every case is
written through the case actions, so events, due times, the timeline and the
search index are the real thing.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases import search
from rightthere.cases.models import Case, CaseEvent, Message
from rightthere.customers.models import Customer
from rightthere.demo.agent_tools import seed_agent_tools
from rightthere.demo.business import seed_business
from rightthere.demo.cast import USERNAMES, create_cast, delete_cast, set_up_opening_hours
from rightthere.demo.clock import clock_at
from rightthere.demo.complaints import ComplaintStory
from rightthere.demo.customers import CUSTOMERS, create_customers
from rightthere.demo.desk_state import seed_desk_state
from rightthere.demo.feedback import delete_reviews, seed_reviews, seed_satisfaction
from rightthere.demo.field import seed_field
from rightthere.demo.fieldwork import seed_fieldwork
from rightthere.demo.plans import plan_cases
from rightthere.demo.story import Story
from rightthere.outbox.models import DeliveryStatus, OutboundMail

SEED = 20250901
DEFAULT_CASES = 200
DEMO_EMAILS = tuple(email for c in CUSTOMERS for _, email, _ in c.contacts)


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    users: int
    customers: int
    cases: int
    messages: int
    events: int


def demo_present() -> bool:
    return User.objects.filter(username__in=USERNAMES).exists()


def demo_customers() -> QuerySet[Customer]:
    names = [c.name for c in CUSTOMERS]
    ids = Customer.objects.filter(name__in=names, contacts__email__in=DEMO_EMAILS).values("id")
    return Customer.objects.filter(id__in=ids)


def summary(created: bool) -> DemoSummary:
    cases = Case.objects.filter(customer__in=demo_customers())
    return DemoSummary(
        created=created,
        users=User.objects.filter(username__in=USERNAMES).count(),
        customers=demo_customers().count(),
        cases=cases.count(),
        messages=Message.objects.filter(case__in=cases).count(),
        events=CaseEvent.objects.filter(case__in=cases).count(),
    )


@transaction.atomic
def delete_demo() -> None:
    """Remove the demo's cases, customers, people, teams and partner company."""
    cases = Case.objects.filter(customer__in=demo_customers())
    first_id = cases.order_by("id").values_list("id", flat=True).first()
    cases.delete()
    if first_id is not None:
        # SQLite's search table has no foreign key to cascade from.
        search.rebuild_index(case_ids_from=first_id)
    demo_customers().delete()
    delete_reviews()
    delete_cast()


@transaction.atomic
def seed_demo(
    *,
    cases: int = DEFAULT_CASES,
    reset: bool = False,
    seed: int = SEED,
    now: datetime | None = None,
    on_case: Callable[[], object] | None = None,
) -> DemoSummary:
    """Create the demo unless it is there already (`reset` rebuilds it)."""
    if reset:
        delete_demo()
    elif demo_present():
        return summary(created=False)
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    rng = random.Random(seed)
    set_up_opening_hours()
    with clock_at(now - timedelta(days=3 * 365)):
        cast = create_cast()
    seed_business(cast)
    seed_field(cast, now)
    customers = create_customers(cast, rng, now)
    for plan in plan_cases(rng, cast, customers, cases, now):
        story = ComplaintStory if plan.topic.recovery_options else Story
        story(plan, rng).play(now)
        if on_case is not None:
            on_case()
    seed_agent_tools(cast, rng, now)
    seed_fieldwork(cast, random.Random(seed + 1), now)
    seed_reviews(cast, now)
    seed_satisfaction(random.Random(seed + 2), now)
    seed_desk_state(cast, now)
    _mark_replies_sent()
    return summary(created=True)


def _mark_replies_sent() -> None:
    """The demo's replies are history: they went out when they were written.

    `add_message` queues an e-mail for every reply; left queued, the demo's
    outbox would show months of unsent mail to made-up addresses, and a
    worker with a mail server configured would send them.
    """
    OutboundMail.objects.filter(
        case__customer__in=demo_customers(), status=DeliveryStatus.QUEUED
    ).update(status=DeliveryStatus.SENT, sent_at=F("created_at"))
