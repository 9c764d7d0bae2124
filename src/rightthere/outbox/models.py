"""Every e-mail Rightthere sends to a customer, with its delivery state."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    REPLY = "reply", _("Reply")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")
    HELD = "held", _("Held (no mail server configured)")


class OutboundMail(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="outbound_mail")
    message = models.ForeignKey(
        "cases.Message", on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=20, choices=MailKind.choices, default=MailKind.REPLY)
    to_address = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    # Our own Message-ID, so the customer's answer threads back to the case.
    mail_message_id = models.CharField(max_length=255, unique=True)
    # The id the mail provider gave it when sent through its API (django-anymail), so its
    # delivery and bounce reports find it; "" when sent over SMTP.
    provider_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbound_status")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"
