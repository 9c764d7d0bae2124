"""The customer side: status-page links, and web-form submissions and status-page
replies (for their limits)."""

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


class StatusLink(models.Model):
    """One customer link per case. The URL carries a signed `<id>:<nonce>`; revoking or
    rotating a link makes every URL issued for it stop working."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="status_links")
    nonce = models.CharField(max_length=40, default=new_nonce)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(revoked_at__isnull=True), name="one_live_link"
            )
        ]

    def __str__(self) -> str:
        return f"Status link for case {self.case_id}"


class FormSubmission(models.Model):
    """Who posted the public form when, so a flood from one address can be refused."""

    ip_address = models.GenericIPAddressField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    accepted = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "created_at"], name="submission_ip_time")]

    def __str__(self) -> str:
        return f"{self.ip_address} at {self.created_at}"


class StatusReply(models.Model):
    """A reply posted on a status page (or refused there), with the bytes of its files:
    what the limits per case and per address count."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    ip_address = models.GenericIPAddressField()
    bytes = models.PositiveBigIntegerField(default=0)
    accepted = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["case", "created_at"], name="status_reply_case_time"),
            models.Index(fields=["ip_address", "created_at"], name="status_reply_ip_time"),
        ]

    def __str__(self) -> str:
        return f"{self.ip_address} on case {self.case_id} at {self.created_at}"


class SignInLink(models.Model):
    """A customer asked for a link to "All my requests" (a known address or not: each ask
    is kept, for the limits). Only a known address is mailed a link (`sent`); its
    django-sesame token is signed over this row's secret and its use, so it works once,
    for SESAME_MAX_AGE."""

    email = models.EmailField()  # as asked, lower-cased
    ip_address = models.GenericIPAddressField()
    secret = models.CharField(max_length=40, default=new_nonce)
    sent = models.BooleanField(default=False)
    accepted = models.BooleanField(default=True)  # False: refused by the limits
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["email", "created_at"], name="sign_in_email_time"),
            models.Index(fields=["ip_address", "created_at"], name="sign_in_ip_time"),
        ]

    def __str__(self) -> str:
        return f"Sign-in link for {self.email} at {self.created_at}"

    # What django-sesame reads of the "user" a token is for: its revocation key is built
    # from these, so a used link's token no longer verifies.
    @property
    def password(self) -> str:
        return self.secret

    @property
    def last_login(self) -> datetime | None:
        return self.used_at


class PortalSettings(models.Model):
    """The owner's choices about the customers' own pages (one row)."""

    # The contacts of an organisation see all its requests on "All my requests", not
    # only the ones they asked themselves.
    organisation_sharing = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return "Customer pages"
