"""What customers do without an account: write through the web form, reply on the status page."""

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Case, Channel, Direction, Kind, Message
from rightthere.core.errors import InvalidInput
from rightthere.customers.actions import contact_for_sender
from rightthere.desk.messages import add_customer_message
from rightthere.desk.opening import open_case
from rightthere.outbox.acknowledgement import acknowledge_new_case
from rightthere.portal.models import FormSubmission


class TooManySubmissions(InvalidInput):
    code = "rate_limited"
    http_status = 429


def _limits() -> tuple[int, timedelta]:
    conf = settings.RIGHTTHERE
    return conf.get("WEB_FORM_MAX_PER_IP", 5), timedelta(
        minutes=conf.get("WEB_FORM_WINDOW_MINUTES", 15)
    )


def check_rate_limit(ip_address: str) -> None:
    """Refuse a flood from one address; each attempt is recorded either way."""
    limit, window = _limits()
    recent = FormSubmission.objects.filter(
        ip_address=ip_address, created_at__gte=timezone.now() - window, accepted=True
    ).count()
    if recent >= limit:
        FormSubmission.objects.create(ip_address=ip_address, accepted=False)
        raise TooManySubmissions(
            "We have received several messages from your network in the last few minutes. "
            "Please wait a little and try again — nothing you sent before is lost."
        )


def submit_web_form(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    ip_address: str,
    attachments: Sequence[NewAttachment] = (),
) -> Case:
    """Open a case from the public form, for a known or new customer."""
    check_rate_limit(ip_address)  # outside the transaction: a refusal is recorded too
    with transaction.atomic():
        contact = contact_for_sender(name=name, email=email)
        case = open_case(
            actor=None,
            subject=subject,
            customer=contact.customer,
            contact=contact,
            channel=Channel.WEB,
            kind=Kind.REQUEST,
            body_text=message,
            direction=Direction.INBOUND,
            attachments=attachments,
        )
        FormSubmission.objects.create(ip_address=ip_address)
        acknowledge_new_case(case, thread=("", []))  # a web-form case has no mail yet
    return case


def customer_reply(case: Case, *, text: str, attachments: Sequence[NewAttachment] = ()) -> Message:
    """The customer answers on their status page: a message from their contact."""
    return add_customer_message(
        case,
        actor=None,
        body_text=text,
        author_contact=case.contact,
        attachments=attachments,
    )
