"""What a signed-in customer sees on "All my requests": every case asked from their
address (and, when the owner allows it, their organisation's), each told as its status
page tells it (`portal.status`): status, who has it, the next step and its date, the
visit, what we promised and by when, and the visit times to choose from. Acting on a
case (reply, rating, options, visit times) happens on its own status page, through the
same views and use cases."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from rightthere.cases.models import Case, Direction, Status
from rightthere.customers.language import speaking_to
from rightthere.customers.models import Contact, Customer, CustomerKind
from rightthere.portal.links import live_link, token_of
from rightthere.portal.setup import organisation_sharing
from rightthere.portal.status import (
    BookedVisit,
    CustomerStatus,
    VisitChoice,
    booked_visit,
    customer_status,
    visit_choice,
)
from rightthere.promises.models import Promise, PromiseState

FINISHED = (Status.SOLVED, Status.CLOSED)
EARLIER_SHOWN = 20


@dataclass(frozen=True)
class RequestCard:
    case: Case
    status: CustomerStatus
    visit: BookedVisit | None
    choice: VisitChoice | None
    promises: list[Promise]
    token: str  # the case's status-page token (its own requests only), else ""
    asked_by: str  # a colleague's name, on an organisation's request
    finished: bool


@dataclass
class MyRequests:
    email: str
    name: str
    organisation: str  # the organisation whose requests are shared with them, if any
    open: list[RequestCard] = field(default_factory=list)
    earlier: list[RequestCard] = field(default_factory=list)
    more_earlier: int = 0


def contacts_for(email: str) -> QuerySet[Contact]:
    return Contact.objects.filter(email__iexact=email).select_related("customer")


def contact_for(email: str) -> Contact | None:
    """The contact an address belongs to (its first), for the language they read."""
    return contacts_for(email).order_by("pk").first()


@contextmanager
def speaking_to_address(email: str) -> Iterator[str]:
    """Within this block, words and dates are in the language of the address's contact
    (else their customer's, else the business's)."""
    contact = contact_for(email)
    with speaking_to(contact.customer if contact is not None else None, contact) as language:
        yield language


def _shared_organisations(contacts: QuerySet[Contact]) -> QuerySet[Customer]:
    return Customer.objects.filter(
        kind=CustomerKind.ORGANISATION, contacts__in=contacts, internal=False
    ).distinct()


def visible_cases(email: str) -> QuerySet[Case]:
    """The cases this address may see: its own, and its organisations' when shared."""
    contacts = contacts_for(email)
    seen = Q(contact__in=contacts)
    if organisation_sharing():
        seen |= Q(customer__in=_shared_organisations(contacts))
    return Case.objects.filter(seen, merged_into__isnull=True).select_related(
        "contact", "customer", "assignee"
    )


def is_own(case: Case, email: str) -> bool:
    return case.contact is not None and case.contact.email.lower() == email.lower()


def _promises(case: Case) -> list[Promise]:
    """What we promised the customer and have not yet done, soonest first (a promise
    typed with an internal note is the team's own reminder and stays inside; a visit's
    promise is told as the visit)."""
    return list(
        case.promises.filter(state=PromiseState.OPEN)
        .exclude(message__direction=Direction.NOTE)
        .order_by("due_at", "id")
    )


def _card(case: Case, email: str, now: datetime) -> RequestCard:
    own = is_own(case, email)
    visit = booked_visit(case, now)
    finished = case.status in FINISHED
    promises = [] if finished else _promises(case)
    if promises and case.status != Status.WAITING_CUSTOMER:
        promises = promises[1:]  # the soonest is the next step already (customer_status)
    status = customer_status(case, visit)
    if finished:  # the status page's words point to its reply box, which is not here
        status = replace(status, next_step=_(
            "Nothing more to do. If something is still not right, open it and reply: we "
            "reopen it."
        ))  # fmt: skip
    return RequestCard(
        case=case,
        status=status,
        visit=visit,
        # A colleague's visit is theirs to choose: shown, not offered here.
        choice=visit_choice(case, visit, now=now) if own else None,
        promises=promises,
        token=token_of(live_link(case)) if own else "",
        asked_by="" if own else (case.contact.name if case.contact else "a colleague"),
        finished=finished,
    )


def my_requests(email: str, now: datetime | None = None) -> MyRequests:
    now = now or timezone.now()
    contacts = list(contacts_for(email))
    shared = organisation_sharing() and any(
        c.customer.kind == CustomerKind.ORGANISATION and not c.customer.internal for c in contacts
    )
    organisation = next(
        (c.customer.name for c in contacts if c.customer.kind == CustomerKind.ORGANISATION), ""
    )
    page = MyRequests(
        email=email,
        name=next((c.name for c in contacts if c.name), ""),
        organisation=organisation if shared else "",
    )
    cases = visible_cases(email)
    for case in cases.exclude(status__in=FINISHED).order_by("-updated_at", "-id"):
        page.open.append(_card(case, email, now))
    finished = cases.filter(status__in=FINISHED).order_by("-updated_at", "-id")
    for case in finished[:EARLIER_SHOWN]:
        page.earlier.append(_card(case, email, now))
    if len(page.earlier) == EARLIER_SHOWN:
        page.more_earlier = finished.count() - EARLIER_SHOWN
    return page
