"""Replay protection for a mail provider's signed posts (Mailgun's inbound mail).

Mailgun signs each post with the HMAC of a timestamp and a one-time token, which
anymail checks; it does not check the timestamp's age or whether the token came
before, so a captured post would be taken again whenever it is replayed. Here a
signed post is refused when its timestamp is further from now than
MAIL_WEBHOOK_MAX_AGE_SECONDS (10 minutes), or when its token was already taken.
Tokens are kept only as long as their timestamp would pass; older ones are pruned
as new ones come in. Mailgun's own retries carry a new token and timestamp.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from rightthere.mail.models import SeenWebhookToken


class Replayed(Exception):
    """A signed post that is too old, from the future, or seen before."""


def max_age() -> timedelta:
    return timedelta(seconds=float(settings.RIGHTTHERE.get("MAIL_WEBHOOK_MAX_AGE_SECONDS", 600)))


def claim(
    provider: str, token: str, signed_at: datetime | None, now: datetime | None = None
) -> SeenWebhookToken:
    """Take the post's token once; raises Replayed when the post must be refused.
    `forget` gives the token back when the post was not taken in after all."""
    now = now or timezone.now()
    window = max_age()
    if not token or signed_at is None:
        raise Replayed("the post has no signature token or timestamp")
    if abs(now - signed_at) > window:
        raise Replayed(
            f"its signature is from {signed_at:%Y-%m-%d %H:%M:%S} UTC, more than "
            f"{window.total_seconds():g} s from now (MAIL_WEBHOOK_MAX_AGE_SECONDS)"
        )
    SeenWebhookToken.objects.filter(signed_at__lt=now - window).delete()
    try:
        with transaction.atomic():
            return SeenWebhookToken.objects.create(
                provider=provider, token=token, signed_at=signed_at, seen_at=now
            )
    except IntegrityError:
        raise Replayed("its signature token was used before (a replayed post)") from None


def forget(seen: SeenWebhookToken) -> None:
    seen.delete()
