"""Mail to staff (reminders, escalations), sent by the worker after commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from rightthere.accounts.models import User


@task()
def send_staff_mail(to: str, subject: str, text: str) -> str:
    if not settings.RIGHTTHERE.get("SEND_MAIL"):
        return "held"
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    return "sent"


def notify_staff(user: User, *, subject: str, text: str) -> bool:
    if not user.email:
        return False
    transaction.on_commit(lambda: send_staff_mail.enqueue(user.email, subject, text))
    return True
