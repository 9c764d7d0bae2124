"""What the reply check and the sentiment of incoming messages keep in the database."""

from django.core.exceptions import ValidationError
from django.db import models

from rightthere.coach.rules import CATEGORIES, check_suggestion

PHRASE_CATEGORIES = [
    (c, c.replace("_", " ").capitalize()) for c in CATEGORIES if c not in ("shouting",)
]


class CoachPhrase(models.Model):
    """A phrase an owner adds to the rule file's list, without touching code."""

    category = models.CharField(max_length=30, choices=PHRASE_CATEGORIES)
    phrase = models.CharField(max_length=100)
    suggestion = models.CharField(
        max_length=200,
        blank=True,
        help_text="What to write instead. {match} is the phrase found, {date} the next "
        "working day at 17:00.",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["category", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["category", "phrase"], name="coach_phrase_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.phrase}"

    def clean(self) -> None:
        if not self.phrase.strip():
            raise ValidationError({"phrase": "Give the words to look for."})
        try:
            check_suggestion(self.suggestion)
        except ValueError as error:
            raise ValidationError({"suggestion": str(error)}) from error


class CoachSettings(models.Model):
    """One row: how incoming sentiment is acted on."""

    upset_threshold = models.FloatField(
        default=-0.6,
        help_text="A customer message scoring at or below this (-1 to 0) counts as upset: "
        "the case's priority goes up.",
    )
    upset_marks_complaint = models.BooleanField(
        default=True,
        help_text="Also mark the case a complaint and start the recovery playbook.",
    )

    class Meta:
        verbose_name = "reply check and sentiment settings"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return "Reply check and sentiment settings"

    def clean(self) -> None:
        if not -1 <= self.upset_threshold <= 0:
            raise ValidationError({"upset_threshold": "Use a number from -1 to 0."})

    @classmethod
    def current(cls) -> "CoachSettings":
        return cls.objects.first() or cls()


class MessageSentiment(models.Model):
    """The sentiment of one customer message (vaderSentiment compound score)."""

    message = models.OneToOneField(
        "cases.Message", on_delete=models.CASCADE, related_name="sentiment"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    upset = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["case", "upset"], name="coach_sentiment_case_upset")]

    def __str__(self) -> str:
        return f"{self.score:+.2f} on message {self.message_id}"


class ReplyFinding(models.Model):
    """A finding still open when a reply was sent (the telltale signs count these)."""

    message = models.ForeignKey(
        "cases.Message", on_delete=models.CASCADE, related_name="reply_findings"
    )
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(max_length=30)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["message_id", "start"]
        indexes = [models.Index(fields=["category", "created_at"], name="coach_finding_category")]

    def __str__(self) -> str:
        return f"{self.category} in message {self.message_id}"
