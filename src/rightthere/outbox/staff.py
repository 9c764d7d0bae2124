"""Mail to members of staff (reminders, escalations, notifications): plain text through
Django's mail framework, held when the desk sends no mail (no SMTP set up)."""

from django.conf import settings
from django.core.mail import send_mail


def send_staff_mail_now(to: str, subject: str, text: str) -> str:
    """Send one mail to a member of staff: "sent", or "held" when mail is off."""
    if not settings.RIGHTTHERE.get("SEND_MAIL"):
        return "held"
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    return "sent"
