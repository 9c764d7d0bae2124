"""Two customers pick the same last free time at the same moment (issue #21): one gets it,
the other is refused with the times free now, and the technician is booked once.

The two choices run in two threads, each on its own database connection, and meet at a
barrier (one second at most) just before booking. On PostgreSQL both have checked the
time against the free slots and neither has written; the calendar lock
(`field.visits.lock_calendar`) makes the second wait for the first to commit, then see
its visit. On SQLite one writer is let in at a time: the second is turned away ("table is
locked") and `core.retry.retry_on_contention` runs its whole choice again, which then
finds the time gone. CI runs this on both (DATABASE_URL)."""

import contextlib
import threading
from datetime import time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from rightthere.desk import visit_choice
from rightthere.field import choosing
from rightthere.field.booking import ChosenSlot
from rightthere.field.models import FieldSettings, Skill, Visit
from tests.factories import ContactFactory, UserFactory, make_case
from tests.field.conftest import make_technician

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_customers_picking_the_last_time_at_once_one_gets_it_the_other_fresh_times():
    gas = Skill.objects.create(name="Gas")
    # One morning in the next week with room for one visit (two would pass the 80 % load).
    day = timezone.localdate() + timedelta(days=3)
    tom = make_technician("tom", [gas], days=[day.weekday()], starts=time(8), ends=time(10),
                          first_name="Tom")  # fmt: skip
    FieldSettings.objects.update_or_create(pk=1, defaults={"search_days": 7})
    agent = UserFactory(username="adam")
    cases = [
        make_case(subject=f"Boiler {n}", contact=ContactFactory(name=name))
        for n, name in enumerate(["Ada Byron", "Bob Stone"])
    ]
    offers = [visit_choice.offer_visit_slots(c, actor=agent, skill=gas) for c in cases]
    free = choosing.slots_for_offer(offers[0], now=timezone.now()).slots
    assert len(free) == 1  # the last free time
    last = ChosenSlot(free[0].kind, free[0].id, free[0].starts_at)

    both_checked = threading.Barrier(2, timeout=1)
    real_check = choosing.check_choice

    def check_then_wait_for_the_other(fresh, chosen):
        slot = real_check(fresh, chosen)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()
        return slot

    choosing_check = choosing.check_choice
    choosing.check_choice = check_then_wait_for_the_other
    outcome: dict[str, object] = {}

    def customer(case, name):
        try:
            visit_choice.choose_visit_slot(case, slot=last, who=name)
            outcome[name] = "booked"
        except choosing.SlotTaken as taken:
            outcome[name] = taken.fresh
        finally:
            connection.close()

    threads = [threading.Thread(target=customer, args=(c, c.contact.name)) for c in cases]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        choosing.check_choice = choosing_check

    assert sorted(str(v) for v in outcome.values() if v == "booked") == ["booked"]
    refused = next(v for v in outcome.values() if v != "booked")
    assert isinstance(refused, choosing.Proposal)
    assert all(s.starts_at != last.starts_at for s in refused.slots)
    assert Visit.objects.filter(technician=tom).count() == 1
