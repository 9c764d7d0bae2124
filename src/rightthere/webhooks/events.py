"""Emitting an event: one call where the thing happens (`emit("case.opened", case=...)`),
which stores a delivery for every subscription that wants it, in the caller's
transaction (the outbox pattern): the event is sent if and only if the change
commits, and a worker stopped at any moment loses none of them."""

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from rightthere.accounts.models import User
from rightthere.cases.models import Case, Message
from rightthere.core.config_cache import ConfigCache
from rightthere.core.public_links import base_url
from rightthere.core.tasks import enqueue_on_commit
from rightthere.webhooks.models import Delivery, EventType, Subscription
from rightthere.webhooks.tasks import deliver_webhooks


def case_summary(case: Case) -> dict[str, Any]:
    """What every event about a case says about it (the receiver needs no API call
    for the usual fields)."""
    base = base_url()
    return {
        "id": case.pk,
        "reference": case.reference,
        "subject": case.subject,
        "status": case.status,
        "priority": case.priority,
        "kind": case.kind,
        "channel": case.channel,
        "customer": {"id": case.customer_id, "name": case.customer.name},
        "assignee": case.assignee.username if case.assignee_id and case.assignee else None,
        "team": case.team.name if case.team_id and case.team else None,
        "created_at": case.created_at,
        "url": base + reverse("case_detail", args=[case.pk]),
    }


def current(case: Case) -> Case:
    """The case as the database has it now, in the caller's transaction. A use case may
    hold an instance that another step changed meanwhile (a rule assigned the review's
    new complaint after it was opened); the payload says how the case is after the
    event, whatever instance the caller passed. Read only when a webhook wants the
    event."""
    return (
        Case.objects.select_related("customer", "assignee", "team").filter(pk=case.pk).first()
        or case
    )


def encode(payload: dict[str, Any]) -> str:
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def _load_subscriptions() -> list[tuple[int, list[str]]]:
    return [(pk, events or []) for pk, events in Subscription.objects.values_list("pk", "events")]


# Every case opened, every customer message and status change asks; owners change the
# subscriptions a few times a year.
_subscriptions = ConfigCache(_load_subscriptions, Subscription)


def wanted_by(event: str) -> list[int]:
    """The subscriptions (active or paused: a paused one gets its events on resuming)
    that want `event`."""
    return [pk for pk, events in _subscriptions.get() if event in events]


def emit(
    event: str,
    *,
    case: Case | None,
    data: dict[str, Any] | Callable[[], dict[str, Any]],
    at: datetime | None = None,
) -> int:
    """Store `event` for every subscription that wants it; the worker sends them after
    the commit. Returns how many deliveries were stored. `data` may be a function, called
    only when someone wants the event (so a desk without webhooks reads nothing more)."""
    if event not in EventType.values:
        raise ValueError(f"Unknown webhook event {event!r}")
    subscriptions = wanted_by(event)
    if not subscriptions:
        return 0
    now = timezone.now()
    event_id = uuid.uuid4()
    body = encode({
        "id": str(event_id),
        "type": event,
        "occurred_at": at or now,
        "case": case_summary(current(case)) if case is not None else None,
        "data": data() if callable(data) else data,
    })  # fmt: skip
    Delivery.objects.bulk_create(
        Delivery(
            subscription_id=pk,
            event_id=event_id,
            event=event,
            case_id=case.pk if case is not None else None,
            body=body,
            next_attempt_at=now,
            created_at=now,
        )  # fmt: skip
        for pk in subscriptions
    )
    for pk in subscriptions:
        enqueue_on_commit(deliver_webhooks, pk)
    return len(subscriptions)


def actor_name(actor: User | None) -> str | None:
    return actor.username if actor is not None else None


def message_data(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "direction": message.direction,
        "body_text": message.body_text,
        "created_at": message.created_at,
        "attachments": [a.filename for a in message.attachments.all()],
    }


def case_opened(case: Case, first_message: Message | None, *, actor: User | None) -> int:
    """A new case, with the message that opened it and when we promised to answer."""
    return emit(EventType.CASE_OPENED, case=case, data=lambda: {
        "actor": actor_name(actor),
        "message": message_data(first_message) if first_message is not None else None,
        "first_response_due": case.first_response_due,
    }, at=case.created_at)  # fmt: skip


def customer_replied(case: Case, message: Message, *, actor: User | None) -> int:
    """The customer wrote on the case (mail, status page, or typed in from a call by
    `actor`)."""
    return emit(EventType.CUSTOMER_REPLIED, case=case,
                data=lambda: {"actor": actor_name(actor), "message": message_data(message)},
                at=message.created_at)  # fmt: skip


def status_changed(case: Case, before: str, *, actor: User | None) -> int:
    """The case moved from status `before` to its current one (nothing when it did not)."""
    if case.status == before:
        return 0
    return emit(EventType.STATUS_CHANGED, case=case, data={
        "actor": actor_name(actor), "before": before, "after": case.status,
        "waiting_reason": case.waiting_reason or None,
    })  # fmt: skip


RULE_FIRED = "automation.rule_fired"


def rule_fired(subscription_pk: int, case: Case, *, rule: str) -> Delivery:
    """An automation rule's "send the case to a webhook": stored for that one webhook,
    whichever events it subscribed to, and sent by the worker like any other event
    (signed, in order for the case, retried). `type` is "automation.rule_fired" and
    `data.rule` the rule's name."""
    subscription = Subscription.objects.get(pk=subscription_pk)
    now = timezone.now()
    event_id = uuid.uuid4()
    body = encode({
        "id": str(event_id), "type": RULE_FIRED, "occurred_at": now,
        "case": case_summary(current(case)), "data": {"rule": rule},
    })  # fmt: skip
    delivery = Delivery.objects.create(
        subscription=subscription, event_id=event_id, event=RULE_FIRED, case_id=case.pk,
        body=body, next_attempt_at=now, created_at=now,
    )  # fmt: skip
    enqueue_on_commit(deliver_webhooks, subscription.pk)
    return delivery
