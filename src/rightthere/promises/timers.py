"""What the worker does with promises every minute: remind, escalate, record broken.

Every function takes `now` so tests control the clock, and is idempotent:
each reminder and escalation is stamped on the promise and sent once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from rightthere.accounts.models import Role, User
from rightthere.cases.events import record_event
from rightthere.cases.models import EventKind
from rightthere.core.public_links import base_url
from rightthere.notifications import actions as notifications
from rightthere.promises.actions import tell_webhooks
from rightthere.promises.models import Promise, PromiseState
from rightthere.promises.notify import notify_staff
from rightthere.webhooks.models import EventType


def _setting(name: str, default: int) -> timedelta:
    return timedelta(minutes=settings.RIGHTTHERE.get(name, default))


def remind_before() -> timedelta:
    return _setting("PROMISE_REMIND_MINUTES", 120)


def escalate_before() -> timedelta:
    return _setting("PROMISE_ESCALATE_MINUTES", 30)


def _open() -> models.QuerySet[Promise]:
    return Promise.objects.filter(state=PromiseState.OPEN).select_related("case", "owner")


def _log(promise: Promise, what: str, at: datetime) -> None:
    record_event(promise.case_id, None, EventKind.PROMISE, field=promise.what, after=what, at=at)


def break_overdue(now: datetime) -> int:
    """A promise past due and not kept is broken."""
    count = 0
    for promise in _open().filter(due_at__lte=now):
        with transaction.atomic():
            changed = Promise.objects.filter(pk=promise.pk, state=PromiseState.OPEN).update(
                state=PromiseState.BROKEN, broken_at=now
            )
            if changed:
                _log(
                    promise,
                    f"broken: {promise.what} was due {timezone.localtime(promise.due_at):%a %d %b %H:%M}",
                    now,
                )
                notifications.promise_broken(
                    promise.case, owner=promise.owner, what=promise.what, now=now
                )
                promise.state, promise.broken_at = PromiseState.BROKEN, now
                tell_webhooks(promise, EventType.PROMISE_BROKEN, actor=None, at=now)
                count += 1
    return count


def _managers_of(user: User | None) -> list[User]:
    if user is not None and user.manager is not None and user.manager.is_active:
        return [user.manager]
    return list(User.objects.filter(role=Role.OWNER, is_active=True))


def send_reminders(now: datetime) -> int:
    """Remind the owner (or, with no owner, the owners) before a promise falls due."""
    count = 0
    due = _open().filter(
        reminded_at__isnull=True, due_at__gt=now, due_at__lte=now + remind_before()
    )
    for promise in due:
        if not Promise.objects.filter(pk=promise.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            continue
        people = [promise.owner] if promise.owner else _managers_of(None)
        when = timezone.localtime(promise.due_at)
        for person in people:
            notify_staff(
                person,
                subject=f"Due {when:%H:%M}: {promise.what} [{promise.case.reference}]",
                text=(
                    f"You promised {promise.case.customer.name}: {promise.what}, "
                    f"by {when:%A %d %B %H:%M}.\n\nCase {promise.case.reference}: "
                    f"{promise.case.subject}\n{base_url()}/cases/{promise.case_id}/"
                ),
            )
        _log(promise, f"reminder sent to {', '.join(p.display_name for p in people)}", now)
        notifications.promise_due_soon(
            promise.case, owner=promise.owner, what=promise.what, due_at=promise.due_at, now=now
        )
        count += 1
    return count


def escalate(now: datetime) -> int:
    """When a promise is about to break, tell the owner's manager."""
    count = 0
    due = _open().filter(
        escalated_at__isnull=True, due_at__gt=now, due_at__lte=now + escalate_before()
    )
    for promise in due:
        if not Promise.objects.filter(pk=promise.pk, escalated_at__isnull=True).update(
            escalated_at=now
        ):
            continue
        managers = _managers_of(promise.owner)
        when = timezone.localtime(promise.due_at)
        owner = promise.owner.display_name if promise.owner else "nobody"
        for manager in managers:
            notify_staff(
                manager,
                subject=f"About to break at {when:%H:%M}: {promise.what} [{promise.case.reference}]",
                text=(
                    f"{owner} promised {promise.case.customer.name}: {promise.what}, by "
                    f"{when:%A %d %B %H:%M}, and it is not kept yet. Step in, or renegotiate "
                    f"with the customer before it breaks.\n\n"
                    f"{base_url()}/cases/{promise.case_id}/"
                ),
            )
        _log(promise, f"escalated to {', '.join(m.display_name for m in managers)}", now)
        count += 1
    return count


def run_promise_timers(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "broken": break_overdue(now),
        "escalated": escalate(now),
        "reminded": send_reminders(now),
    }
