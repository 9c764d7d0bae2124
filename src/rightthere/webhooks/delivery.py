"""Sending deliveries: signed, in order per case, retried with back-off, and a failing
endpoint paused.

What the worker does for one subscription (`run_subscription`), until nothing is due:
1. take the first open delivery of each case (deliveries of a case go out one after
   the other, in the order they were stored; one still waiting holds back the later);
2. claim it (PENDING -> SENDING, one more attempt) in its own short transaction, so two
   workers never send the same one at once;
3. POST the stored body, signed with the subscription's secret, to an address of the
   URL's host checked at that moment (webhooks.targets: no local or private address);
4. record the answer: 2xx delivered; a 5xx, a timeout or no connection is tried again
   after 30 s, 1 min, 2 min, ... (doubling, at most 6 h) until `max_attempts`; another
   4xx, a redirect, or a host that now resolves to a refused address fails at once.
   Failures in a row pause the subscription.

A worker killed between 2 and 4 leaves the delivery SENDING; once its claim is older
than `claim_lease()` it is taken again and sent again with the same delivery id
(`Rightthere-Delivery`), which the receiver uses to drop the copy.
"""

import http.client
import logging
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.client import HTTPException
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.integrations import HEADER, sign
from rightthere.webhooks import targets
from rightthere.webhooks.models import Delivery, DeliveryStatus, Subscription, SubscriptionState

logger = logging.getLogger(__name__)

DELIVERY_HEADER = "Rightthere-Delivery"
EVENT_HEADER = "Rightthere-Event"
ATTEMPT_HEADER = "Rightthere-Attempt"
USER_AGENT = "Rightthere-Webhooks/1"
MAX_DELAY = timedelta(hours=6)
# Refusals worth trying again: timeout, conflict, too early, too many requests.
RETRY_4XX = {408, 409, 425, 429}
KEEP_ANSWER = 2000
BATCH = 200  # deliveries per run; a longer queue continues in the next run


def _setting(name: str, default: float) -> float:
    return float(settings.RIGHTTHERE.get(name, default))


def timeout() -> float:
    return _setting("WEBHOOK_TIMEOUT_SECONDS", 10)


def max_attempts() -> int:
    return int(_setting("WEBHOOK_MAX_ATTEMPTS", 10))


def pause_after() -> int:
    return int(_setting("WEBHOOK_PAUSE_AFTER_FAILURES", 15))


def retry_base() -> timedelta:
    return timedelta(seconds=_setting("WEBHOOK_RETRY_BASE_SECONDS", 30))


def claim_lease() -> timedelta:
    """How long a claimed delivery belongs to the worker that claimed it: a request
    cannot last longer than the timeout, so after this its worker has died."""
    return timedelta(seconds=timeout() + _setting("WEBHOOK_CLAIM_GRACE_SECONDS", 30))


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: 30 s, 1 min, 2 min, 4 min, ..."""
    return min(retry_base() * (2 ** max(attempts - 1, 0)), MAX_DELAY)


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no HTTP answer (timeout, refused connection, ...)
    body: str = ""
    error: str = ""
    duration_ms: int = 0
    refused: bool = False  # not sent: the host resolved to an address webhooks may not reach

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def retryable(self) -> bool:
        if self.refused:
            return False
        return self.status is None or self.status >= 500 or self.status in RETRY_4XX

    def summary(self) -> str:
        if self.status is not None:
            return f"HTTP {self.status}"
        return self.error or "no answer"


@dataclass
class RunResult:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    paused: bool = False
    next_attempt_at: datetime | None = None
    more: bool = False  # stopped at BATCH with more due
    log: list[str] = field(default_factory=list)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (3xx), not followed: a POST must not turn into a GET
    somewhere else, carrying the signature along."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """Connects only to an address `targets.connect` resolved and checked itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = targets.connect


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    """The same; TLS then runs over that socket with the URL's name (SNI and the
    certificate check), as HTTPSConnection.connect does with `self.host`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = targets.connect


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(context=self.tls)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPSConnection, req, context=self.tls)


# No proxy from the environment (the checked address would be the proxy's), no
# redirects, and connections only to checked addresses (webhooks.targets).
_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _NoRedirects, _CheckedHTTPHandler, _CheckedHTTPSHandler
)


def headers_for(subscription: Subscription, delivery: Delivery, at: int) -> dict[str, str]:
    body = delivery.body.encode()
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        HEADER: sign(subscription.secret, body, at),
        DELIVERY_HEADER: str(delivery.delivery_id),
        EVENT_HEADER: delivery.event,
        ATTEMPT_HEADER: str(delivery.attempts),
    }


def post(subscription: Subscription, delivery: Delivery) -> Answer:
    """POST the delivery's body once, signed now; never raises for what the network
    or the receiver does."""
    body = delivery.body.encode()
    request = urllib.request.Request(  # noqa: S310 - the owner's own https/http URL
        subscription.url,
        data=body,
        headers=headers_for(subscription, delivery, int(time.time())),
        method="POST",
    )
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        with _opener.open(request, timeout=timeout()) as response:
            text = response.read(KEEP_ANSWER).decode("utf-8", "replace")
            return Answer(response.status, text, duration_ms=took())
    except urllib.error.HTTPError as exc:
        text = exc.read(KEEP_ANSWER).decode("utf-8", "replace") if exc.fp else ""
        return Answer(exc.code, text, duration_ms=took())
    except TimeoutError:
        return Answer(None, error=f"no answer within {timeout():g} s", duration_ms=took())
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, targets.AddressRefused):
            logger.warning("webhook %s not sent: %s", subscription.pk, reason)
            return Answer(None, error=f"not sent: {reason}"[:500], refused=True)
        if isinstance(reason, TimeoutError):
            return Answer(None, error=f"no answer within {timeout():g} s", duration_ms=took())
        return Answer(None, error=f"could not connect: {reason}"[:500], duration_ms=took())
    except (OSError, HTTPException, ValueError) as exc:
        return Answer(None, error=f"{type(exc).__name__}: {exc}"[:500], duration_ms=took())


def heads(subscription_id: int, now: datetime) -> list[Delivery]:
    """The first open delivery of each case, when it is due and nobody is sending it."""
    stale = now - claim_lease()
    open_rows = Delivery.objects.filter(
        subscription_id=subscription_id,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
    ).order_by("id")[: BATCH * 5]
    seen: set[int | None] = set()
    due = []
    for delivery in open_rows:
        if delivery.case_id in seen:
            continue  # a later one of a case waits for the earlier
        seen.add(delivery.case_id)
        if delivery.status == DeliveryStatus.SENDING and (delivery.claimed_at or now) > stale:
            continue  # another worker is on it
        if delivery.next_attempt_at <= now:
            due.append(delivery)
    return due


def claim(delivery: Delivery, now: datetime) -> bool:
    """Take the delivery for this worker (one more attempt), unless someone else did
    or its subscription was paused meanwhile."""
    with transaction.atomic():
        taken = Delivery.objects.filter(
            pk=delivery.pk,
            status=delivery.status,
            attempts=delivery.attempts,
            subscription__state=SubscriptionState.ACTIVE,
        ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if taken:
        delivery.status, delivery.claimed_at = DeliveryStatus.SENDING, now
        delivery.attempts += 1
    return bool(taken)


def record(
    delivery: Delivery,
    answer: Answer,
    now: datetime,
    on_pause: Callable[[Subscription], None],
) -> str:
    """Write the attempt's outcome; pause the subscription after too many failures in
    a row (`on_pause` tells the owners, in the same transaction)."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=delivery.subscription_id)
        fields = {
            "last_attempt_at": now,
            "response_status": answer.status,
            "response_body": answer.body[:KEEP_ANSWER],
            "error": answer.error[:500],
            "duration_ms": answer.duration_ms,
            "claimed_at": None,
        }
        outcome: str
        if answer.ok:
            outcome = DeliveryStatus.DELIVERED
            fields |= {"status": outcome, "finished_at": now}
            subscription.consecutive_failures = 0
        else:
            subscription.consecutive_failures += 1
            if not answer.retryable or delivery.attempts >= max_attempts():
                outcome = DeliveryStatus.FAILED
                fields |= {"status": outcome, "finished_at": now}
            else:
                outcome = "retrying"
                fields |= {
                    "status": DeliveryStatus.PENDING,
                    "next_attempt_at": now + backoff(delivery.attempts),
                }
        # Only the worker that holds the claim writes (a stale claim taken over by
        # another worker leaves this write to that one).
        Delivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.SENDING, attempts=delivery.attempts
        ).update(**fields)
        paused = (
            not answer.ok
            and subscription.state == SubscriptionState.ACTIVE
            and subscription.consecutive_failures >= pause_after()
        )
        if paused:
            subscription.state = SubscriptionState.PAUSED
            subscription.paused_at = now
            subscription.paused_reason = gettext(
                "Paused after %(count)s failed attempts in a row (last: %(last)s)."
            ) % {"count": subscription.consecutive_failures, "last": answer.summary()}
        subscription.save(
            update_fields=["consecutive_failures", "state", "paused_at", "paused_reason"]
        )
        if paused:
            on_pause(subscription)
            return "paused"
    return outcome


def run_subscription(
    subscription_id: int,
    *,
    on_pause: Callable[[Subscription], None],
    now: Callable[[], datetime] = timezone.now,
) -> RunResult:
    """Send what is due for one subscription, case by case in order, until nothing is
    due (or BATCH were sent). Safe to run in several workers at once."""
    result = RunResult()
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    sent = 0
    while subscription is not None and subscription.state == SubscriptionState.ACTIVE:
        due = heads(subscription_id, now())
        if not due:
            break
        progressed = False
        for delivery in due:
            if sent >= BATCH:
                result.more = True
                return result
            if not claim(delivery, now()):
                continue
            progressed, sent = True, sent + 1
            answer = post(subscription, delivery)
            outcome = record(delivery, answer, now(), on_pause)
            result.log.append(f"{delivery.delivery_id} {delivery.event}: {answer.summary()}")
            if outcome == DeliveryStatus.DELIVERED:
                result.delivered += 1
            elif outcome == DeliveryStatus.FAILED:
                result.failed += 1
            elif outcome == "retrying":
                result.retrying += 1
            else:
                result.failed += 1
                result.paused = True
                return result
        if not progressed:
            break
        subscription.refresh_from_db(fields=["state", "url", "secret"])
    result.next_attempt_at = next_attempt(subscription_id)
    return result


def next_attempt(subscription_id: int) -> datetime | None:
    """When this subscription next has something to send (for the follow-up run): its
    next waiting delivery, or the end of a claim's lease. The second matters after a
    worker was killed mid-delivery: the run queued again on its restart finds the
    delivery still claimed, and without a run at the lease's end it would wait for the
    periodic sweep."""
    rows = Delivery.objects.filter(subscription_id=subscription_id)
    waiting = (
        rows.filter(status=DeliveryStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    claimed = (
        rows.filter(status=DeliveryStatus.SENDING, claimed_at__isnull=False)
        .order_by("claimed_at")
        .values_list("claimed_at", flat=True)
        .first()
    )
    times = [t for t in (waiting, claimed + claim_lease() if claimed else None) if t]
    return min(times) if times else None


def due_subscriptions(now: datetime) -> list[int]:
    """Active subscriptions with something due or abandoned (the periodic sweep)."""
    stale = now - claim_lease()
    pending = Delivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).values_list("subscription_id", flat=True)
    abandoned = Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=stale
    ).values_list("subscription_id", flat=True)
    ids = set(pending) | set(abandoned)
    return list(
        Subscription.objects.filter(pk__in=ids, state=SubscriptionState.ACTIVE).values_list(
            "pk", flat=True
        )
    )
