"""Outgoing webhooks against a real HTTP receiver on 127.0.0.1 (tests/webhooks/receiver.py):
signed JSON, order per case, retries with back-off after 500s and a timeout, a pause
after failures in a row with the owners told, and nothing lost when a worker dies in
the middle of a delivery. Nothing is mocked: the receiver is a real http.server and
the worker's code sends through urllib. Where time matters, the worker's own function
runs with a clock the test moves (`Clock`)."""

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from rightthere.cases.models import Status
from rightthere.desk import casework, messages
from rightthere.notifications.models import Notification, NotificationKind
from rightthere.webhooks import actions, delivery
from rightthere.webhooks.models import Delivery, DeliveryStatus, SubscriptionState
from tests.factories import make_case, subscribe

pytestmark = pytest.mark.django_db


class Clock:
    """The worker's `now`, moved by the test."""

    def __init__(self) -> None:
        self.at = timezone.now()

    def __call__(self):
        return self.at

    def move(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def paused_owners():
    return list(Notification.objects.filter(kind=NotificationKind.WEBHOOK_PAUSED))


def run(subscription, clock):
    return delivery.run_subscription(subscription.pk, on_pause=_tell_owners, now=clock)


def _tell_owners(subscription):
    from rightthere.webhooks.tasks import _tell_owners as tell

    tell(subscription)


def test_a_new_case_reaches_the_receiver_signed_with_the_subscriptions_secret(
    receiver, webhook_settings, owner, run_tasks
):
    subscription = subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = subscription.secret
    case = make_case(subject="Boiler bangs")

    run_tasks()

    [got] = receiver.received
    assert got.signature_ok
    assert got.event == "case.opened"
    payload = got.payload
    assert payload["type"] == "case.opened"
    assert payload["case"]["reference"] == case.reference
    assert payload["case"]["subject"] == "Boiler bangs"
    assert payload["data"]["message"]["body_text"].startswith("Since this morning")
    sent = Delivery.objects.get()
    assert (sent.status, sent.response_status, sent.attempts) == (DeliveryStatus.DELIVERED, 200, 1)
    assert str(sent.delivery_id) == got.delivery_id
    assert json.loads(sent.body) == payload


def test_a_receiver_with_another_secret_finds_the_signature_wrong(
    receiver, webhook_settings, owner, run_tasks
):
    subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = "whsec_not-the-one"
    make_case()

    run_tasks()

    [got] = receiver.received
    assert not got.signature_ok
    sent = Delivery.objects.get()
    assert (sent.status, sent.response_status) == (DeliveryStatus.FAILED, 401)  # refused: no retry


def test_only_the_events_subscribed_to_are_sent(receiver, webhook_settings, owner, run_tasks):
    subscription = subscribe(receiver.url, ["case.status_changed"], owner=owner)
    receiver.secret = subscription.secret
    case = make_case()
    casework.change_status(case, actor=owner, status=Status.SOLVED)

    run_tasks()

    assert receiver.events() == ["case.status_changed"]
    data = receiver.acted_on[0].payload["data"]
    assert (data["before"], data["after"], data["actor"]) == ("new", "solved", "olivia")


def test_nothing_is_stored_for_a_change_that_rolls_back(receiver, webhook_settings, owner):
    subscribe(receiver.url, ["case.opened"], owner=owner)

    with pytest.raises(RuntimeError), transaction.atomic():
        make_case()
        raise RuntimeError("the use case failed after opening the case")

    assert not Delivery.objects.exists()


def test_events_of_one_case_arrive_in_order_while_an_earlier_one_is_retried(
    receiver, webhook_settings, owner
):
    subscription = subscribe(receiver.url, owner=owner)
    receiver.secret = subscription.secret
    first = make_case(subject="First")
    messages.add_customer_message(first, actor=None, body_text="Any news?")
    casework.change_status(first, actor=owner, status=Status.SOLVED)
    second = make_case(subject="Second")
    clock = Clock()
    receiver.answer(500)  # the first case's first event fails once

    result = run(subscription, clock)

    # The second case went out; the first case's later events wait behind its retry.
    assert result.retrying == 1
    assert [(r.case_id, r.event, r.answered) for r in receiver.received] == [
        (first.pk, "case.opened", 500),
        (second.pk, "case.opened", 200),
    ]
    waiting = Delivery.objects.get(case_id=first.pk, event="case.opened")
    assert waiting.status == DeliveryStatus.PENDING
    assert waiting.next_attempt_at == clock.at + timedelta(seconds=30)
    assert (waiting.response_status, waiting.response_body) == (500, '{"error": "try later"}')

    clock.move(seconds=29)
    run(subscription, clock)
    assert len(receiver.received) == 2  # not yet: back-off

    clock.move(seconds=2)
    run(subscription, clock)

    first_case = [r.event for r in receiver.acted_on if r.case_id == first.pk]
    assert first_case == ["case.opened", "case.customer_replied", "case.status_changed"]
    assert all(r.signature_ok for r in receiver.received)
    assert not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists()


def test_the_back_off_doubles_after_each_failure(receiver, webhook_settings, owner):
    subscription = subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = subscription.secret
    make_case()
    receiver.answer(502, 503, 500)
    clock = Clock()
    waits = []
    for _ in range(3):
        run(subscription, clock)
        waiting = Delivery.objects.get()
        waits.append((waiting.next_attempt_at - clock.at).total_seconds())
        clock.at = waiting.next_attempt_at

    run(subscription, clock)

    assert waits == [30, 60, 120]
    done = Delivery.objects.get()
    assert (done.status, done.attempts) == (DeliveryStatus.DELIVERED, 4)
    assert [r.attempt for r in receiver.received] == [1, 2, 3, 4]
    assert len({r.delivery_id for r in receiver.received}) == 1  # one id on every attempt


def test_a_receiver_that_does_not_answer_in_time_is_tried_again(receiver, webhook_settings, owner):
    subscription = subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = subscription.secret
    receiver.hang_seconds = 1.5  # longer than the 0.5 s timeout
    make_case()
    receiver.answer("hang")
    clock = Clock()

    run(subscription, clock)

    waiting = Delivery.objects.get()
    assert waiting.status == DeliveryStatus.PENDING
    assert waiting.response_status is None
    assert waiting.error == "no answer within 0.5 s"

    clock.move(seconds=31)
    run(subscription, clock)

    done = Delivery.objects.get()
    assert (done.status, done.attempts, done.response_status) == (DeliveryStatus.DELIVERED, 2, 200)


def test_an_endpoint_failing_again_and_again_is_paused_and_the_owners_are_told(
    receiver, webhook_settings, owner
):
    subscription = subscribe(receiver.url, ["case.opened", "case.customer_replied"], owner=owner)
    receiver.secret = subscription.secret
    receiver.default = 500
    cases = [make_case(subject=f"Case {n}") for n in range(3)]
    clock = Clock()

    for _ in range(3):
        run(subscription, clock)
        clock.move(minutes=10)

    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.PAUSED
    assert subscription.paused_reason == (
        "Paused after 4 failed attempts in a row (last: HTTP 500)."
    )
    assert len(receiver.received) == 4  # nothing more once paused
    [told] = paused_owners()
    assert told.recipient == owner
    assert told.url == f"/settings/webhooks/{subscription.pk}/"
    # Paused, events are still stored, and nothing is lost.
    messages.add_customer_message(cases[0], actor=None, body_text="Hello?")
    clock.move(hours=1)
    run(subscription, clock)
    assert len(receiver.received) == 4
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 4

    receiver.default = 200
    actions.resume_subscription(owner, subscription)
    run(subscription, clock)

    assert sorted((r.case_id, r.event) for r in receiver.acted_on) == sorted(
        [(c.pk, "case.opened") for c in cases] + [(cases[0].pk, "case.customer_replied")]
    )
    assert not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists()


def test_a_delivery_out_of_attempts_fails_and_the_next_of_its_case_goes_out(
    receiver, webhook_settings, owner
):
    webhook_settings.RIGHTTHERE = {**webhook_settings.RIGHTTHERE, "WEBHOOK_MAX_ATTEMPTS": 2,
                                   "WEBHOOK_PAUSE_AFTER_FAILURES": 10}  # fmt: skip
    subscription = subscribe(receiver.url, owner=owner)
    receiver.secret = subscription.secret
    case = make_case()
    messages.add_customer_message(case, actor=None, body_text="Any news?")
    receiver.answer(500, 500)
    clock = Clock()

    run(subscription, clock)
    clock.move(minutes=1)
    run(subscription, clock)

    opened = Delivery.objects.get(event="case.opened")
    assert (opened.status, opened.attempts) == (DeliveryStatus.FAILED, 2)
    assert receiver.events() == ["case.customer_replied"]


def test_send_again_sends_the_same_body_as_a_new_delivery(receiver, webhook_settings, owner):
    subscription = subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = subscription.secret
    make_case()
    receiver.answer(410)
    clock = Clock()
    run(subscription, clock)
    failed = Delivery.objects.get()
    assert failed.status == DeliveryStatus.FAILED  # a 4xx is a refusal: not retried

    again = actions.send_again(owner, failed)
    clock.at = timezone.now()
    run(subscription, clock)

    again.refresh_from_db()
    assert again.status == DeliveryStatus.DELIVERED
    assert (again.resent_from, again.resent_by) == (failed, owner)
    first, second = receiver.received
    assert first.body == second.body
    assert first.delivery_id != second.delivery_id


def test_a_worker_killed_mid_delivery_loses_nothing_and_the_receiver_drops_the_copy(
    receiver, webhook_settings, owner
):
    """The worker claims a delivery and posts it, and dies before writing the answer
    (the receiver got it). After the claim's lease another run sends it again with the
    same delivery id; the receiver acts on it once. Nothing else is held up."""
    subscription = subscribe(receiver.url, owner=owner)
    receiver.secret = subscription.secret
    case = make_case()
    clock = Clock()
    [head] = delivery.heads(subscription.pk, clock())
    assert delivery.claim(head, clock())
    delivery.post(subscription, head)  # ... and the process is killed here
    other = make_case(subject="Another case")

    clock.move(seconds=5)  # the lease (0.5 s timeout + 5 s grace) has not run out
    run(subscription, clock)
    assert [r.case_id for r in receiver.received] == [case.pk, other.pk]
    assert Delivery.objects.get(pk=head.pk).status == DeliveryStatus.SENDING

    clock.move(seconds=1)
    run(subscription, clock)

    resent = Delivery.objects.get(pk=head.pk)
    assert (resent.status, resent.attempts) == (DeliveryStatus.DELIVERED, 2)
    copies = [r for r in receiver.received if r.delivery_id == str(head.delivery_id)]
    assert [r.attempt for r in copies] == [1, 2]
    assert [r.event for r in receiver.acted_on if r.case_id == case.pk] == ["case.opened"]
    assert not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists()


def test_the_periodic_sweep_finds_the_delivery_a_dead_worker_left(
    receiver, webhook_settings, owner
):
    from rightthere.webhooks.tasks import sweep

    subscription = subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = subscription.secret
    make_case()
    [head] = delivery.heads(subscription.pk, timezone.now())
    long_ago = timezone.now() - timedelta(minutes=5)
    assert delivery.claim(head, long_ago)  # claimed five minutes ago, never finished

    assert sweep() == {"webhook_subscriptions_run": 1}

    done = Delivery.objects.get()
    assert (done.status, done.attempts) == (DeliveryStatus.DELIVERED, 2)
    assert len(receiver.acted_on) == 1


def test_the_payload_says_how_the_case_is_after_the_event_not_how_the_caller_held_it(
    receiver, webhook_settings, owner, run_tasks
):
    """A bad review opens a complaint, a rule assigns it to the owner, then the review's
    own event goes out: it names the owner as the assignee (the use case still held
    the case as it was before the rule)."""
    from rightthere.automation import setup as automation_setup
    from rightthere.desk.reviews import receive_review
    from rightthere.reviews.parsing import validate_row

    subscribe(receiver.url, ["review.received"], owner=owner)
    automation_setup.create_rule(owner, name="Reviews to the owner", trigger="case_opened",
                                 conditions=[{"field": "channel", "op": "is", "value": "review"}],
                                 actions=[{"type": "assign", "value": owner.pk}])  # fmt: skip
    receive_review(validate_row({"platform": "google", "id": "g-1", "author": "Ann Reid",
                                 "rating": 1, "text": "Nobody came."}))  # fmt: skip
    run_tasks()

    [got] = receiver.received
    assert got.payload["case"]["assignee"] == owner.username


def test_a_run_that_finds_a_delivery_still_claimed_comes_back_when_the_claim_runs_out(
    receiver, webhook_settings, owner
):
    """A worker killed mid-request and started again runs the subscription at once (its
    task is queued again): the delivery is still claimed, so that run sends nothing and
    asks for its next run when the claim's lease ends, not at the next sweep."""
    subscription = subscribe(receiver.url, ["case.opened"], owner=owner)
    receiver.secret = subscription.secret
    make_case()
    clock = Clock()
    [head] = delivery.heads(subscription.pk, clock())
    assert delivery.claim(head, clock())  # ... and the worker is killed

    clock.move(seconds=1)
    result = run(subscription, clock)

    assert (result.delivered, receiver.received) == (0, [])
    assert result.next_attempt_at == head.claimed_at + delivery.claim_lease()
    clock.at = result.next_attempt_at
    assert run(subscription, clock).delivered == 1
