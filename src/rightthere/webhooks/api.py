"""/api/webhooks: outgoing webhooks, set up by owners through the same functions as
the set-up screens and `rightthere webhooks` (webhooks.actions). The payloads
are described in docs/webhooks.md and listed at GET /api/webhooks/events."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Schema
from pydantic import Field, StringConstraints

from rightthere.accounts.api_auth import current_user
from rightthere.accounts.roles import check_owner
from rightthere.core.api.schemas import Input, ShortName, error_responses
from rightthere.webhooks import actions
from rightthere.webhooks.access import access_delivery, access_subscription
from rightthere.webhooks.models import Delivery, DeliveryStatus, EventType, Subscription

router = Router(tags=["webhooks"])

EventName = Literal[
    "case.opened", "case.customer_replied", "case.status_changed",
    "promise.made", "promise.kept", "promise.broken",
    "visit.booked", "visit.moved", "visit.done",
    "complaint.step_done", "review.received", "csat.answered",
]  # fmt: skip
assert set(EventName.__args__) == set(EventType.values)  # type: ignore[attr-defined]
Url = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class SubscriptionIn(Input):
    name: ShortName = Field(examples=["Accounting sync"])
    url: Url = Field(examples=["https://books.example.com/hooks/rightthere"])
    events: list[EventName] = Field(min_length=1, max_length=20,
                                    examples=[["case.opened", "csat.answered"]])  # fmt: skip


class SubscriptionOut(Schema):
    id: int
    name: str
    url: str
    events: list[str]
    state: Literal["active", "paused"]
    paused_reason: str
    consecutive_failures: int
    created_at: datetime


class SubscriptionWithSecret(SubscriptionOut):
    secret: str = Field(description="Shown on creation and on a new secret only.")


class DeliveryOut(Schema):
    id: int
    delivery_id: str = Field(description="The Rightthere-Delivery header: dedupe on it.")
    event_id: str
    event: str
    case_id: int | None
    status: Literal["pending", "sending", "delivered", "failed"]
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    response_status: int | None
    response_body: str
    error: str
    duration_ms: int | None
    created_at: datetime
    resent_from: int | None


class WebhookEventOut(Schema):
    name: str
    label: str


def _out(subscription: Subscription, secret: bool = False) -> dict[str, Any]:
    out = {
        "id": subscription.pk, "name": subscription.name, "url": subscription.url,
        "events": subscription.events, "state": subscription.state,
        "paused_reason": subscription.paused_reason,
        "consecutive_failures": subscription.consecutive_failures,
        "created_at": subscription.created_at,
    }  # fmt: skip
    if secret:
        out["secret"] = subscription.secret
    return out


def _delivery_out(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.pk, "delivery_id": str(delivery.delivery_id),
        "event_id": str(delivery.event_id), "event": delivery.event, "case_id": delivery.case_id,
        "status": delivery.status, "attempts": delivery.attempts,
        "next_attempt_at": delivery.next_attempt_at if delivery.is_open else None,
        "last_attempt_at": delivery.last_attempt_at, "response_status": delivery.response_status,
        "response_body": delivery.response_body, "error": delivery.error,
        "duration_ms": delivery.duration_ms, "created_at": delivery.created_at,
        "resent_from": delivery.resent_from_id,
    }  # fmt: skip


def _owned(request: HttpRequest, subscription_id: int) -> Subscription:
    return access_subscription(current_user(request), subscription_id)


@router.get("/webhooks/events", response={200: list[WebhookEventOut], **error_responses(403)})
def list_events(request: HttpRequest) -> list[dict[str, str]]:
    """The events a webhook can subscribe to (payloads: docs/webhooks.md)."""
    check_owner(current_user(request), gettext("set up webhooks"))
    return [{"name": value, "label": str(label)} for value, label in EventType.choices]


@router.get("/webhooks", response={200: list[SubscriptionOut], **error_responses(403)})
def list_webhooks(request: HttpRequest) -> list[dict[str, Any]]:
    """Every outgoing webhook (owners)."""
    check_owner(current_user(request), gettext("set up webhooks"))
    return [_out(s) for s in Subscription.objects.all()]


@router.post("/webhooks", response={201: SubscriptionWithSecret, **error_responses(400, 403, 422)})
def add_webhook(request: HttpRequest, payload: SubscriptionIn) -> tuple[int, dict[str, Any]]:
    """Subscribe a URL to events (owners); the answer carries its signing secret once."""
    made = actions.create_subscription(
        current_user(request), name=payload.name, url=payload.url, events=payload.events
    )
    return 201, _out(made, secret=True)


@router.get("/webhooks/{webhook_id}", response={200: SubscriptionOut, **error_responses(403, 404)})
def get_webhook(request: HttpRequest, webhook_id: int) -> dict[str, Any]:
    return _out(_owned(request, webhook_id))


@router.put(
    "/webhooks/{webhook_id}", response={200: SubscriptionOut, **error_responses(400, 403, 404, 422)}
)
def change_webhook(
    request: HttpRequest, webhook_id: int, payload: SubscriptionIn
) -> dict[str, Any]:
    """Change the name, URL or events (owners)."""
    found = _owned(request, webhook_id)
    return _out(actions.update_subscription(current_user(request), found, name=payload.name,
                                            url=payload.url, events=payload.events))  # fmt: skip


@router.delete("/webhooks/{webhook_id}", response={204: None, **error_responses(403, 404)})
def remove_webhook(request: HttpRequest, webhook_id: int) -> tuple[int, None]:
    """Remove the webhook and its delivery log (owners)."""
    actions.delete_subscription(current_user(request), _owned(request, webhook_id))
    return 204, None


@router.post(
    "/webhooks/{webhook_id}/pause", response={200: SubscriptionOut, **error_responses(403, 404)}
)
def pause_webhook(request: HttpRequest, webhook_id: int) -> dict[str, Any]:
    """Stop sending; events are kept and go out on resuming."""
    return _out(actions.pause_subscription(current_user(request), _owned(request, webhook_id)))


@router.post(
    "/webhooks/{webhook_id}/resume", response={200: SubscriptionOut, **error_responses(403, 404)}
)
def resume_webhook(request: HttpRequest, webhook_id: int) -> dict[str, Any]:
    """Send again from where it stopped (also after an automatic pause)."""
    return _out(actions.resume_subscription(current_user(request), _owned(request, webhook_id)))


@router.post(
    "/webhooks/{webhook_id}/secret",
    response={200: SubscriptionWithSecret, **error_responses(403, 404)},
)
def new_webhook_secret(request: HttpRequest, webhook_id: int) -> dict[str, Any]:
    """A new signing secret (shown once); the old one stays valid for the receiver a day."""
    rotated = actions.rotate_secret(current_user(request), _owned(request, webhook_id))
    return _out(rotated, secret=True)


@router.get(
    "/webhooks/{webhook_id}/deliveries",
    response={200: list[DeliveryOut], **error_responses(403, 404, 422)},
)
def list_deliveries(
    request: HttpRequest,
    webhook_id: int,
    status: Literal["pending", "sending", "delivered", "failed"] | None = None,
    limit: Annotated[int, Field(ge=1, le=200)] = 50,
) -> list[dict[str, Any]]:
    """The delivery log, newest first: status, the receiver's answer, when."""
    found = _owned(request, webhook_id)
    rows = found.deliveries.all()
    if status is not None:
        rows = rows.filter(status=DeliveryStatus(status))
    return [_delivery_out(d) for d in rows[:limit]]


@router.post(
    "/webhooks/deliveries/{delivery_pk}/resend",
    response={201: DeliveryOut, **error_responses(400, 403, 404)},
)
def resend_delivery(request: HttpRequest, delivery_pk: int) -> tuple[int, dict[str, Any]]:
    """Send a finished delivery again, as a new delivery with the same body."""
    user = current_user(request)
    check_owner(user, gettext("send webhooks again"))
    return 201, _delivery_out(actions.send_again(user, access_delivery(user, delivery_pk)))
