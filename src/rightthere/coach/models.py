"""What the reply check and the sentiment of incoming messages keep in the database."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from rightthere.coach.rules import CATEGORIES, check_suggestion

# The categories' names on the screens ("no_problem" -> "No problem"), translated there.
CATEGORY_NAMES = {
    "no_problem": gettext_lazy("No problem"),
    "excuse": gettext_lazy("Excuse"),
    "blame": gettext_lazy("Blame"),
    "vague_commitment": gettext_lazy("Vague commitment"),
    "customer_work": gettext_lazy("Customer work"),
    "missing_apology": gettext_lazy("Missing apology"),
    "harsh_tone": gettext_lazy("Harsh tone"),
}
PHRASE_CATEGORIES = [
    (c, CATEGORY_NAMES.get(c, c.replace("_", " ").capitalize()))
    for c in CATEGORIES
    if c not in ("shouting",)
]


class CoachPhrase(models.Model):
    """A pattern an owner adds to a category of the rule file, or (with `turns_off`) one
    of the rule file's own patterns an owner turned off; set up in Settings → Reply check."""

    category = models.CharField(max_length=30, choices=PHRASE_CATEGORIES)
    phrase = models.CharField(max_length=600)
    turns_off = models.BooleanField(
        default=False, help_text="This is a shipped pattern, turned off for this desk."
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
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
        help_text="A customer message whose words score at or below this (-1 to 0) on the "
        "sentiment lexicon: one of the signals of an upset customer.",
    )
    upset_marks_complaint = models.BooleanField(
        default=False,
        help_text="A message flagged upset (a strong signal) also makes the case a complaint "
        "and starts the recovery playbook. Off: the case page suggests it instead.",
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
    upset = models.BooleanField(default=False)  # flagged: a strong signal
    # How upset they look (coach.upset): the score, "none", "suggest" or "flag", and why.
    upset_score = models.FloatField(default=0.0)
    level = models.CharField(max_length=10, default="none")
    reasons = models.JSONField(default=list, blank=True)
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
