"""Opening a case, whichever door it comes through (phone, web form, API, mail, review)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks import task

from rightthere.accounts.models import Team, User
from rightthere.cases import actions as case_actions
from rightthere.cases.actions import NewAttachment, OpenedCase
from rightthere.cases.business_hours import next_opening
from rightthere.cases.models import Case, CaseEvent, Channel, Direction, Kind, Message, Priority
from rightthere.checklists.actions import apply_default_template
from rightthere.core.errors import CustomerExists
from rightthere.core.tasks import enqueue_on_commit
from rightthere.customers import phones
from rightthere.customers.access import visible_customers
from rightthere.customers.actions import create_customer
from rightthere.customers.duplicates import existing_customer
from rightthere.customers.models import Contact, Customer, CustomerKind
from rightthere.desk import triggers
from rightthere.desk.reactions import ReadMessage, act_on_note, read_first_message
from rightthere.insights.routing import route_new_case, starts_work_at
from rightthere.notifications.actions import case_assigned
from rightthere.outbox import acknowledgement
from rightthere.outbox.delivery import send_automatic_message
from rightthere.portal.links import status_path
from rightthere.promises.actions import first_response_promise
from rightthere.recovery.actions import start_recovery_of_new_case
from rightthere.recovery.models import StartedBy
from rightthere.sms.models import SmsKind
from rightthere.sms.sending import can_text, queue_sms
from rightthere.webhooks import events as webhooks


class _FirstEvents:
    """What opening adds to the case's first INSERT of events (`create_case`'s
    `more_events`): a customer's first message read (and a raise it asks for), then the
    first-answer promise, made for the due time the case ends up with."""

    def __init__(self, *, read_message: bool, complaint: bool) -> None:
        self.read_message = read_message
        self.complaint = complaint
        self.read: ReadMessage | None = None

    def __call__(self, case: Case, first_message: Message | None, now: datetime) -> list[CaseEvent]:
        events: list[CaseEvent] = []
        if self.read_message and first_message is not None:
            self.read = read_first_message(case, first_message, at=now)
            events.extend(self.read.events)
        promised = first_response_promise(case, now=now)
        if promised is not None:
            events.append(promised.event)
        if self.complaint:  # on the recovery playbook from the start
            events.append(start_recovery_of_new_case(case, started_by=StartedBy.KIND))
        return events


# savepoint=False: a door that opens a case inside its own transaction (mail intake, the
# web form, the New case form, a review) rolls back as a whole on an error, and none of
# them goes on after one inside it; a savepoint here cost two statements per case.
@transaction.atomic(savepoint=False)
def open_case_with_message(
    *,
    actor: User | None,
    subject: str,
    customer: Customer,
    contact: Contact | None = None,
    channel: str = Channel.PHONE,
    kind: str = Kind.QUESTION,
    priority: str = Priority.NORMAL,
    assignee: User | None = None,
    team: Team | None = None,
    tags: Iterable[str] = (),
    body_text: str = "",
    body_html: str = "",
    direction: str = Direction.INBOUND,
    attachments: Sequence[NewAttachment] = (),
    opened_at: datetime | None = None,
) -> OpenedCase:
    """Open a case with its first message, and everything that comes with a new case.

    In order: the team and the person from the routing rules (unless given); the case,
    its first message and events, with the first-answer promise and (for a complaint)
    the start of the recovery playbook in the same INSERT, a customer's first message
    read for upset with them (a raise it asks for is written before the promise is
    made); the default checklist; the people told of an upset customer; then the
    `case.opened` webhook is stored; last, the owners' automation rules for a new case
    run (`desk.automation`).
    Acknowledging the customer is the door's choice (mail and the web form do,
    with `acknowledge_new_case`). A person given the case by the rules is told.
    """
    route = route_new_case(
        channel=channel, kind=kind, customer=customer, at=opened_at or timezone.now(),
        pick_person=assignee is None,
    )  # fmt: skip
    opened = case_actions.create_case(
        actor=actor,
        subject=subject,
        customer=customer,
        contact=contact,
        channel=channel,
        kind=kind,
        priority=priority,
        assignee=assignee or route.person,
        team=team or route.team,
        tags=tags,
        body_text=body_text,
        body_html=body_html,
        direction=direction,
        attachments=attachments,
        opened_at=opened_at,
        more_events=(
            first_events := _FirstEvents(
                read_message=direction == Direction.INBOUND, complaint=kind == Kind.COMPLAINT
            )
        ),
    )
    case, first_message = opened.case, opened.first_message
    if route.person is not None and assignee is None:
        case_assigned(case, actor=None)
    apply_default_template(case, at=case.created_at)
    if first_events.read is not None:
        act_on_note(case, first_events.read.noted, actor=actor)
    webhooks.case_opened(case, first_message, actor=actor)
    triggers.case_opened(case, first_message)
    return opened


def acknowledge_new_case(
    case: Case, *, thread: tuple[str, list[str]] | None = None, status_path: str | None = None
) -> Message | None:
    """Tell the customer at once who has their request and by when; when that person
    is not at work now, also when they will pick it up (`outbox.acknowledgement`).
    `status_path`: the case's status link, when the door made it (to show it too)."""
    now = timezone.now()
    back = starts_work_at(case.assignee, now) if case.assignee is not None else None
    later = back if back is not None and back > now else None
    return acknowledgement.acknowledge_new_case(
        case,
        thread=thread,
        picks_up_at=later,
        when_we_open=later == next_opening(now),
        status_path=status_path,
    )


def acknowledge_new_case_later(case: Case) -> None:
    """`acknowledge_new_case` by the worker, once the transaction that opened the case
    commits (the task row is written in it: the case and its acknowledgement stand or
    fall together). For the contact form, where the customer waits for the page: writing
    the message and its mail (two templates, six statements) is not their wait. The
    acknowledgement is the same: the customer's language, who has it by when, the status
    link the form's page showed them; mailed by the worker as before."""
    enqueue_on_commit(acknowledge_opened_case, case.pk)


@task()
def acknowledge_opened_case(case_id: int) -> str:
    """The worker's half of `acknowledge_new_case_later`. Idempotent, as every task is
    (a worker stopped after the commit has its task run again, `jobs.periodic`): under
    the case's lock, a case with an automatic message out already is not acknowledged
    again, and one a person has answered meanwhile is not told who will answer it."""
    with transaction.atomic():
        # What the acknowledgement reads, in one statement; no first(): its ORDER BY took
        # a tenth of the task's Python for a lookup by key.
        found = list(
            Case.objects.select_for_update(of=("self",))
            .select_related("customer", "contact", "assignee")
            .filter(pk=case_id)
        )
        if not found:
            return "gone"
        case = found[0]
        if case.first_responded_at is not None:
            return "answered already"
        if case.messages.filter(direction=Direction.OUTBOUND, automatic=True).exists():
            return "acknowledged already"
        # A case opened without a mail has none to thread to (the contact form's).
        message = acknowledge_new_case(case, thread=("", []), status_path=status_path(case))
    return "acknowledged" if message is not None else "nobody to write to"


def acknowledge_by_text(case: Case) -> Message | None:
    """A customer we can reach only by phone (a call taken on the New case form, a case
    opened through the API) is told by text (SMS) who has their request, by when, and
    their status link: the message is on the case, the worker sends the text. Nothing
    when they have an e-mail address (mail acknowledges: `acknowledge_new_case`) or no
    mobile number that may be texted."""
    contact = case.contact
    if contact is None or contact.email or case.first_response_due is None:
        return None
    if not can_text(contact):
        return None
    now = timezone.now()
    back = starts_work_at(case.assignee, now) if case.assignee is not None else None
    later = back if back is not None and back > now else None
    text = acknowledgement.text_acknowledgement(
        case, picks_up_at=later, when_we_open=later == next_opening(now)
    )
    # Only now a transaction: most cases (an e-mail address, no SMS) write nothing here.
    with transaction.atomic():
        message = send_automatic_message(case, body_text=text)
        queue_sms(message, kind=SmsKind.ACKNOWLEDGEMENT, body=text)
    return message


def open_case(**fields: Any) -> Case:
    """`open_case_with_message` when the caller needs only the case."""
    return open_case_with_message(**fields).case


@dataclass(frozen=True)
class NewCustomer:
    """A caller who is not (yet) a customer: who they are and how to reach them."""

    name: str
    kind: str = CustomerKind.PERSON
    internal: bool = False
    email: str = ""
    phone: str = ""
    address: str = ""
    language: str = ""
    contact_name: str = ""  # the first contact's name; "" for the customer's own
    account_owner: User | None = None


def check_new_customer(
    new: NewCustomer, *, actor: User | None, allow_duplicate: bool = False
) -> None:
    """Refuse (`CustomerExists`, naming them) a new customer whose e-mail or phone
    number, exactly after normalising, is an existing customer's the actor may see,
    unless `allow_duplicate`. Only reads: a door may call it before its transaction."""
    if allow_duplicate or not (new.email or new.phone):
        return
    within = visible_customers(actor) if actor is not None else Customer.objects.all()
    existing = existing_customer(email=new.email, phone=new.phone, within=within)
    if existing is None:
        return
    values = {"name": existing.name, "count": existing.open_cases}
    if existing.matched_by == "email":
        message = ngettext(
            "This looks like %(name)s (%(count)s open case): the same e-mail address.",
            "This looks like %(name)s (%(count)s open cases): the same e-mail address.",
            existing.open_cases,
        )
    else:
        message = ngettext(
            "This looks like %(name)s (%(count)s open case): the same phone number.",
            "This looks like %(name)s (%(count)s open cases): the same phone number.",
            existing.open_cases,
        )
    raise CustomerExists(message % values, existing)


def open_case_for_new_customer(
    *, new_customer: NewCustomer, allow_duplicate_customer: bool = False, **fields: Any
) -> Case:
    """Open a case for a caller who is not picked from the customers: refused with
    `CustomerExists` when their e-mail or phone number is a known customer's (nothing is
    written; `allow_duplicate_customer` creates the new one anyway), else the customer
    and their first contact are created and the case opened for them, in one
    transaction. `fields` are `open_case_with_message`'s, less the customer and contact.
    A phone number that is none is refused (InvalidInput) before anything is written."""
    new_customer = replace(new_customer, phone=phones.normalise(new_customer.phone))
    check_new_customer(
        new_customer, actor=fields.get("actor"), allow_duplicate=allow_duplicate_customer
    )
    with transaction.atomic(savepoint=False):
        customer = create_customer(
            name=new_customer.name,
            kind=new_customer.kind,
            internal=new_customer.internal,
            account_owner=new_customer.account_owner,
            address=new_customer.address,
            language=new_customer.language,
            contact_name=new_customer.contact_name or new_customer.name,
            contact_email=new_customer.email,
            contact_phone=new_customer.phone,
        )
        contact = customer.contacts.first()
        return open_case(customer=customer, contact=contact, **fields)
