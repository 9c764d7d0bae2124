"""The customer's side of a visit: a time offered for them to choose, and the messages of
the visit's day (the reminder the day before, "on my way", "running late")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VisitOffer(models.Model):
    """A visit is needed and the customer chooses its time: what the visit needs, offered
    on their status page (and in a mail) until they pick one of the slots."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="visit_offers")
    skill = models.ForeignKey(
        "field.Skill", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    address = models.TextField(blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()
    # Closed once the customer chose (then `visit` is what they chose) or staff withdrew it.
    closed_at = models.DateTimeField(null=True, blank=True)
    visit = models.ForeignKey(
        "field.Visit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(closed_at__isnull=True), name="field_one_open_offer"
            )
        ]

    def __str__(self) -> str:
        return f"Visit offer on case {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class DayMessageKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder the day before")
    ON_MY_WAY = "on_my_way", _("On my way")
    RUNNING_LATE = "running_late", _("Running late")


class VisitDayMessage(models.Model):
    """A message of the visit's day sent to the customer. A reminder is sent once per
    visit and start time: the job finds it here and sends none again, unless the visit
    moved (a new start)."""

    visit = models.ForeignKey("field.Visit", on_delete=models.CASCADE, related_name="day_messages")
    kind = models.CharField(max_length=15, choices=DayMessageKind.choices)
    starts_at = models.DateTimeField(help_text="The visit's start when the message was sent.")
    expected_at = models.DateTimeField(null=True, blank=True, help_text="The estimated arrival.")
    message = models.ForeignKey(
        "cases.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "starts_at"],
                condition=Q(kind="reminder"),
                name="field_one_reminder_per_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for visit {self.visit_id}"
