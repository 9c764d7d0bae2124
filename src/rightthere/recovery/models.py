"""The complaint-recovery playbook: six steps from apology to a process that changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

DEFAULT_ROOT_CAUSES = [
    "Office or order error",
    "Vendor",
    "Diagnosis",
    "Skill",
    "Communication",
    "Customer misuse",
    "Other",
]


def active_root_causes() -> "models.QuerySet[RootCause]":
    """The owner's list; the defaults are put back if the list was ever emptied."""
    if not RootCause.objects.exists():
        RootCause.objects.bulk_create(
            [RootCause(name=name, position=i) for i, name in enumerate(DEFAULT_ROOT_CAUSES)],
            ignore_conflicts=True,
        )
    return RootCause.objects.filter(active=True)


class RootCause(models.Model):
    """Why it went wrong; the list is kept by the owner in the admin."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Improvement(models.Model):
    """A change to how we work, made because of complaints with one root cause."""

    title = models.CharField(max_length=200)
    root_cause = models.ForeignKey(RootCause, on_delete=models.PROTECT, related_name="improvements")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(blank=True)
    changed_on = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy("The day the process changed; before/after are measured from it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class StartedBy(models.TextChoices):
    KIND = "kind", gettext_lazy("Case is a complaint")
    AGENT = "agent", gettext_lazy("Marked by an agent")
    SENTIMENT = "sentiment", gettext_lazy("Upset customer (incoming sentiment)")
    REVIEW = "review", gettext_lazy("Bad review")
    RULE = "rule", gettext_lazy("An automation rule")
    RATING = "rating", gettext_lazy("Rated “Not good” by the customer")


class Recovery(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="recovery")
    started_at = models.DateTimeField()
    started_by = models.CharField(max_length=10, choices=StartedBy.choices)
    # A customer who is not satisfied sends the recovery round again from step 2.
    round = models.PositiveSmallIntegerField(default=1)
    # 1. acknowledge with an apology
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement = models.ForeignKey(
        "cases.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 2. offer options, the customer chooses
    options_offered_at = models.DateTimeField(null=True, blank=True)
    chosen_option = models.ForeignKey(
        "recovery.RecoveryOption",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chosen_by_customer = models.BooleanField(default=False)
    chosen_at = models.DateTimeField(null=True, blank=True)
    # 3. follow through: the choice becomes a promise, kept when done
    follow_through = models.ForeignKey(
        "promises.Promise", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 4. satisfaction check
    check_sent_at = models.DateTimeField(null=True, blank=True)
    satisfied = models.BooleanField(null=True, blank=True)
    satisfaction_comment = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # 5. feedback
    feedback = models.TextField(blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    # 6. improvement
    root_cause = models.ForeignKey(
        RootCause, null=True, blank=True, on_delete=models.PROTECT, related_name="recoveries"
    )
    improvement = models.ForeignKey(
        Improvement, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )

    class Meta:
        verbose_name_plural = "recoveries"

    def __str__(self) -> str:
        return f"Recovery of case {self.case_id}"


class RecoveryOption(models.Model):
    recovery = models.ForeignKey(Recovery, on_delete=models.CASCADE, related_name="options")
    round = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "position", "id"]

    def __str__(self) -> str:
        return self.label


class StepWaiver(models.Model):
    """An owner's decision to skip a step, with the reason on record."""

    recovery = models.ForeignKey(Recovery, on_delete=models.CASCADE, related_name="waivers")
    step = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=500)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recovery", "step"], name="one_waiver_per_step")
        ]

    def __str__(self) -> str:
        return f"Step {self.step} waived"
