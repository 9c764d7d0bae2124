"""Who has a case open now, and when each person last opened it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseSeen(models.Model):
    """When a person last opened a case: what they have read of it.

    A customer message newer than the assignee's `seen_at` is unread for them
    (the inbox's "Customer replied")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_seen_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} seen by user {self.user_id} at {self.seen_at:%Y-%m-%d %H:%M}"


class PresenceState(models.TextChoices):
    VIEWING = "viewing", _("viewing")
    WRITING = "writing", _("writing a reply")


class Presence(models.Model):
    """A person with a case page open, refreshed by the page's heartbeat.

    A row older than `FRESH` (presence.actions) means they left; stale rows are
    deleted by the periodic job (`prune_presence`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=PresenceState.choices)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="presence_once_per_user"),
        ]
        indexes = [models.Index(fields=["updated_at"], name="presence_updated")]

    def __str__(self) -> str:
        return f"user {self.user_id} {self.state} case {self.case_id}"
