"""A person's own notifications: the unread count, the list, marking them read.

Every function is scoped to the person: nobody sees or marks another's."""

from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from rightthere.accounts.models import User
from rightthere.notifications.models import Notification


def unread_count(user: User) -> int:
    """One COUNT on the (recipient, read_at) index."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notifications_of(user: User, *, unread: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(recipient_id=user.pk)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-id")


def access_notification(user: User, notification_id: int) -> Notification:
    """The person's own notification, else 404 (another's is not revealed)."""
    notification = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if notification is None:
        raise Http404(gettext("No such notification"))
    return notification


def mark_read(notification: Notification, *, now: datetime | None = None) -> Notification:
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(user: User, *, now: datetime | None = None) -> int:
    """Mark every unread notification of the person read; how many were."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def mark_case_read(user: User, case_id: int, *, now: datetime | None = None) -> int:
    """The person opened the case: its notifications for them are read (one UPDATE)."""
    return Notification.objects.filter(
        recipient_id=user.pk, case_id=case_id, read_at__isnull=True
    ).update(read_at=now or timezone.now())
