"""What the customer reported, for the technician going to the visit: the first message
the customer wrote on the case, its start shown and the rest behind "more"."""

from dataclasses import dataclass

from django.utils.html import strip_tags

from rightthere.cases.models import Direction, Message
from rightthere.field.models import Visit

# About three lines on a phone; the rest is a tap away.
SHORT = 280


@dataclass(frozen=True)
class Reported:
    start: str
    rest: str  # empty when the whole message fits


def first_report(visit: Visit) -> Reported | None:
    """The customer's first message on the visit's case (plain text: the page escapes it),
    cut at a word near SHORT characters; None when the customer wrote nothing (a phone
    case typed in as a note, say)."""
    message = (
        Message.objects.filter(case_id=visit.case_id, direction=Direction.INBOUND, automatic=False)
        .order_by("created_at", "id")
        .only("body_text", "body_html")
        .first()
    )
    if message is None:
        return None
    text = (message.body_text or strip_tags(message.body_html)).strip()
    if not text:
        return None
    if len(text) <= SHORT:
        return Reported(text, "")
    cut = text.rfind(" ", 0, SHORT)
    cut = cut if cut > SHORT // 2 else SHORT
    return Reported(text[:cut].rstrip(), text[cut:].lstrip())
