"""A case with one of everything that can point to a case."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from rightthere.cases.models import Direction, Kind
from rightthere.checklists.actions import add_item
from rightthere.desk import casework
from rightthere.desk import messages as desk_messages
from rightthere.field.models import Part, Vendor, Visit
from rightthere.field.parts import order_part
from rightthere.mail import ingest
from rightthere.mail.models import Source
from rightthere.portal.links import live_link
from rightthere.reviews.models import Review
from tests.mail.mails import make_mail


def full_case(contact, agent, *, message_id="first@example.com"):
    """A complaint that came by e-mail with a photo, was acknowledged and answered
    (three messages), and has a review, a checklist step, a part order, a visit
    and a status link: every relation a merge must move or keep."""
    inbound = ingest.ingest(
        make_mail(
            sender=f"Ada Byron <{contact.email}>",
            subject="Boiler bangs every night",
            body="The boiler bangs every night around two.",
            message_id=message_id,
            attachments=[("boiler.jpg", "image/jpeg", b"\xff\xd8 photo")],
        ),
        Source.IMAP,
    )
    case = inbound.case
    casework.change_kind(case, actor=agent, kind=Kind.COMPLAINT)  # starts the recovery
    desk_messages.add_message(
        case, actor=agent, direction=Direction.OUTBOUND, body_text="Tom comes on Thursday."
    )
    add_item(case, actor=agent, text="Check the pressure valve")
    vendor = Vendor.objects.create(name="Valves & Co")
    part = Part.objects.create(sku="V-22", name="Valve", vendor=vendor, cost=Decimal("9"))
    order_part(case, actor=agent, part=part)
    start = timezone.now() + timedelta(days=2)
    Visit.objects.create(
        case=case, technician=None, partner=None, starts_at=start,
        ends_at=start + timedelta(hours=1), created_at=timezone.now(), status="confirmed",
    )  # fmt: skip
    Review.objects.create(
        platform="google", external_id="r-1", author="Ada Byron", rating=2, text="Noisy boiler",
        posted_at=timezone.now(), sentiment=-0.4, customer=case.customer, case=case,
        imported_at=timezone.now(),
    )  # fmt: skip
    live_link(case)
    case.refresh_from_db()
    return case
