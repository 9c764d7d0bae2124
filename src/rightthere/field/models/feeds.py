"""A person's calendar feed: the secret address their phone's calendar subscribes to."""

import secrets

from django.conf import settings
from django.db import models


def new_feed_secret() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """One feed per technician or subcontractor user. The secret is the whole key (a phone
    calendar cannot log in); a new secret makes every address issued before stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64, unique=True, default=new_feed_secret)
    created_at = models.DateTimeField()
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of user {self.user_id}"
