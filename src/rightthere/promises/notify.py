"""Mail to staff (reminders, escalations), sent by the worker after commit."""

from django.db import transaction
from django_tasks import task

from rightthere.accounts.models import User
from rightthere.outbox.staff import send_staff_mail_now


@task()
def send_staff_mail(to: str, subject: str, text: str) -> str:
    return send_staff_mail_now(to, subject, text)


def notify_staff(user: User, *, subject: str, text: str) -> bool:
    if not user.email:
        return False
    transaction.on_commit(lambda: send_staff_mail.enqueue(user.email, subject, text))
    return True
