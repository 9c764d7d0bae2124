"""Incoming mail as it arrived, and the IMAP mailboxes it is fetched from.

Each mail is stored raw before anything else happens to it, so a bug, a
crash or a bad setting never loses a customer's message: it can always be
processed again from the stored bytes.
"""

import os
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from rightthere.mail.authentication import Verdict, warning_text


class Security(models.TextChoices):
    SSL = "ssl", gettext_lazy("TLS from the start (IMAPS, usually port 993)")
    STARTTLS = "starttls", gettext_lazy("STARTTLS (usually port 143)")
    NONE = "none", gettext_lazy("None: plain text (only for a server on this machine)")


class Mailbox(models.Model):
    """An IMAP mailbox polled for customer mail. Its password is never stored here:
    it comes from an environment variable (see `password_variable`)."""

    name = models.CharField(max_length=100, unique=True)
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField(default=993)
    security = models.CharField(max_length=10, choices=Security.choices, default=Security.SSL)
    username = models.CharField(max_length=255)
    password_env = models.CharField(
        "password variable",
        max_length=100,
        blank=True,
        help_text=(
            "Name of the environment variable that holds the password. Leave empty to use "
            "RIGHTTHERE_MAILBOX_<NAME>_PASSWORD (the mailbox name in capitals, other "
            "characters as _)."
        ),
    )
    folder = models.CharField(max_length=255, default="INBOX")
    processed_folder = models.CharField(
        max_length=255,
        blank=True,
        help_text="Move each mail here once it is stored. Empty: leave it and mark it read.",
    )
    active = models.BooleanField(default=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "mailboxes"

    def __str__(self) -> str:
        return self.name

    @property
    def password_variable(self) -> str:
        if self.password_env.strip():
            return self.password_env.strip()
        slug = re.sub(r"[^A-Z0-9]+", "_", self.name.upper()).strip("_")
        return f"RIGHTTHERE_MAILBOX_{slug}_PASSWORD"

    def password(self) -> str | None:
        """From the environment, else from settings.RIGHTTHERE["MAILBOX_PASSWORDS"][name]."""
        value = os.environ.get(self.password_variable)
        if value:
            return value
        configured = settings.RIGHTTHERE.get("MAILBOX_PASSWORDS", {})
        return configured.get(self.name) or None


class Source(models.TextChoices):
    IMAP = "imap", gettext_lazy("IMAP mailbox")
    EML = "eml", gettext_lazy("Imported .eml file")
    HTTP = "http", gettext_lazy("Posted over HTTP")
    PROVIDER = "provider", gettext_lazy("Posted by a mail provider")


class InboundStatus(models.TextChoices):
    RECEIVED = "received", gettext_lazy("Received, not processed yet")
    PROCESSED = "processed", gettext_lazy("Processed")
    FAILED = "failed", gettext_lazy("Could not process")
    IGNORED = "ignored", gettext_lazy("Ignored")
    # A report that mail we sent could not be delivered: that mail is marked failed
    # (never a case of its own); `case` is the case the mail was on.
    BOUNCE = "bounce", gettext_lazy("Bounce: our mail was not delivered")


class InboundMail(models.Model):
    # Raw bytes in the database rather than a file in storage: the row and its
    # bytes commit together, so "stored" means durable, a redelivery can never
    # leave an orphan file, and backups hold one thing. Lists defer this column.
    raw = models.BinaryField(editable=False)
    raw_sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    message_id = models.CharField(max_length=900, blank=True, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="mails"
    )
    source_detail = models.CharField(
        max_length=255, blank=True, help_text="The file name, or the folder and IMAP UID."
    )
    status = models.CharField(
        max_length=10, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    error = models.TextField(blank=True, help_text="Why it could not be processed, or was ignored.")
    # Filled in by processing, for lists, rate limiting and acknowledgements.
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=250, blank=True)
    is_automated = models.BooleanField(default=False)
    automated_reason = models.CharField(max_length=255, blank=True)
    # What the receiving server's Authentication-Results said about the sender's domain.
    sender_check = models.CharField(
        max_length=10, choices=Verdict.choices, default=Verdict.NOT_CHECKED, blank=True
    )
    sender_check_detail = models.CharField(
        max_length=100, blank=True, help_text='What failed, e.g. "SPF and DMARC failed".'
    )
    opened_case = models.BooleanField(default=False)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_mails"
    )
    # Not "message": its column would clash with the Message-ID field above.
    case_message = models.ForeignKey(
        "cases.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_mails",
    )
    created_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    # Set (not stored) by store_raw when the mail had been stored before.
    duplicate: bool = False

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "inbound mail"
        verbose_name_plural = "inbound mail"
        constraints = [
            # A redelivered mail is recognised by its Message-ID, or by its bytes
            # when it has none; either way it is stored only once.
            models.UniqueConstraint(
                fields=["message_id"],
                condition=~Q(message_id=""),
                name="inbound_unique_message_id",
            ),
            models.UniqueConstraint(
                fields=["raw_sha256"],
                condition=Q(message_id=""),
                name="inbound_unique_hash_without_id",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="inbound_status_created"),
            models.Index(fields=["sender", "created_at"], name="inbound_sender_created"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject or self.message_id or self.raw_sha256[:12]}"

    @property
    def sender_warning(self) -> str:
        """The warning staff read on its message, "" when the sender was not doubted."""
        return warning_text(self.sender_check, self.sender_check_detail, self.sender)


class SeenWebhookToken(models.Model):
    """A signed provider post's one-time token (Mailgun's `token`), kept while its
    signature's timestamp is recent enough to be accepted, so the same signed post
    replayed is refused (mail.webhook_tokens)."""

    provider = models.CharField(max_length=20)
    token = models.CharField(max_length=200)
    signed_at = models.DateTimeField()  # the signature's timestamp
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "token"], name="webhook_token_once"),
        ]
        indexes = [models.Index(fields=["signed_at"], name="webhook_token_signed_at")]

    def __str__(self) -> str:
        return f"{self.provider} {self.token[:12]}…"
