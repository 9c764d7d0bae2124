"""Customer satisfaction (CSAT): one question per solved case, one answer per case."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import pgettext_lazy

MAX_COMMENT_CHARS = 2000


class Rating(models.TextChoices):
    GOOD = "good", pgettext_lazy("rating", "Good")
    BAD = "bad", pgettext_lazy("rating", "Not good")


class AnswerChannel(models.TextChoices):
    EMAIL = "email", "e-mail link"
    STATUS_PAGE = "status_page", "status page"
    STAFF = "staff", "recorded by staff"


class SatisfactionRequest(models.Model):
    """We asked the customer to rate the case. The unique case makes asking idempotent:
    whoever inserts the row sends the message, anyone else finds it there."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="satisfaction_request"
    )
    message = models.ForeignKey(
        "cases.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Satisfaction asked on case {self.case_id}"


class SatisfactionAnswer(models.Model):
    """The customer's answer. It may be changed for CSAT_CHANGE_DAYS after `answered_at`."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="satisfaction_answer"
    )
    rating = models.CharField(max_length=10, choices=Rating.choices)
    comment = models.TextField(blank=True)
    answered_via = models.CharField(max_length=20, choices=AnswerChannel.choices)
    # Set when a person at the business typed in what the customer said (by phone, say);
    # empty when the customer answered themselves.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)
    commented_at = models.DateTimeField(null=True, blank=True)
    # The last change of any kind, so a report can fetch what is new since its last run.
    updated_at = models.DateTimeField()
    # When the desk acted on a "Not good" (reopened the case, told its people): once
    # per case, however often the answer is given or changed after (`desk.satisfaction`).
    acted_on_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["updated_at", "id"], name="satisfaction_updated")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__in=Rating.values), name="satisfaction_rating_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on case {self.case_id}"
