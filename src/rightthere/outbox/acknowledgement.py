"""The instant acknowledgement of a new case: a person and a date, never "we'll get back to you"."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from rightthere.cases import actions
from rightthere.cases.models import Case, Direction, Message
from rightthere.portal.links import status_url
from rightthere.portal.status import handler_name


def acknowledge_new_case(case: Case) -> Message | None:
    """Tell the customer we have their request, who handles it and by when.

    Skipped when there is no e-mail address to write to; the web form shows the
    same information on screen.
    """
    if case.contact is None or not case.contact.email or case.first_response_due is None:
        return None
    who = handler_name(case)
    text = render_to_string(
        "outbox/acknowledgement.txt",
        {
            "case": case,
            "first_name": case.contact.name.split(" ")[0] if case.contact.name else "",
            "who": who[:1].upper() + who[1:],
            "due": timezone.localtime(case.first_response_due),
            "status_url": status_url(case, settings.RIGHTTHERE["BASE_URL"]),
        },
    ).strip()
    return actions.add_message(
        case, actor=None, direction=Direction.OUTBOUND, body_text=text, automatic=True
    )
