"""The worker's door to webhooks: send a subscription's due deliveries, schedule the
next run for the retries, and tell the owners when an endpoint is paused."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult, get_date_max

from rightthere.notifications.actions import webhook_paused
from rightthere.webhooks import delivery
from rightthere.webhooks.models import Subscription


def _tell_owners(subscription: Subscription) -> None:
    webhook_paused(subscription.pk, subscription.name, subscription.paused_reason)


def send_due(subscription_id: int) -> delivery.RunResult:
    """Send what is due now, then make sure a run is queued for the next retry."""
    result = delivery.run_subscription(subscription_id, on_pause=_tell_owners)
    if result.more:
        transaction.on_commit(lambda: deliver_webhooks.enqueue(subscription_id))
    elif result.next_attempt_at is not None and not result.paused:
        when = max(result.next_attempt_at, timezone.now())
        if not _run_queued_by(subscription_id, when):
            deliver_webhooks.using(run_after=when).enqueue(subscription_id)
    return result


def _run_queued_by(subscription_id: int, when: datetime) -> bool:
    """Whether a run of this subscription is already waiting to start by `when` (each
    run would otherwise queue one more for the same retry)."""
    return DBTaskResult.objects.filter(
        Q(run_after=get_date_max()) | Q(run_after__lte=when),
        task_path=_TASK_PATH,
        status="READY",
        args_kwargs__args__0=subscription_id,
    ).exists()


@task()
def deliver_webhooks(subscription_id: int) -> str:
    result = send_due(subscription_id)
    return f"delivered {result.delivered}, retrying {result.retrying}, failed {result.failed}" + (
        ", paused" if result.paused else ""
    )


def sweep() -> dict[str, int]:
    """The periodic safety net: runs every active subscription with something due or
    left SENDING by a worker that died (its claim is older than the lease)."""
    ran = 0
    for subscription_id in delivery.due_subscriptions(timezone.now()):
        send_due(subscription_id)
        ran += 1
    return {"webhook_subscriptions_run": ran}


_TASK_PATH = f"{deliver_webhooks.func.__module__}.{deliver_webhooks.func.__qualname__}"
