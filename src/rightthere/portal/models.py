"""The customer side: status-page links and web-form submissions (for rate limiting)."""

import secrets

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
