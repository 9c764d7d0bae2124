"""What a member of staff is told about (the bell), and how each kind reaches them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    CUSTOMER_REPLIED = "customer_replied", _("A customer replied on my case")
    ASSIGNED = "assigned", _("A case was assigned to me or my team")
    MENTIONED = "mentioned", _("Someone mentioned me in an internal note")
    PROMISE_DUE = "promise_due", _("A promise of mine is due soon or broken")
    CUSTOMER_UPSET = "customer_upset", _("A customer on my case sounds upset")
    PART_ARRIVED = "part_arrived", _("A part for my case arrived")
    VISIT_MOVED = "visit_moved", _("A visit of mine moved")
    MAIL_BOUNCED = "mail_bounced", _("Mail to a customer on my case bounced")
    WEBHOOK_PAUSED = "webhook_paused", _("An outgoing webhook was paused after failures (owners)")
    RULE = "rule", _("An automation rule asked to tell me about a case")


class Delivery(models.TextChoices):
    APP = "app", _("In the app only")
    NOW = "now", _("In the app and by mail at once")
    DIGEST = "digest", _("In the app and in a daily mail digest")
    OFF = "off", _("Off")


# Without a saved preference: everything shows in the app; the three that need an answer
# from this person soon (a customer's mail, a new case, a customer who did not get ours)
# also come by mail at once.
DEFAULT_DELIVERY: dict[str, str] = {
    NotificationKind.CUSTOMER_REPLIED: Delivery.NOW,
    NotificationKind.ASSIGNED: Delivery.NOW,
    NotificationKind.MAIL_BOUNCED: Delivery.NOW,
    NotificationKind.WEBHOOK_PAUSED: Delivery.NOW,
}


def default_delivery(kind: str) -> str:
    return DEFAULT_DELIVERY.get(kind, Delivery.APP)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=300, help_text="One line a person reads.")
    url = models.CharField(max_length=500, help_text="The place it is about (a path).")
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once it went out by mail (at once or in a digest), so it never goes twice.
    mailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "notifications.DigestSent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        help_text="The daily digest that mailed it, if one did.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_newest"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A person's choice for one kind; without a row, `default_delivery` applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"


class DigestSent(models.Model):
    """One daily digest mailed to one person: the record that keeps it to once a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="notification_digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day}: {self.count}"
