"""A promise: a commitment to a customer with a date, tracked until kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PromiseState(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    BROKEN = "broken", _("Broken")
    RENEGOTIATED = "renegotiated", _("Renegotiated")
    # No longer ours to keep: what was promised was called off with the customer told
    # (a cancelled visit); neither kept nor broken.
    RELEASED = "released", _("Released")


class PromiseSource(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    REPLY = "reply", _("Made in a reply")
    READ_FROM_REPLY = "read_from_reply", _("Read from a reply")
    WAITING_ON_US = "waiting_on_us", _("Waiting on us")
    FOLLOW_UP = "follow_up", _("Follow-up with the customer")
    VISIT = "visit", _("Visit booking")
    PART_ARRIVAL = "part_arrival", _("Part arrival")
    RECOVERY = "recovery", _("Complaint recovery")
    MANUAL = "manual", _("Made by hand")


class Promise(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="promises")
    what = models.CharField(max_length=300)
    due_at = models.DateTimeField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="promises",
    )
    state = models.CharField(max_length=15, choices=PromiseState.choices, default=PromiseState.OPEN)
    source = models.CharField(max_length=20, choices=PromiseSource.choices)
    message = models.ForeignKey(
        "cases.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    kept_at = models.DateTimeField(null=True, blank=True)
    broken_at = models.DateTimeField(null=True, blank=True)
    renegotiated_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    # Timers set these so each reminder and escalation goes out once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(state="open"), name="promise_open_due"),
            models.Index(
                fields=["owner", "due_at"], condition=Q(state="open"), name="promise_open_owner"
            ),
            models.Index(fields=["case", "state"], name="promise_case_state"),
            models.Index(fields=["state", "broken_at"], name="promise_broken"),
        ]

    def __str__(self) -> str:
        return f"{self.what} by {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.state == PromiseState.OPEN
