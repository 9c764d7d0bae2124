"""Promises: kept, renegotiated in time, broken (counted and escalated) — on a controlled clock."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rightthere.cases.models import Direction
from rightthere.core.errors import InvalidInput
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.desk.promises import renegotiate_promise
from rightthere.promises.actions import keep_promise, make_promise
from rightthere.promises.models import Promise, PromiseSource, PromiseState
from rightthere.promises.timers import run_promise_timers
from tests.factories import OwnerFactory, UserFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def test_first_response_is_a_promise_kept_by_the_first_reply(agent):
    case = make_case(assignee=agent)
    promise = case.promises.get(source=PromiseSource.FIRST_RESPONSE)
    assert promise.due_at == case.first_response_due
    assert promise.owner == agent

    desk_messages.add_message(case, actor=agent, direction=Direction.OUTBOUND, body_text="Hello!")

    promise.refresh_from_db()
    assert promise.state == PromiseState.KEPT


def test_a_promise_made_and_kept_by_hand(agent, now):
    case = make_case(assignee=agent)
    promise = make_promise(
        case, actor=agent, what="Send the quote", due_at=now + timedelta(days=1), now=now
    )

    keep_promise(promise, actor=agent, now=now + timedelta(hours=2))

    promise.refresh_from_db()
    assert promise.state == PromiseState.KEPT
    assert case.events.filter(kind="promise", after__startswith="kept: Send the quote").exists()
    with pytest.raises(InvalidInput, match="already kept"):
        keep_promise(promise, actor=agent)


def test_promise_in_the_past_is_refused(agent, now):
    case = make_case()

    with pytest.raises(InvalidInput, match="future"):
        make_promise(case, actor=agent, what="Call back", due_at=now - timedelta(minutes=1))


def test_renegotiated_in_time_tells_the_customer_the_new_date(agent, now, run_tasks):
    case = make_case(assignee=agent)
    promise = make_promise(
        case, actor=agent, what="Fit the new valve", due_at=now + timedelta(days=1), now=now
    )
    new_due = now + timedelta(days=3)

    new = renegotiate_promise(promise, actor=agent, new_due=new_due, now=now + timedelta(hours=1))
    run_tasks()

    promise.refresh_from_db()
    assert promise.state == PromiseState.RENEGOTIATED
    assert promise.replaced_by == new
    assert new.state == PromiseState.OPEN and new.due_at == new_due
    sent = mail.outbox[-1].body
    assert "I am sorry" in sent
    assert timezone.localtime(new_due).strftime("%A %d %B at %H:%M") in sent


def test_renegotiated_after_the_due_time_counts_as_broken(agent, now):
    case = make_case(assignee=agent)
    promise = make_promise(
        case, actor=agent, what="Call back", due_at=now + timedelta(hours=1), now=now
    )

    renegotiate_promise(promise, actor=agent, new_due=now + timedelta(days=1),
                        now=now + timedelta(hours=2))  # fmt: skip

    promise.refresh_from_db()
    assert promise.state == PromiseState.BROKEN


def test_a_renegotiation_refused_by_its_checks_sends_nothing(agent, now):
    case = make_case(assignee=agent)
    promise = make_promise(
        case, actor=agent, what="Call back", due_at=now + timedelta(hours=1), now=now
    )
    sent_before = case.messages.filter(direction=Direction.OUTBOUND).count()

    with pytest.raises(InvalidInput, match="future"):
        renegotiate_promise(promise, actor=agent, new_due=now, now=now)

    assert case.messages.filter(direction=Direction.OUTBOUND).count() == sent_before
    promise.refresh_from_db()
    assert promise.state == PromiseState.OPEN and promise.replaced_by is None


def test_owner_is_reminded_then_manager_escalated_then_promise_broken(now, run_tasks):
    boss = OwnerFactory(username="boss", email="boss@brightside.test")
    agent = UserFactory(username="ann", email="ann@brightside.test", manager=boss)
    case = make_case(assignee=agent)
    promise = make_promise(
        case, actor=agent, what="Order the pump", due_at=now + timedelta(hours=3), now=now
    )

    quiet = run_promise_timers(now)
    reminded = run_promise_timers(now + timedelta(hours=1, minutes=30))
    reminded_again = run_promise_timers(now + timedelta(hours=1, minutes=31))
    escalated = run_promise_timers(now + timedelta(hours=2, minutes=45))
    broken = run_promise_timers(now + timedelta(hours=3, minutes=1))
    run_tasks()

    assert quiet == {"broken": 0, "escalated": 0, "reminded": 0}
    assert reminded["reminded"] == 1
    assert reminded_again["reminded"] == 0
    assert escalated["escalated"] == 1
    assert broken["broken"] >= 1
    promise.refresh_from_db()
    assert promise.state == PromiseState.BROKEN
    recipients = [(m.to[0], m.subject) for m in mail.outbox]
    assert (
        "ann@brightside.test",
        f"Due {timezone.localtime(promise.due_at):%H:%M}: Order the pump [{case.reference}]",
    ) in recipients
    assert any(to == "boss@brightside.test" and "About to break" in s for to, s in recipients)
    assert Promise.objects.filter(state=PromiseState.BROKEN).count() >= 1
    assert case.events.filter(kind="promise", after__startswith="broken: Order the pump").exists()


def test_promises_follow_the_case_to_its_new_assignee(agent, owner):
    case = make_case()
    promise = case.promises.get()
    assert promise.owner is None

    casework.assign_case(case, actor=owner, assignee=agent)

    promise.refresh_from_db()
    assert promise.owner == agent
