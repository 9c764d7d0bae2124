"""Online reviews of the business, imported or pushed by a webhook, and their imports."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

BAD_RATING = 2
STRONGLY_NEGATIVE = -0.5


class Match(models.TextChoices):
    EMAIL = "email", gettext_lazy("Matched by e-mail")
    NAME = "name", gettext_lazy("Matched by name")
    UNSURE = "unsure", gettext_lazy("Unsure: confirm the customer")
    NONE = "none", gettext_lazy("No customer found")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed by staff")


class Review(models.Model):
    platform = models.CharField(max_length=50)
    external_id = models.CharField(max_length=200)
    author = models.CharField(max_length=200)
    author_email = models.EmailField(blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    posted_at = models.DateTimeField()
    url = models.URLField(max_length=500, blank=True)
    sentiment = models.FloatField(help_text="vaderSentiment compound score, -1 to +1.")
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reviews",
    )  # fmt: skip
    match = models.CharField(max_length=10, choices=Match.choices, default=Match.NONE)
    suggested_customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    response_text = models.TextField(blank=True)
    response_findings = models.JSONField(default=list, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="review_unique_per_platform"
            )
        ]
        indexes = [models.Index(fields=["platform", "posted_at"], name="review_platform_posted")]

    def __str__(self) -> str:
        return f"{self.platform} review by {self.author}"

    @property
    def is_bad(self) -> bool:
        """Rated 2 or less, or strongly negative in its words."""
        low = self.rating is not None and self.rating <= BAD_RATING
        return low or self.sentiment <= STRONGLY_NEGATIVE

    @property
    def response_time(self) -> timedelta | None:
        if self.responded_at is None:
            return None
        return self.responded_at - max(self.posted_at, self.imported_at)


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", gettext_lazy("Waiting for confirmation")
    RUNNING = "running", gettext_lazy("Importing")
    DONE = "done", gettext_lazy("Done")


class ReviewImport(models.Model):
    """A file of reviews: parsed for a preview, imported once confirmed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4)
    content = models.TextField()
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_reviews = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 100
