"""The daily digest: once a day, each person who chose it for some kinds gets one mail
with those notifications still unread. Idempotent: the day's `DigestSent` row is
unique per person, and each notification it takes is stamped with it."""

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from rightthere.core.tasks import enqueue_on_commit
from rightthere.notifications.models import (
    Delivery,
    DigestSent,
    Notification,
    NotificationPreference,
)
from rightthere.notifications.tasks import mail_digest


def digest_hour() -> int:
    """The local hour from which the day's digest goes out (default 7:00)."""
    return int(settings.RIGHTTHERE.get("NOTIFICATION_DIGEST_HOUR", 7))


def send_digests(now: datetime | None = None, *, any_hour: bool = False) -> dict[str, int]:
    """Record and queue today's digest for everyone who has one due and not yet sent.
    Before the digest hour nothing happens, unless `any_hour` (the command's --digest)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if not any_hour and local.hour < digest_hour():
        return {"digests": 0}
    kinds: dict[int, list[str]] = defaultdict(list)
    for user_id, kind in NotificationPreference.objects.filter(
        delivery=Delivery.DIGEST, user__is_active=True
    ).values_list("user_id", "kind"):
        kinds[user_id].append(kind)
    done_today = set(
        DigestSent.objects.filter(day=local.date(), user_id__in=kinds).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    for user_id, user_kinds in kinds.items():
        if user_id not in done_today and _send_one(user_id, user_kinds, now):
            sent += 1
    return {"digests": sent}


def _send_one(user_id: int, kinds: list[str], now: datetime) -> bool:
    waiting = Notification.objects.filter(
        recipient_id=user_id, kind__in=kinds, read_at__isnull=True, mailed_at__isnull=True
    )
    ids = list(waiting.values_list("pk", flat=True))
    if not ids:
        return False
    try:
        with transaction.atomic():
            digest = DigestSent.objects.create(
                user_id=user_id, day=timezone.localdate(now), sent_at=now, count=0
            )
            count = Notification.objects.filter(pk__in=ids, mailed_at__isnull=True).update(
                mailed_at=now, digest=digest
            )
            if not count:
                transaction.set_rollback(True)
                return False
            digest.count = count
            digest.save(update_fields=["count"])
            enqueue_on_commit(mail_digest, digest.pk)
    except IntegrityError:
        return False  # another run recorded today's digest first
    return True
