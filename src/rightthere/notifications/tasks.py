"""The worker's side of notifications: the mail, after the commit that made them."""

from django.utils import timezone
from django_tasks import task

from rightthere.notifications.compose import digest_mail, one_mail
from rightthere.notifications.models import DigestSent, Notification
from rightthere.outbox.staff import send_staff_mail_now


@task()
def mail_notifications(notification_ids: list[int]) -> str:
    """Mail each notification still unread and not yet mailed to its recipient, once
    (the row is stamped before the mail goes, so a retried task does not send twice)."""
    sent = 0
    rows = Notification.objects.filter(
        pk__in=notification_ids, read_at__isnull=True, mailed_at__isnull=True
    ).select_related("recipient")
    for notification in rows:
        claimed = Notification.objects.filter(pk=notification.pk, mailed_at__isnull=True).update(
            mailed_at=timezone.now()
        )
        if not claimed or not notification.recipient.email:
            continue
        subject, text = one_mail(notification)
        if send_staff_mail_now(notification.recipient.email, subject, text) == "sent":
            sent += 1
    return f"{sent} mailed"


@task()
def mail_digest(digest_id: int) -> str:
    """Mail one recorded digest: the notifications it claimed."""
    digest = DigestSent.objects.select_related("user").get(pk=digest_id)
    rows = list(
        Notification.objects.filter(recipient=digest.user, digest=digest).order_by(
            "created_at", "id"
        )
    )
    if not rows or not digest.user.email:
        return "nothing to mail"
    subject, text = digest_mail(digest.day, rows)
    return send_staff_mail_now(digest.user.email, subject, text)
