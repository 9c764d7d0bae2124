"""Checklist templates that owners set up, and the steps on each case."""

from django.conf import settings
from django.db import models

from rightthere.cases.models import Kind

MAX_STEP_CHARS = 250


class ChecklistTemplate(models.Model):
    """A reusable list of steps, e.g. "Boiler repair", set up in the admin."""

    name = models.CharField(max_length=200, unique=True)
    case_kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text="The kind of case it is for; leave empty for any kind.",
    )
    apply_automatically = models.BooleanField(
        default=False,
        help_text="Put these steps on every new case of this kind (of any kind if none is set).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistTemplateStep(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=MAX_STEP_CHARS)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class CaseChecklistItem(models.Model):
    """One step on a case. It changes only through `checklists.actions`, which
    record every change as a case event."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="checklist_items")
    position = models.PositiveIntegerField()
    text = models.CharField(max_length=MAX_STEP_CHARS)
    from_template = models.ForeignKey(
        ChecklistTemplate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The template the step came from, if any.",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["case", "position"], name="checklist_case_position"),
            # "Not started": which open cases have a step yet no started one.
            models.Index(
                fields=["case"],
                condition=models.Q(started_at__isnull=False),
                name="checklist_case_started",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_started(self) -> bool:
        return self.started_at is not None

    @property
    def state(self) -> str:
        """ "done", "started" or "todo"."""
        if self.done_at is not None:
            return "done"
        return "started" if self.started_at is not None else "todo"
