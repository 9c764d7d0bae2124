"""Append-only record of everything that happens to a case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CREATED = "created", _("Case opened")
    STATUS = "status", _("Status")
    ASSIGNEE = "assignee", _("Assignee")
    PARTNER = "partner", _("Partner company")
    PRIORITY = "priority", _("Priority")
    TEAM = "team", _("Team")
    KIND = "kind", _("Kind")
    SUBJECT = "subject", _("Subject")
    TAGS = "tags", _("Tags")
    MESSAGE = "message", _("Message")
    DUE = "due", _("Due time")
    DELIVERY = "delivery", _("Mail delivery")
    PROMISE = "promise", _("Promise")
    WAITING = "waiting", _("Waiting for")
    CHECKLIST = "checklist", _("Checklist")
    RECOVERY = "recovery", _("Complaint recovery")
    SATISFACTION = "satisfaction", _("Satisfaction")
    VISIT = "visit", _("Visit")
    PART = "part", _("Part order")
    MERGE = "merge", _("Merge")
    UNMERGE = "unmerge", _("Merge undone")
    STATUS_LINK = "status_link", _("Customer's status link")
    AUTOMATION = "automation", _("Automation rule")


class AppendOnlyError(Exception):
    pass


class CaseEvent(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    field = models.CharField(max_length=50, blank=True)
    before = models.CharField(max_length=255, blank=True)
    after = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="event_case_created")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.before} -> {self.after}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Case events are append-only")

    @property
    def actor_name(self) -> str:
        return self.actor.display_name if self.actor else "Rightthere"
