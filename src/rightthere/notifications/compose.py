"""The text of a notification mail: one at once, or the day's digest."""

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rightthere.notifications.models import Notification


def _link(path: str) -> str:
    return f"{settings.RIGHTTHERE['BASE_URL']}{path}"


def _footer() -> str:
    return (
        "You get this because of your notification settings; change them at "
        f"{_link(reverse('notification_settings'))}"
    )


def one_mail(notification: Notification) -> tuple[str, str]:
    """Subject and text of the mail for one notification."""
    text = f"{notification.text}\n\n{_link(notification.url)}\n\n-- \n{_footer()}\n"
    return notification.text, text


def digest_mail(day: date, notifications: Sequence[Notification]) -> tuple[str, str]:
    """Subject and text of a day's digest: each unread notification, oldest first."""
    count = len(notifications)
    subject = f"Rightthere: {count} unread notification{'s' if count != 1 else ''} ({day:%a %d %b})"
    lines = [
        f"{timezone.localtime(n.created_at):%a %H:%M}  {n.text}\n    {_link(n.url)}"
        for n in notifications
    ]
    body = "\n".join(lines)
    text = (
        f"Still unread on {day:%A %d %B}:\n\n{body}\n\n"
        f"All of them: {_link(reverse('notification_list'))}\n\n-- \n{_footer()}\n"
    )
    return subject, text
