"""The instant acknowledgement of a new case: a person and a date, never "we'll get back to you"."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from rightthere.cases.models import Case, Message
from rightthere.outbox.compose import KnownMail, mail_known
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import status_url
from rightthere.portal.status import handler_name


@transaction.atomic(savepoint=False)
def acknowledge_new_case(
    case: Case, *, thread: tuple[str, list[str]] | None = None
) -> Message | None:
    """Tell the customer we have their request, who handles it and by when.

    Called in the transaction that opened the case (mail intake, the web form).

    Skipped when there is no e-mail address to write to; the web form shows the
    same information on screen. The status link, the message and its e-mail are
    stored in one transaction (the caller's, when there is one). `thread` is the
    mail's In-Reply-To and References when the caller knows them (mail intake
    does: the mail that opened the case), else they are looked up.
    """
    if case.contact is None or not case.contact.email or case.first_response_due is None:
        return None
    who = handler_name(case)
    link = status_url(case, settings.RIGHTTHERE["BASE_URL"], new_case=True)
    text = render_to_string(
        "outbox/acknowledgement.txt",
        {
            "case": case,
            "first_name": case.contact.name.split(" ")[0] if case.contact.name else "",
            "who": who[:1].upper() + who[1:],
            "due": timezone.localtime(case.first_response_due),
            "status_url": link,
        },
    ).strip()
    with mail_known(KnownMail(case.pk, link, thread)):
        return send_automatic_message(case, body_text=text, locked=True)  # opened just now
