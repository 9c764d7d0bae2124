"""Calendar invites (.ics) for visits, and the customer messages that carry them.

Field drafts the message (a `VisitNotice`: the visit, its text and who it is
from); the desk sends it with the invite attached (`rightthere.desk.visits`).
"""

from dataclasses import dataclass
from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from rightthere.accounts.models import User
from rightthere.cases.access import can_work_on
from rightthere.cases.actions import NewAttachment
from rightthere.cases.models import Attachment, Message
from rightthere.field.models import Visit, VisitStatus

ICS_TYPE = "text/calendar"


def invite_filename(visit: Visit) -> str:
    return f"visit-{visit.pk}.ics"


def visit_invite(visit: Visit, *, cancel: bool = False) -> bytes:
    """An iCalendar REQUEST (or CANCEL) for the visit; SEQUENCE makes a move replace it."""
    business = settings.RIGHTTHERE["BUSINESS_NAME"]
    _, from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = from_address.rpartition("@")[2] or "rightthere.invalid"
    calendar = Calendar()
    calendar.add("prodid", "-//Rightthere//Field service//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", f"visit-{visit.pk}@{domain}")
    event.add("sequence", visit.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", visit.starts_at.astimezone(UTC))
    event.add("dtend", visit.ends_at.astimezone(UTC))
    event.add("summary", f"{business}: visit for {visit.case.reference}")
    event.add("description", f"{visit.case.subject}\nWith {visit.doer_name}.")
    if visit.address:
        event.add("location", visit.address)
    if cancel:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED" if visit.status != VisitStatus.TENTATIVE else "TENTATIVE")
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
    return actor if actor is not None and can_work_on(actor, visit.case) else None


@dataclass(frozen=True)
class VisitNotice:
    """A message for the customer about a visit, drafted by field: the desk sends
    `text` from `author` with `invite()` attached."""

    visit: Visit
    text: str
    author: User | None

    def invite(self) -> NewAttachment:
        """The visit's calendar invite as it stands when it is sent."""
        return NewAttachment(invite_filename(self.visit), visit_invite(self.visit), ICS_TYPE)


def notice(visit: Visit, *, actor: User | None, text: str) -> VisitNotice:
    return VisitNotice(visit=visit, text=text, author=author(actor, visit))


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


def greeting(visit: Visit) -> str:
    contact = visit.case.contact
    first = contact.name.split(" ")[0] if contact and contact.name else ""
    return f"Hello{' ' + first if first else ''},"


def slot_text(visit: Visit) -> str:
    start, end = timezone.localtime(visit.starts_at), timezone.localtime(visit.ends_at)
    return f"{start:%A %d %B %Y, %H:%M}–{end:%H:%M}"
