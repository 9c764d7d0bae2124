"""Calendar invites (.ics) for visits, and the customer messages that carry them.

Field drafts the message (a `VisitNotice`: the visit, its text and who it is
from); the desk sends it with the invite attached (`rightthere.desk.visit_notices`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from icalendar import Calendar, Event, vCalAddress, vText

from rightthere.accounts.models import User
from rightthere.accounts.profile import business_name
from rightthere.cases.access import can_work_on
from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Attachment, Case, Message
from rightthere.core import spoken
from rightthere.customers.language import speaking_to_case
from rightthere.field.models import Visit, VisitStatus

ICS_TYPE = "text/calendar"


def invite_filename(visit: Visit) -> str:
    return f"visit-{visit.pk}.ics"


def new_calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Rightthere//Field service//EN")
    calendar.add("version", "2.0")
    return calendar


def visit_event(visit: Visit, *, cancel: bool = False) -> Event:
    """The visit as a calendar event: when, where and its state, under one UID whichever
    calendar carries it (the customer's invite, the technician's feed)."""
    _, from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = from_address.rpartition("@")[2] or "rightthere.invalid"
    event = Event()
    event.add("uid", f"visit-{visit.pk}@{domain}")
    event.add("sequence", visit.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", visit.starts_at.astimezone(UTC))
    event.add("dtend", visit.ends_at.astimezone(UTC))
    if visit.address:
        event.add("location", visit.address)
    if cancel:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED" if visit.status != VisitStatus.TENTATIVE else "TENTATIVE")
    return event


def visit_invite(visit: Visit, *, cancel: bool = False) -> bytes:
    """An iCalendar REQUEST (or CANCEL) for the visit; SEQUENCE makes a move replace it."""
    _, from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    calendar = new_calendar()
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = visit_event(visit, cancel=cancel)
    with in_customer_language(visit):  # the invite's words are the customer's
        business = business_name()
        summary = gettext("%(business)s: visit for %(reference)s") % {
            "business": business, "reference": visit.case.reference
        }  # fmt: skip
        with_whom = gettext("With %(who)s.") % {"who": who_comes(visit)}
    event.add("summary", summary)
    event.add("description", f"{visit.case.subject}\n{with_whom}")
    if from_address:
        organizer = vCalAddress(f"mailto:{from_address}")
        organizer.params["cn"] = vText(business)
        event["organizer"] = organizer
    contact = visit.case.contact
    if contact is not None and contact.email:
        attendee = vCalAddress(f"mailto:{contact.email}")
        attendee.params["cn"] = vText(contact.name or contact.email)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return calendar.to_ical()


def author(actor: User | None, visit: Visit) -> User | None:
    """Who a message about the visit (or its promise) is from: the actor, when they may
    work on the case; a partner's user or a technician may book on a case they do not
    hold, and the message then goes out from the desk itself (None)."""
    return author_on(actor, visit.case)


def author_on(actor: User | None, case: Case) -> User | None:
    return actor if actor is not None and can_work_on(actor, case) else None


@dataclass(frozen=True)
class VisitNotice:
    """A message for the customer about a visit, drafted by field: the desk sends
    `text` from `author` with `invite()` attached."""

    visit: Visit
    text: str
    author: User | None
    cancel: bool = False  # the invite takes the visit off the customer's calendar

    def invite(self) -> NewAttachment:
        """The visit's calendar invite as it stands when it is sent."""
        content = visit_invite(self.visit, cancel=self.cancel)
        return NewAttachment(invite_filename(self.visit), content, ICS_TYPE)


def notice(visit: Visit, *, actor: User | None, text: str, cancel: bool = False) -> VisitNotice:
    return VisitNotice(visit=visit, text=text, author=author(actor, visit), cancel=cancel)


def attach_invite(message: Message, visit: Visit) -> Attachment:
    """Add the invite to a message written elsewhere (a renegotiated promise) before it is
    sent: the outbox reads a message's attachments when it sends, after commit."""
    content = visit_invite(visit)
    attachment = Attachment(
        message=message,
        filename=invite_filename(visit),
        content_type=ICS_TYPE,
        size=len(content),
    )
    attachment.file.save(invite_filename(visit), ContentFile(content), save=False)
    attachment.save()
    return attachment


def who_comes(visit: Visit) -> str:
    """Who comes, in the customer's words: the technician's name, or "a technician from"
    the partner company (the desk's own label, "Fixit (partner)", stays inside)."""
    if visit.technician is None and visit.partner is not None:
        return gettext("a technician from %(partner)s") % {"partner": visit.partner.name}
    return visit.doer_name


def greeting(visit: Visit) -> str:
    return greeting_for(visit.case)


def greeting_for(case: Case) -> str:
    contact = case.contact
    first = contact.name.split(" ")[0] if contact and contact.name else ""
    return gettext("Hello %(first_name)s,") % {"first_name": first} if first else gettext("Hello,")


def slot_text(visit: Visit) -> str:
    start = date_format(
        timezone.localtime(visit.starts_at), pgettext("date format", "l d F Y, H:i")
    )
    return f"{start}–{spoken.clock_padded(visit.ends_at)}"


@contextmanager
def in_customer_language(visit: Visit) -> Iterator[str]:
    """Within this block, a message to the visit's customer is drafted in their language."""
    with speaking_to_case(visit.case) as language:
        yield language
