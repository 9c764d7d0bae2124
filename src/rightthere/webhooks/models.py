"""Subscriptions (a URL, the events it wants, its secret) and their deliveries (the
outbox: one row per event and subscription, written with the change it reports)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy

from rightthere.accounts.models import User
from rightthere.cases.models.case import format_reference


class EventType(models.TextChoices):
    CASE_OPENED = "case.opened", gettext_lazy("Case opened")
    CUSTOMER_REPLIED = "case.customer_replied", gettext_lazy("Customer replied")
    STATUS_CHANGED = "case.status_changed", gettext_lazy("Status changed")
    PROMISE_MADE = "promise.made", gettext_lazy("Promise made")
    PROMISE_KEPT = "promise.kept", gettext_lazy("Promise kept")
    PROMISE_BROKEN = "promise.broken", gettext_lazy("Promise broken")
    VISIT_BOOKED = "visit.booked", gettext_lazy("Visit booked")
    VISIT_MOVED = "visit.moved", gettext_lazy("Visit moved")
    VISIT_DONE = "visit.done", gettext_lazy("Visit done")
    COMPLAINT_STEP_DONE = "complaint.step_done", gettext_lazy("Complaint step done")
    REVIEW_RECEIVED = "review.received", gettext_lazy("Review received")
    CSAT_ANSWERED = "csat.answered", gettext_lazy("Satisfaction answered")


class SubscriptionState(models.TextChoices):
    ACTIVE = "active", gettext_lazy("Active")
    PAUSED = "paused", gettext_lazy("Paused")


class Subscription(models.Model):
    """A URL that wants some of the desk's events, signed with its own secret."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)  # EventType values
    secret = models.CharField(max_length=100)
    # After a new secret the old one is shown for a day, so the receiver can switch.
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_valid_until = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=SubscriptionState.choices, default=SubscriptionState.ACTIVE
    )
    paused_reason = models.CharField(max_length=300, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    # Failed attempts in a row (any delivery); a success sets it back to 0.
    consecutive_failures = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.url})"

    @property
    def is_paused(self) -> bool:
        return self.state == SubscriptionState.PAUSED

    def event_labels(self) -> list[str]:
        return [str(EventType(e).label) for e in self.events if e in EventType.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting")  # not sent yet, or waiting for its next attempt
    SENDING = "sending", gettext_lazy("Sending")  # claimed by a worker
    DELIVERED = "delivered", gettext_lazy("Delivered")
    FAILED = "failed", gettext_lazy("Failed")  # given up: refused (4xx) or out of attempts


class Delivery(models.Model):
    """One event for one subscription. `body` is the exact JSON sent (and signed), so
    every attempt and a "send again" send the same bytes."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The receiver's key for deduplication: the same on every attempt of this delivery.
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_id = models.UUIDField()  # the same for every subscription the event went to
    event = models.CharField(max_length=40, choices=EventType.choices)
    # Deliveries of one case go out in order; no database link, so a case merged or
    # deleted leaves its log as it was.
    case_id = models.BigIntegerField(null=True, blank=True)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.CharField(max_length=2000, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    resent_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resent_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["subscription", "status", "id"], name="webhook_delivery_queue"),
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.event} -> {self.subscription_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING)

    @property
    def case_reference(self) -> str:
        return format_reference(self.case_id) if self.case_id else ""
