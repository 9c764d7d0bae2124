"""Building the e-mail for a message: subject with the reference, threading headers,
plain text with an HTML alternative, and the status-page link."""

import secrets

from django.conf import settings
from django.template.loader import render_to_string

from rightthere.cases.models import Case, Message
from rightthere.portal.links import status_url


def mail_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"


def new_message_id(case: Case) -> str:
    return f"<rt.{case.pk}.{secrets.token_hex(8)}@{mail_domain()}>"


def subject_for(case: Case) -> str:
    subject = case.subject
    tag = f"[{case.reference}]"
    return subject if tag in subject else f"{subject} {tag}"


def render_bodies(case: Case, message: Message) -> tuple[str, str]:
    context = {
        "case": case,
        "message": message,
        "status_url": status_url(case, settings.RIGHTTHERE["BASE_URL"]),
        "business_name": settings.RIGHTTHERE["BUSINESS_NAME"],
        "signature": message.author.first_name if message.author else "",
    }
    return (
        render_to_string("outbox/mail.txt", context).strip() + "\n",
        render_to_string("outbox/mail.html", context),
    )
