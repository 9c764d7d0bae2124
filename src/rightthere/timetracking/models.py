"""Time spent on cases and visits: timers and manual entries.

A finished entry covers `started_at` to `ended_at`, and `ended_at` is always
`started_at + minutes`: the span is exactly the minutes counted, so totals per
period can be cut at any boundary (midnight, the end of a week) without
guessing. A running timer has neither `ended_at` nor `minutes`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_NOTE_CHARS = 1000
MAX_MANUAL_MINUTES = 24 * 60


class Source(models.TextChoices):
    TIMER = "timer", _("Timer")
    MANUAL = "manual", _("Added by hand")


class TimeEntry(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_entries"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="time_entries")
    # Always a visit of `case`; the time stays on the case if the visit is deleted.
    visit = models.ForeignKey(
        "field.Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="time_entries",
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    billable = models.BooleanField(default=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name_plural = "time entries"
        indexes = [
            models.Index(fields=["case", "started_at"], name="time_case_started"),
            models.Index(fields=["person", "started_at"], name="time_person_started"),
            models.Index(fields=["started_at"], name="time_started"),
        ]
        constraints = [
            # One running timer per person; starting another stops this one first.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_at__isnull=True),
                name="time_one_running_timer",
            ),
            models.CheckConstraint(
                condition=(Q(ended_at__isnull=True) & Q(minutes__isnull=True))
                | (
                    Q(ended_at__isnull=False)
                    & Q(minutes__gte=1)
                    & Q(ended_at__gt=models.F("started_at"))
                ),
                name="time_finished_has_minutes",
            ),
            models.CheckConstraint(condition=Q(source__in=Source.values), name="time_source_known"),
        ]

    def __str__(self) -> str:
        length = "running" if self.minutes is None else f"{self.minutes} min"
        return f"{length} on case {self.case_id} by user {self.person_id}"

    @property
    def running(self) -> bool:
        return self.ended_at is None
