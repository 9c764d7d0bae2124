"""Promises follow the process (issue #17 item 3): a return booked with the customer
there renegotiates the first visit's promise, agreed with them, instead of leaving it
for the timer to break (desk.visits.book_return)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rightthere.cases.models import CaseEvent, EventKind
from rightthere.desk import visits
from rightthere.promises.models import Promise, PromiseSource, PromiseState
from rightthere.promises.timers import break_overdue
from tests.field.conftest import make_visit

pytestmark = pytest.mark.django_db


def _booked_visit(desk, agent):
    """A visit booked by the office (so promised to the customer), tomorrow at 10:00."""
    tomorrow = timezone.localtime(timezone.now() + timedelta(days=1))
    starts = tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)
    return visits.book_visit(desk.case, actor=agent, technician=desk.tom, skill=desk.boilers,
                             starts_at=starts, duration_minutes=60)  # fmt: skip


def _return_needed(visit, desk, *, now):
    return visits.record_visit_outcome(visit, actor=desk.tom, outcome="return_needed",
                                       return_reason="wrong_part", root_cause="office",
                                       now=now)  # fmt: skip


@pytest.mark.parametrize("minutes_after_start", [30, 75], ids=["during", "after_its_end"])
def test_a_return_booked_on_the_spot_renegotiates_the_visit_promise(
    desk, agent, minutes_after_start
):
    visit = _booked_visit(desk, agent)
    first = visit.promise
    on_the_spot = visit.starts_at + timedelta(minutes=minutes_after_start)
    _return_needed(visit, desk, now=on_the_spot)

    result = visits.book_return(visit, actor=desk.tom, part=desk.valve, now=on_the_spot)

    first.refresh_from_db()
    assert first.state == PromiseState.RENEGOTIATED
    assert first.renegotiated_at == on_the_spot and first.broken_at is None
    assert first.replaced_by == result.promise
    # The new promise is the return, due when it ends, made against the message that
    # told the customer the date they agreed to.
    assert result.promise.what == "Return visit to finish the repair (Diverter valve 22mm)"
    assert result.promise.source == PromiseSource.VISIT
    assert result.promise.due_at == result.visit.ends_at
    assert result.promise.message == result.message
    assert result.visit.promise == result.promise
    event = CaseEvent.objects.filter(case=desk.case, kind=EventKind.PROMISE,
                                     field=first.what).latest("pk")  # fmt: skip
    assert event.after.startswith("renegotiated, agreed with the customer in person, to ")
    assert event.actor == desk.tom
    # The timer, later, finds nothing to break.
    assert break_overdue(visit.ends_at + timedelta(minutes=10)) == 0
    assert not Promise.objects.filter(case=desk.case, state=PromiseState.BROKEN).exists()


def test_a_visit_without_a_promise_still_gets_a_return_promise(desk):
    visit = make_visit(desk.case, technician=desk.tom, skill=desk.boilers)
    _return_needed(visit, desk, now=timezone.now())

    result = visits.book_return(visit, actor=desk.tom, part=desk.valve)

    assert result.promise.state == PromiseState.OPEN
    assert list(Promise.objects.filter(case=desk.case, source=PromiseSource.VISIT)) == [
        result.promise
    ]


def test_a_visit_promise_the_timer_broke_already_stays_broken_and_is_moved(desk, agent):
    visit = _booked_visit(desk, agent)
    late = visit.ends_at + timedelta(hours=2)
    _return_needed(visit, desk, now=late)
    assert break_overdue(visit.ends_at + timedelta(minutes=1)) == 1

    result = visits.book_return(visit, actor=desk.tom, part=desk.valve, now=late)

    first = Promise.objects.get(pk=visit.promise_id)
    assert first.state == PromiseState.BROKEN
    assert first.replaced_by == result.promise
    assert result.promise.state == PromiseState.OPEN
