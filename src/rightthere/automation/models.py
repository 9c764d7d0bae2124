"""Rules (an event, conditions and actions, in the owner's order) and their firings (one
row per rule, case and triggering event: a rule fires at most once for each)."""

from django.db import models
from django.utils.translation import gettext_lazy

from rightthere.accounts.models import User


class Trigger(models.TextChoices):
    CASE_OPENED = "case_opened", gettext_lazy("A case is opened")
    CUSTOMER_REPLIED = "customer_replied", gettext_lazy("The customer writes")
    STATUS_CHANGED = "status_changed", gettext_lazy("The status changes")
    # Time-based: checked by the worker (the `automation-timers` periodic job).
    NO_REPLY = "no_reply", gettext_lazy("The customer waits for our answer")


# Each trigger inside a sentence ("When a case is opened and ..."): the labels above
# lower-cased in English; German keeps its capital nouns.
TRIGGER_IN_SENTENCE = {
    Trigger.CASE_OPENED: gettext_lazy("a case is opened"),
    Trigger.CUSTOMER_REPLIED: gettext_lazy("the customer writes"),
    Trigger.STATUS_CHANGED: gettext_lazy("the status changes"),
    Trigger.NO_REPLY: gettext_lazy("the customer waits for our answer"),
}


class Rule(models.Model):
    """When `trigger` happens on a case and every condition holds, do the actions.

    `conditions`: [{"field": "channel", "op": "is", "value": "review"}, ...] (all must hold);
    `actions`: [{"type": "tag", "value": "review"}, ...] (done in order). Both are checked
    by automation.setup before they are saved."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    # For NO_REPLY: how long the customer has waited, in business minutes.
    wait_minutes = models.PositiveIntegerField(null=True, blank=True)
    conditions = models.JSONField(default=list, blank=True)
    actions = models.JSONField(default=list)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Firing(models.Model):
    """A rule fired on a case for one triggering event (`trigger_key`, e.g. the message
    it reacted to); the unique key makes firing again for the same event impossible."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="firings")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    trigger_key = models.CharField(max_length=100)
    fired_at = models.DateTimeField()
    outcome = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-fired_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "case", "trigger_key"], name="automation_fires_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} on {self.case_id} ({self.trigger_key})"
