"""Messages on a case and their attachments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INBOUND = "inbound", _("From the customer")
    OUTBOUND = "outbound", _("Reply to the customer")
    NOTE = "note", _("Internal note")


class Message(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body_text = models.TextField()
    # Always sanitised with nh3 before it is stored; safe to render.
    body_html = models.TextField(blank=True)
    created_at = models.DateTimeField()
    # Written by Rightthere itself (e.g. the acknowledgement), not by a person.
    automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="message_case_created"),
            # The customers' own messages per case (customer effort on the dashboard).
            models.Index(
                fields=["case"],
                condition=models.Q(direction="inbound", automatic=False),
                name="message_customer_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} on case {self.case_id}"

    @property
    def author_name(self) -> str:
        if self.author_id is not None and self.author is not None:
            return self.author.display_name
        if self.automatic:
            return "Automatic message"
        if self.direction == Direction.NOTE:
            return "Rightthere"  # a note the desk wrote (a bounce, dropped attachments)
        if self.author_contact is not None:
            return self.author_contact.name
        return "Customer"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    size = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return self.filename
