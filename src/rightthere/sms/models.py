"""Every SMS sent to a customer with its delivery state, numbers that said STOP, and the
From number set on the screen."""

from django.db import models


class SmsKind(models.TextChoices):
    VISIT_REMINDER = "visit_reminder", "Visit reminder"
    ON_MY_WAY = "on_my_way", "On my way"
    RUNNING_LATE = "running_late", "Running late"
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"


class SmsStatus(models.TextChoices):
    """Ours (queued, retrying, failed before the provider took it) and the provider's
    (accepted ... delivered / undelivered / failed, from its status callback)."""

    QUEUED = "queued", "Queued"
    RETRYING = "retrying", "Retrying"
    SENDING = "sending", "Sending"
    ACCEPTED = "accepted", "Accepted by the provider"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    UNDELIVERED = "undelivered", "Not delivered"
    FAILED = "failed", "Failed"
    OPTED_OUT = "opted_out", "Not sent: the customer said STOP"


# States after which nothing changes any more (a late "sent" report does not undo them).
FINAL = {SmsStatus.DELIVERED, SmsStatus.UNDELIVERED, SmsStatus.FAILED, SmsStatus.OPTED_OUT}


class SmsMessage(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="sms")
    message = models.ForeignKey("cases.Message", on_delete=models.CASCADE, related_name="sms")
    kind = models.CharField(max_length=20, choices=SmsKind.choices)
    to_number = models.CharField(max_length=20, help_text="E.164")
    from_number = models.CharField(max_length=20, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=12, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    # The provider's id of the message (Twilio's "SM..." sid), set once it accepted it.
    provider_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_id"], condition=~models.Q(provider_id=""), name="sms_provider_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to_number}"


class OptOut(models.Model):
    """A number that answered STOP; START removes it. One row per number (E.164)."""

    number = models.CharField(max_length=20, unique=True)
    keyword = models.CharField(max_length=20)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return self.number


class SmsSettings(models.Model):
    """The one row of SMS settings kept in the database (the secrets stay in the
    environment); empty means the environment's SMS_FROM_NUMBER."""

    from_number = models.CharField(max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "SMS settings"

    def __str__(self) -> str:
        return self.from_number or "SMS settings"
