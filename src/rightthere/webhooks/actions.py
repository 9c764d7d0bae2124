"""Owners' set-up of outgoing webhooks: the screens, the API and `rightthere webhooks`
all call these."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.integrations import ROTATION_GRACE, new_secret
from rightthere.accounts.models import User
from rightthere.accounts.roles import check_owner
from rightthere.core.errors import InvalidField, InvalidInput
from rightthere.core.tasks import enqueue_on_commit
from rightthere.webhooks.models import (
    Delivery,
    DeliveryStatus,
    EventType,
    Subscription,
    SubscriptionState,
)
from rightthere.webhooks.targets import check_url
from rightthere.webhooks.tasks import deliver_webhooks


def _clean(name: str, url: str, events: Iterable[str]) -> tuple[str, str, list[str]]:
    name = name.replace("\x00", "").strip()
    if not name:
        raise InvalidInput(gettext("Give the webhook a name, e.g. the program it feeds."))
    if len(name) > 100:
        raise InvalidInput(gettext("Keep the name under 100 characters."))
    url = url.strip()
    if len(url) > 500:
        raise InvalidField("url", gettext("The URL is too long (at most 500 characters)."))
    check_url(url)  # https/http, and no local or private address (webhooks.targets)
    chosen = list(dict.fromkeys(e for e in events if e))
    unknown = [e for e in chosen if e not in EventType.values]
    if unknown:
        raise InvalidInput(
            gettext("Unknown event %(event)s; choose from: %(events)s.")
            % {"event": repr(unknown[0]), "events": ", ".join(EventType.values)}
        )
    if not chosen:
        raise InvalidInput(gettext("Choose at least one event to send."))
    return name, url, [e for e in EventType.values if e in chosen]


def create_subscription(
    actor: User | None, *, name: str, url: str, events: Iterable[str]
) -> Subscription:
    """A new webhook with its own signing secret (shown once to the owner)."""
    check_owner(actor, gettext("set up webhooks"))
    name, url, chosen = _clean(name, url, events)
    return Subscription.objects.create(
        name=name, url=url, events=chosen, secret=new_secret(), created_by=actor
    )


def update_subscription(
    actor: User | None, subscription: Subscription, *, name: str, url: str, events: Iterable[str]
) -> Subscription:
    """Change the name, URL or events; events already stored go to the new URL."""
    check_owner(actor, gettext("change webhooks"))
    subscription.name, subscription.url, subscription.events = _clean(name, url, events)
    subscription.save(update_fields=["name", "url", "events"])
    return subscription


@transaction.atomic
def rotate_secret(actor: User | None, subscription: Subscription) -> Subscription:
    """A new secret from the next delivery on; the old one is kept a day for the
    receiver to accept both while it switches."""
    check_owner(actor, gettext("change a webhook's secret"))
    subscription.previous_secret = subscription.secret
    subscription.previous_valid_until = timezone.now() + ROTATION_GRACE
    subscription.secret = new_secret()
    subscription.save(update_fields=["secret", "previous_secret", "previous_valid_until"])
    return subscription


@transaction.atomic
def pause_subscription(actor: User | None, subscription: Subscription) -> Subscription:
    """Stop sending; events keep being stored and go out on resuming."""
    check_owner(actor, gettext("pause webhooks"))
    if subscription.state != SubscriptionState.PAUSED:
        who = actor.display_name if actor is not None else "Rightthere"
        subscription.state, subscription.paused_at = SubscriptionState.PAUSED, timezone.now()
        subscription.paused_reason = gettext("Paused by %(who)s.") % {"who": who}
        subscription.save(update_fields=["state", "paused_at", "paused_reason"])
    return subscription


@transaction.atomic
def resume_subscription(actor: User | None, subscription: Subscription) -> Subscription:
    """Send again from where it stopped: what waited goes out at once, in order."""
    check_owner(actor, gettext("resume webhooks"))
    subscription.state, subscription.paused_at, subscription.paused_reason = (
        SubscriptionState.ACTIVE, None, "",
    )  # fmt: skip
    subscription.consecutive_failures = 0
    subscription.save(update_fields=["state", "paused_at", "paused_reason", "consecutive_failures"])
    now = timezone.now()
    Delivery.objects.filter(
        subscription=subscription, status=DeliveryStatus.PENDING, next_attempt_at__gt=now
    ).update(next_attempt_at=now)
    enqueue_on_commit(deliver_webhooks, subscription.pk)
    return subscription


def delete_subscription(actor: User | None, subscription: Subscription) -> None:
    """Remove the webhook and its delivery log."""
    check_owner(actor, gettext("remove webhooks"))
    subscription.delete()


@transaction.atomic
def send_again(actor: User | None, delivery: Delivery) -> Delivery:
    """Queue the same body once more as a new delivery (a new delivery id, so a
    receiver that dropped the first as handled takes this one)."""
    check_owner(actor, gettext("send webhooks again"))
    if delivery.is_open:
        raise InvalidInput(gettext("This delivery is still being sent; wait for its outcome."))
    now = timezone.now()
    again = Delivery.objects.create(
        subscription_id=delivery.subscription_id, event_id=delivery.event_id,
        event=delivery.event, case_id=delivery.case_id, body=delivery.body,
        next_attempt_at=now, created_at=now, resent_from=delivery, resent_by=actor,
    )  # fmt: skip
    enqueue_on_commit(deliver_webhooks, delivery.subscription_id)
    return again
