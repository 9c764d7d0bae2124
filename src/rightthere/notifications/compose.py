"""The text of a notification mail: one at once, or the day's digest. Written in the
active language: the worker runs each task in the business's (`rightthere worker`)."""

from collections.abc import Sequence
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from rightthere.core.public_links import base_url
from rightthere.notifications.models import Notification


def _link(path: str) -> str:
    return f"{base_url()}{path}"


def _footer() -> str:
    return gettext("You get this because of your notification settings; change them at %(url)s") % {
        "url": _link(reverse("notification_settings"))
    }


def one_mail(notification: Notification) -> tuple[str, str]:
    """Subject and text of the mail for one notification."""
    text = f"{notification.text}\n\n{_link(notification.url)}\n\n-- \n{_footer()}\n"
    return notification.text, text


def digest_mail(day: date, notifications: Sequence[Notification]) -> tuple[str, str]:
    """Subject and text of a day's digest: each unread notification, oldest first."""
    count = len(notifications)
    subject = ngettext(
        "Rightthere: %(count)s unread notification (%(day)s)",
        "Rightthere: %(count)s unread notifications (%(day)s)",
        count,
    ) % {"count": count, "day": date_format(day, "D d M")}
    lines = [
        f"{date_format(timezone.localtime(n.created_at), 'D H:i')}  {n.text}\n    {_link(n.url)}"
        for n in notifications
    ]
    body = "\n".join(lines)
    still = gettext("Still unread on %(day)s:") % {"day": date_format(day, "l d F")}
    every = gettext("All of them: %(url)s") % {"url": _link(reverse("notification_list"))}
    text = f"{still}\n\n{body}\n\n{every}\n\n-- \n{_footer()}\n"
    return subject, text
